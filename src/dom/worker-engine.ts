import type { Rect } from '../image/types.js';
import { createTracker } from '../track/create-tracker.js';
import type { TrackerMethod } from '../track/types.js';
import { createTrackingWorker } from './create-tracking-worker.js';
import { frameTimestamp, sourceSize, type EngineFrame, type EngineSource, type TrackingEngine } from './tracking-engine.js';
import type { TrackingWorkerReply, TrackingWorkerRequest } from './tracking-worker.js';

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
    const { port1, port2 } = new MessageChannel();
    try {
      port1.postMessage(frame, [frame as unknown as Transferable]);
      supported = true;
    } finally {
      frame.close();
      port1.close();
      port2.close();
    }
  } catch {
    supported = false;
  }
  return supported;
}
let supported: boolean | null = null;

/** How long a frame may take in the worker before it is declared dead: before its first reply, and after. */
const START_TIMEOUT_MS = 20_000;
const FRAME_TIMEOUT_MS = 2_000;

/**
 * Tracking in a dedicated Worker: each frame is handed over as a transferred `VideoFrame`
 * (no pixel copy on the page) and the worker's `TrackingPipeline` tracks it. The page only
 * posts frames and draws results. If the worker fails to start, throws, or stops answering,
 * `onfail(reason)` is called once and every pending frame rejects: the caller then moves to
 * the main thread.
 */
export class WorkerEngine implements TrackingEngine {
  readonly mode = 'worker' as const;
  showProbability = false;
  /** Called once when the worker fails (load error, crash, or no answer in time). */
  onfail: ((reason: string) => void) | null = null;
  private worker: Worker | null;
  private ready = false;
  private seq = 0;
  private targets = 0;
  private failed = false;
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
    this.post({ t: 'method', method });
  }

  /** True once the worker has loaded and answered. */
  get started(): boolean {
    return this.ready;
  }

  add(id: number, rect: Rect): void {
    this.targets++;
    this.post({ t: 'add', id, rect: { x: rect.x, y: rect.y, width: rect.width, height: rect.height } });
  }

  remove(id: number): void {
    this.targets = Math.max(0, this.targets - 1);
    this.post({ t: 'remove', id });
  }

  clear(): void {
    this.targets = 0;
    this.post({ t: 'clear' });
  }

  setMethod(method: TrackerMethod): void {
    createTracker({ method });
    this.post({ t: 'method', method });
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
    this.worker?.terminate();
    this.worker = null;
    this.rejectAll(new Error('the tracking worker was stopped'));
  }

  private post(msg: TrackingWorkerRequest, transfer: Transferable[] = []): void {
    if (!this.worker || this.failed) return;
    this.worker.postMessage(msg, transfer);
  }

  private reply(msg: TrackingWorkerReply): void {
    this.ready = true;
    if (msg.t === 'ready') return;
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

  private fail(reason: string): void {
    if (this.failed) return;
    this.dispose();
    this.onfail?.(reason);
  }

  private rejectAll(err: Error): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }
}
