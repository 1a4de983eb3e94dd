import type { Rect } from '../image/types.js';
import { createTracker } from '../track/create-tracker.js';
import { checkTrackerOptionValues, type TrackerOptionValues } from '../track/multi-tracker.js';
import type { TrackerMethod } from '../track/types.js';
import type { OverlayView } from './box-painter.js';
import { createTrackingWorker } from './create-tracking-worker.js';
import { frameTimestamp, sourceSize, type EngineFrame, type EngineSource, type TrackingEngine } from './tracking-engine.js';
import type { StreamFrameReply, TrackingWorkerReply, TrackingWorkerRequest } from './tracking-worker.js';

/**
 * True where tracking can run in a Worker: `Worker`, `VideoFrame` and `OffscreenCanvas`
 * exist and a `VideoFrame` can be transferred (checked once, with a 2×2 frame).
 */
export function canTrackInWorker(): boolean {
  if (supported !== null) return supported;
  supported = false;
  try {
    if (typeof Worker !== 'function' || typeof VideoFrame !== 'function' || typeof OffscreenCanvas !== 'function' || typeof MessageChannel !== 'function') return false;
    const canvas = new OffscreenCanvas(2, 2);
    canvas.getContext('2d')!.fillRect(0, 0, 2, 2);
    const frame = new VideoFrame(canvas, { timestamp: 0 });
    try {
      supported = canTransfer(frame);
    } finally {
      frame.close();
    }
  } catch {
    supported = false;
  }
  return supported;
}
let supported: boolean | null = null;

/** True if `value` can be transferred in a message (posted once over a MessageChannel, closed at once). */
export function canTransfer(value: Transferable | object): boolean {
  let channel: MessageChannel | null = null;
  try {
    channel = new MessageChannel();
    channel.port1.postMessage(value, [value as Transferable]);
    return true;
  } catch {
    return false;
  } finally {
    channel?.port1.close();
    channel?.port2.close();
  }
}

/** How long a frame may take in the worker before it is declared dead: before its first reply, and after. */
const START_TIMEOUT_MS = 20_000;
const FRAME_TIMEOUT_MS = 2_000;
/** While a stream feeds the worker: how often the page checks that it heard from it, and after how long a silence it asks. */
const WATCH_MS = 250;
const QUIET_MS = 500;

/**
 * Tracking in a dedicated Worker: each frame is handed over as a transferred `VideoFrame`
 * (no pixel copy on the page) and the worker's `TrackingPipeline` tracks it. The page only
 * posts frames and draws results. Or, with `attachStream()`, the worker reads the frames
 * itself from a transferred stream (a `MediaStreamTrackProcessor`'s readable) and the page
 * only receives one `onstreamframe` message per tracked frame. If the worker fails to start,
 * throws, or stops answering (a frame unanswered for 2 s; while streaming, 2 s of silence
 * with a ping sent after the first 0.5 s unanswered), `onfail(reason)` is called once and every pending
 * frame rejects: the caller then moves to the main thread.
 */
export class WorkerEngine implements TrackingEngine {
  readonly mode = 'worker' as const;
  /** Called once when the worker fails (load error, crash, or no answer in time). */
  onfail: ((reason: string) => void) | null = null;
  /** Each frame the worker tracked from the attached stream (every target's result in one message). */
  onstreamframe: ((frame: StreamFrameReply) => void) | null = null;
  private worker: Worker | null;
  private ready = false;
  private seq = 0;
  private targets = 0;
  private failed = false;
  private probabilityOn = false;
  private streaming = false;
  private lastHeard = 0;
  private pingAt = 0;
  private watch: ReturnType<typeof setInterval> | 0 = 0;
  private flushSeq = 0;
  private outbox: TrackingWorkerRequest[] = [];
  private readonly flushes = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private readonly pending = new Map<number, { resolve: (r: EngineFrame | null) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(method: TrackerMethod = 'robust', create: () => Worker = createTrackingWorker) {
    createTracker({ method }); // fails now, with the tracker's message, for an unknown method
    const w = (this.worker = create());
    w.onmessage = (ev: MessageEvent) => this.reply(ev.data as TrackingWorkerReply);
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      this.fail(`the tracking worker ${this.ready ? 'crashed' : 'could not start'}${ev.message ? ` (${ev.message})` : ''}`);
    };
    w.onmessageerror = () => this.fail('a message from the tracking worker could not be read');
    this.command({ t: 'method', method });
  }

  /** True once the worker has loaded and answered. */
  get started(): boolean {
    return this.ready;
  }

  /** Also report the probability maps (costs a copy per frame in the worker). */
  get showProbability(): boolean {
    return this.probabilityOn;
  }
  set showProbability(on: boolean) {
    if (on === this.probabilityOn) return;
    this.probabilityOn = on;
    if (this.streaming) this.command({ t: 'probability', on });
  }

  /** True while the worker reads frames from an attached stream. */
  get streamAttached(): boolean {
    return this.streaming;
  }

  /**
   * Hands `readable` (a stream of `VideoFrame`s, such as a `MediaStreamTrackProcessor`'s) to
   * the worker, transferred: from now on it reads and tracks the frames itself, and each
   * tracked frame comes back through `onstreamframe` tagged with `gen`. Replaces a stream
   * attached before. Throws (changing nothing) if the stream cannot be transferred.
   */
  attachStream(readable: ReadableStream<VideoFrame>, gen: number): void {
    if (this.failed || !this.worker) throw new Error('the tracking worker has failed');
    this.sendCommands();
    this.worker.postMessage({ t: 'stream', gen, readable, probability: this.probabilityOn } satisfies TrackingWorkerRequest, [readable as unknown as Transferable]);
    this.streaming = true;
    this.lastHeard = performance.now();
    this.pingAt = 0;
    if (!this.watch) this.watch = setInterval(() => this.check(), WATCH_MS);
  }

  /**
   * Resolves once the worker has applied every command sent before (targets, method): a frame
   * of an attached stream, which travels on its own channel, may otherwise reach the worker
   * before a command sent just before it. Rejects if the worker fails.
   */
  flush(): Promise<void> {
    if (this.failed || !this.worker) return Promise.reject(new Error('the tracking worker has failed'));
    const n = ++this.flushSeq;
    return new Promise<void>((resolve, reject) => {
      this.flushes.set(n, { resolve, reject });
      this.command({ t: 'flush', n });
    });
  }

  /** The worker stops reading the attached stream (it cancels it). */
  detachStream(): void {
    if (!this.streaming) return;
    this.streaming = false;
    this.stopWatch();
    this.post({ t: 'unstream' });
  }

  /**
   * The worker draws the boxes on `canvas` (an `OffscreenCanvas` from
   * `transferControlToOffscreen()`, transferred) after every frame it tracks; call again
   * without a canvas when the view changes (size, colours, labels). Throws (changing nothing)
   * if the canvas cannot be transferred.
   */
  drawOverlay(view: OverlayView, canvas?: OffscreenCanvas): void {
    if (this.failed || !this.worker) throw new Error('the tracking worker has failed');
    this.sendCommands();
    this.worker.postMessage({ t: 'overlay', canvas, view } satisfies TrackingWorkerRequest, canvas ? [canvas] : []);
  }

  /** The worker stops drawing boxes (and clears its canvas). */
  stopOverlay(): void {
    this.post({ t: 'overlay-off' });
  }

  add(id: number, rect: Rect): void {
    this.targets++;
    this.command({ t: 'add', id, rect: { x: rect.x, y: rect.y, width: rect.width, height: rect.height } });
  }

  remove(id: number): void {
    this.targets = Math.max(0, this.targets - 1);
    this.command({ t: 'remove', id });
  }

  clear(): void {
    this.targets = 0;
    this.command({ t: 'clear' });
  }

  setMethod(method: TrackerMethod): void {
    createTracker({ method });
    this.command({ t: 'method', method });
  }

  setOptions(options: TrackerOptionValues): void {
    checkTrackerOptionValues(options); // fails here, with the tracker's message, changing nothing
    this.command({ t: 'options', options: { ...options } });
  }

  process(source: EngineSource, timestamp: number): Promise<EngineFrame | null> {
    if (this.failed || !this.worker) return Promise.reject(new Error('the tracking worker has failed'));
    if (this.targets === 0) return Promise.resolve(null);
    // throws a SecurityError for a cross-origin video without CORS
    const frame = new VideoFrame(source, { timestamp: frameTimestamp(timestamp) });
    const { width, height } = sourceSize(source);
    const seq = ++this.seq;
    return new Promise<EngineFrame | null>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(this.ready ? `the tracking worker did not answer within ${FRAME_TIMEOUT_MS / 1000} s` : `the tracking worker did not start within ${START_TIMEOUT_MS / 1000} s`),
        this.ready ? FRAME_TIMEOUT_MS : START_TIMEOUT_MS,
      );
      this.pending.set(seq, { resolve, reject, timer });
      try {
        this.post(
          { t: 'frame', seq, frame, width, height, timestamp, probability: this.showProbability },
          [frame as unknown as Transferable],
        );
      } catch (err) {
        frame.close();
        this.fail(`a frame could not be handed to the tracking worker (${String((err as Error)?.message ?? err)})`);
      }
    });
  }

  dispose(): void {
    this.failed = true;
    this.streaming = false;
    this.stopWatch();
    this.worker?.terminate();
    this.worker = null;
    this.rejectAll(new Error('the tracking worker was stopped'));
  }

  private post(msg: TrackingWorkerRequest, transfer: Transferable[] = []): void {
    if (!this.worker || this.failed) return;
    this.sendCommands(); // commands queued before keep their place
    this.worker.postMessage(msg, transfer);
  }

  /**
   * Queues a command: the commands of one task go to the worker as one message, applied there
   * at once, between two frames (two `select()`s in one tick never see a frame between them,
   * even though a stream's frames reach the worker on their own channel).
   */
  private command(msg: TrackingWorkerRequest): void {
    if (!this.worker || this.failed) return;
    this.outbox.push(msg);
    if (this.outbox.length === 1) queueMicrotask(() => this.sendCommands());
  }

  private sendCommands(): void {
    if (!this.outbox.length || !this.worker || this.failed) return;
    const list = this.outbox;
    this.outbox = [];
    this.worker.postMessage(list.length === 1 ? list[0] : ({ t: 'batch', list } satisfies TrackingWorkerRequest));
  }

  private reply(msg: TrackingWorkerReply): void {
    this.ready = true;
    this.lastHeard = performance.now();
    this.pingAt = 0;
    if (msg.t === 'ready' || msg.t === 'pong') return;
    if (msg.t === 'flushed') {
      this.flushes.get(msg.n)?.resolve();
      this.flushes.delete(msg.n);
      return;
    }
    if (msg.t === 'stream-frame') {
      if (this.streaming) this.onstreamframe?.(msg);
      return;
    }
    if (msg.t === 'error') {
      this.fail(`the tracking worker failed: ${msg.message}`);
      return;
    }
    const p = this.pending.get(msg.seq);
    if (!p) return;
    this.pending.delete(msg.seq);
    clearTimeout(p.timer);
    p.resolve(msg.result);
  }

  /** While streaming: ask after a silence, and declare the worker dead if the question goes unanswered. */
  private check(): void {
    if (!this.streaming || this.failed) return;
    const now = performance.now();
    if (this.pingAt) {
      // silent for the limit, a ping sent meanwhile unanswered
      const limit = this.ready ? FRAME_TIMEOUT_MS : START_TIMEOUT_MS;
      if (now - this.lastHeard > limit) this.fail(this.ready ? `the tracking worker did not answer within ${limit / 1000} s` : `the tracking worker did not start within ${limit / 1000} s`);
    } else if (now - this.lastHeard > QUIET_MS) {
      this.pingAt = now;
      this.post({ t: 'ping' });
    }
  }

  private stopWatch(): void {
    if (this.watch) clearInterval(this.watch);
    this.watch = 0;
  }

  private fail(reason: string): void {
    if (this.failed) return;
    this.dispose();
    this.onfail?.(reason);
  }

  private rejectAll(err: Error): void {
    for (const f of this.flushes.values()) f.reject(err);
    this.flushes.clear();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }
}
