import type { Rect } from '../image/types.js';
import type { TrackerMethod } from '../track/types.js';
import type { EngineFrame } from './tracking-engine.js';
import { TrackingPipeline, type ProbabilityPatch } from './tracking-pipeline.js';

/** Messages from the page to the tracking worker (applied in order). */
export type TrackingWorkerRequest =
  | { t: 'add'; id: number; rect: Rect }
  | { t: 'remove'; id: number }
  | { t: 'clear' }
  | { t: 'method'; method: TrackerMethod }
  | { t: 'frame'; seq: number; frame: VideoFrame; width: number; height: number; timestamp: number; probability: boolean };

/** Messages from the tracking worker to the page. */
export type TrackingWorkerReply =
  | { t: 'ready' }
  | { t: 'frame'; seq: number; result: EngineFrame | null }
  | { t: 'error'; seq?: number; message: string };

interface Scope {
  onmessage: ((ev: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

/**
 * Serves `<modeseek-tracker>`'s tracking in a worker: a `TrackingPipeline` fed with the
 * `VideoFrame`s the page transfers (closed once read), one message at a time, in order.
 */
export function serveTrackingWorker(scope: Scope): void {
  const pipeline = new TrackingPipeline();
  const patches: ProbabilityPatch[] = [];
  let queue: Promise<void> = Promise.resolve();
  const handle = async (msg: TrackingWorkerRequest): Promise<void> => {
    switch (msg.t) {
      case 'add':
        pipeline.add(msg.rect, msg.id);
        return;
      case 'remove':
        pipeline.remove(msg.id);
        return;
      case 'clear':
        pipeline.clear();
        return;
      case 'method':
        pipeline.setMethod(msg.method);
        return;
      case 'frame': {
        let r;
        try {
          r = await pipeline.process(msg.frame, msg.width, msg.height, msg.timestamp);
        } finally {
          msg.frame.close();
        }
        if (!r) {
          scope.postMessage({ t: 'frame', seq: msg.seq, result: null } satisfies TrackingWorkerReply);
          return;
        }
        const transfer: Transferable[] = [];
        const probability: ProbabilityPatch[] = [];
        if (msg.probability) {
          // copy each patch out of the frame-sized map (only while the page shows it)
          for (const p of pipeline.probability(patches)) {
            const { width: w, height: h } = p.rect, data = new Uint8Array(w * h);
            for (let y = 0; y < h; y++) data.set(p.data.subarray(p.offset + y * p.stride, p.offset + y * p.stride + w), y * w);
            probability.push({ id: p.id, rect: p.rect, data, offset: 0, stride: w });
            transfer.push(data.buffer);
          }
        }
        const result: EngineFrame = {
          results: r.results,
          failures: r.failures,
          probability,
          workMs: pipeline.busyMs,
          retracks: pipeline.retracks,
          grabMode: pipeline.grabber.mode,
        };
        scope.postMessage({ t: 'frame', seq: msg.seq, result } satisfies TrackingWorkerReply, transfer);
        return;
      }
    }
  };
  scope.onmessage = (ev: MessageEvent) => {
    const msg = ev.data as TrackingWorkerRequest;
    queue = queue.then(
      () => handle(msg),
    ).catch((err: unknown) => {
      scope.postMessage({ t: 'error', seq: msg.t === 'frame' ? msg.seq : undefined, message: String((err as Error)?.message ?? err) } satisfies TrackingWorkerReply);
    });
  };
  scope.postMessage({ t: 'ready' } satisfies TrackingWorkerReply);
}
