import type { Rect } from '../image/types.js';
import type { TrackerOptionValues } from '../track/multi-tracker.js';
import type { TrackerMethod } from '../track/types.js';
import { fitCanvas, paintBoxes, type OverlayView } from './box-painter.js';
import { FrameStreamReader, type FrameStreamStats } from './frame-stream-reader.js';
import type { EngineFrame } from './tracking-engine.js';
import { TrackingPipeline, type PipelineFrame, type ProbabilityPatch } from './tracking-pipeline.js';

/** Messages from the page to the tracking worker (applied in order). */
export type TrackingWorkerRequest =
  | { t: 'add'; id: number; rect: Rect }
  | { t: 'remove'; id: number }
  | { t: 'clear' }
  | { t: 'method'; method: TrackerMethod }
  /** The trackers' options (checked on the page already). */
  | { t: 'options'; options: TrackerOptionValues }
  | { t: 'frame'; seq: number; frame: VideoFrame; width: number; height: number; timestamp: number; probability: boolean }
  /** Read frames from this stream (a MediaStreamTrackProcessor's readable, transferred) until `unstream` or its end; answers with `stream-frame`. */
  | { t: 'stream'; gen: number; readable: ReadableStream<VideoFrame>; probability: boolean }
  | { t: 'unstream' }
  /** Whether `stream-frame` answers carry the probability maps. */
  | { t: 'probability'; on: boolean }
  /**
   * Draw the boxes on this canvas (transferred once, from `transferControlToOffscreen`) after
   * every tracked frame; later messages without `canvas` update the view (size, colours, labels).
   */
  | { t: 'overlay'; canvas?: OffscreenCanvas; view: OverlayView }
  /** Stop drawing and forget the canvas. */
  | { t: 'overlay-off' }
  /** Answered with `pong` as soon as the worker is free (liveness check while streaming). */
  | { t: 'ping' }
  /** Answered with `flushed` once every message sent before it has been applied. */
  | { t: 'flush'; n: number }
  /** Commands applied together, with no frame between them. */
  | { t: 'batch'; list: TrackingWorkerRequest[] };

/** One frame of a stream, tracked in the worker: every target's result in one message. */
export interface StreamFrameReply {
  t: 'stream-frame';
  /** The `gen` of the `stream` request. */
  gen: number;
  /** Index of the frame in the stream (frames read since it started, skipped ones included). */
  frame: number;
  /** The frame's size (its visible rect). */
  width: number;
  height: number;
  /** When the worker read the frame: `performance.timeOrigin + performance.now()` there, ms. */
  readAt: number;
  /** The stream's counters so far. */
  stats: FrameStreamStats;
  result: EngineFrame;
}

/** Messages from the tracking worker to the page. */
export type TrackingWorkerReply =
  | { t: 'ready' }
  | { t: 'pong' }
  | { t: 'flushed'; n: number }
  | { t: 'frame'; seq: number; result: EngineFrame | null }
  | StreamFrameReply
  | { t: 'error'; seq?: number; message: string };

interface Scope {
  onmessage: ((ev: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

/**
 * Serves `<modeseek-tracker>`'s tracking in a worker: a `TrackingPipeline` fed with the
 * `VideoFrame`s the page transfers one by one (`frame`, closed once read), or read here from a
 * transferred stream of frames (`stream`: the page then does nothing per frame but receive
 * the results). Commands and frames apply one at a time, in order. While a stream frame is
 * tracked, only the newest arriving frame waits; older ones are closed and counted as skipped
 * (`FrameStreamReader`).
 */
export function serveTrackingWorker(scope: Scope): void {
  const pipeline = new TrackingPipeline();
  const patches: ProbabilityPatch[] = [];
  let queue: Promise<void> = Promise.resolve();
  let reader: FrameStreamReader<VideoFrame> | null = null;
  let streamProbability = false;
  let overlay: { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D; view: OverlayView } | null = null;

  /** Draws the frame's results on the page's canvas, if it gave one (nothing drawn: cleared). */
  const paint = (r: PipelineFrame | null, frameW: number, frameH: number) => {
    if (!overlay) return;
    paintBoxes(overlay.ctx, overlay.view, frameW, frameH, r ? r.results : [], pipeline.method === 'camshift');
  };

  const pack = (r: PipelineFrame, probabilityWanted: boolean, transfer: Transferable[]): EngineFrame => {
    const probability: ProbabilityPatch[] = [];
    if (probabilityWanted) {
      // copy each patch out of the frame-sized map (only while the page shows it)
      for (const p of pipeline.probability(patches)) {
        const { width: w, height: h } = p.rect, data = new Uint8Array(w * h);
        for (let y = 0; y < h; y++) data.set(p.data.subarray(p.offset + y * p.stride, p.offset + y * p.stride + w), y * w);
        probability.push({ id: p.id, rect: p.rect, data, offset: 0, stride: w });
        transfer.push(data.buffer);
      }
    }
    return { results: r.results, failures: r.failures, probability, workMs: pipeline.busyMs, retracks: pipeline.retracks, grabMode: pipeline.grabber.path };
  };

  const trackStreamFrame = async (gen: number, r: FrameStreamReader<VideoFrame>, frame: VideoFrame, index: number): Promise<void> => {
    const readAt = performance.timeOrigin + performance.now();
    if (!pipeline.hasTarget) return; // nothing to track: the frame is closed by the reader, nothing is posted
    const width = frame.visibleRect?.width ?? frame.displayWidth, height = frame.visibleRect?.height ?? frame.displayHeight;
    const out = await pipeline.process(frame, width, height, frame.timestamp / 1000);
    if (!out || reader !== r) return;
    paint(out, width, height);
    const transfer: Transferable[] = [];
    const result = pack(out, streamProbability, transfer);
    const stats = { read: r.stats.read, processed: r.stats.processed, skippedBusy: r.stats.skippedBusy };
    scope.postMessage({ t: 'stream-frame', gen, frame: index, width, height, readAt, stats, result } satisfies StreamFrameReply, transfer);
  };

  const stopStream = () => {
    reader?.stop();
    reader = null;
  };

  const handle = async (msg: TrackingWorkerRequest): Promise<void> => {
    switch (msg.t) {
      case 'add':
        pipeline.add(msg.rect, msg.id);
        return;
      case 'remove':
        pipeline.remove(msg.id);
        // the others are drawn again with the next frame
        paint(null, 0, 0);
        return;
      case 'clear':
        pipeline.clear();
        paint(null, 0, 0);
        return;
      case 'overlay': {
        if (msg.canvas) {
          const ctx = msg.canvas.getContext('2d');
          if (!ctx) throw new Error('the overlay canvas has no 2D context in the worker');
          overlay = { canvas: msg.canvas, ctx, view: msg.view };
        } else if (overlay) overlay.view = msg.view;
        // cleared: the next frame draws the boxes again, in the new view
        if (overlay) fitCanvas(overlay.canvas, overlay.view);
        paint(null, 0, 0);
        return;
      }
      case 'overlay-off':
        paint(null, 0, 0);
        overlay = null;
        return;
      case 'method':
        pipeline.setMethod(msg.method);
        return;
      case 'options':
        pipeline.setOptions(msg.options);
        return;
      case 'probability':
        streamProbability = msg.on;
        return;
      case 'flush':
        scope.postMessage({ t: 'flushed', n: msg.n } satisfies TrackingWorkerReply);
        return;
      case 'unstream':
        stopStream();
        return;
      case 'ping':
        return;
      case 'batch':
        for (const m of msg.list) await handle(m);
        return;
      case 'stream': {
        stopStream();
        streamProbability = msg.probability;
        const gen = msg.gen;
        // each frame goes through the same queue as the commands: they apply between frames
        const r: FrameStreamReader<VideoFrame> = new FrameStreamReader<VideoFrame>(
          msg.readable,
          (frame, index) => {
            const p = queue.then(() => trackStreamFrame(gen, r, frame, index));
            queue = p.catch(() => {}); // (the reader reports the error; later commands still run)
            return p;
          },
          (err) => {
            if (reader === r) scope.postMessage({ t: 'error', message: String((err as Error)?.message ?? err) } satisfies TrackingWorkerReply);
          },
        );
        reader = r;
        return;
      }
      case 'frame': {
        let r;
        try {
          r = await pipeline.process(msg.frame, msg.width, msg.height, msg.timestamp);
        } finally {
          msg.frame.close();
        }
        paint(r, msg.width, msg.height);
        if (!r) {
          scope.postMessage({ t: 'frame', seq: msg.seq, result: null } satisfies TrackingWorkerReply);
          return;
        }
        const transfer: Transferable[] = [];
        const result = pack(r, msg.probability, transfer);
        scope.postMessage({ t: 'frame', seq: msg.seq, result } satisfies TrackingWorkerReply, transfer);
        return;
      }
    }
  };
  scope.onmessage = (ev: MessageEvent) => {
    const msg = ev.data as TrackingWorkerRequest;
    if (msg.t === 'ping') {
      // answered now, not after the queued frames: the page only asks whether we are alive
      scope.postMessage({ t: 'pong' } satisfies TrackingWorkerReply);
      return;
    }
    // the stream's frames are queued as they are read; a command must not wait behind a
    // stream switch, so 'stream'/'unstream' take effect at once too (frames of an old stream are dropped by generation)
    if (msg.t === 'stream' || msg.t === 'unstream') {
      void handle(msg);
      return;
    }
    queue = queue.then(
      () => handle(msg),
    ).catch((err: unknown) => {
      scope.postMessage({ t: 'error', seq: msg.t === 'frame' ? msg.seq : undefined, message: String((err as Error)?.message ?? err) } satisfies TrackingWorkerReply);
    });
  };
  scope.postMessage({ t: 'ready' } satisfies TrackingWorkerReply);
}
