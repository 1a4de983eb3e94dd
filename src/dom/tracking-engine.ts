import type { Rect } from '../image/types.js';
import type { TargetTrackResult, TrackerOptionValues } from '../track/multi-tracker.js';
import type { TrackerMethod } from '../track/types.js';
import type { GrabPath } from './region-grabber.js';
import { TrackingPipeline, type ProbabilityPatch, type TargetFailure } from './tracking-pipeline.js';

/** What engines read frames from: a playing `<video>`, or a canvas (tests, custom pipelines). */
export type EngineSource = HTMLVideoElement | HTMLCanvasElement | OffscreenCanvas;

/** The size of an engine source's current frame. */
export function sourceSize(source: EngineSource): { width: number; height: number } {
  return 'videoWidth' in source ? { width: source.videoWidth, height: source.videoHeight } : { width: source.width, height: source.height };
}

/** Microseconds for `VideoFrame`'s timestamp from milliseconds. */
export function frameTimestamp(ms: number): number {
  return Math.round((Number.isFinite(ms) ? ms : 0) * 1000);
}

/** Where tracking runs: in a dedicated Worker, or on the page's main thread. */
export type ExecutionMode = 'worker' | 'main-thread';

/**
 * How frames reach the tracker: `'stream'`, the worker reads a camera or stream's frames
 * itself (a `MediaStreamTrackProcessor` stream transferred to it once, Chromium), so the page
 * does nothing per frame but receive results; `'frame-callback'`, the page takes each frame
 * from the `<video>` in `requestVideoFrameCallback` (or `requestAnimationFrame`) and hands it
 * to the worker or tracks it itself.
 */
export type FrameDelivery = 'stream' | 'frame-callback';

/** One processed frame, as an engine reports it (owned by the engine until the next frame). */
export interface EngineFrame {
  /** One result per target, in target order. */
  results: TargetTrackResult[];
  /** Targets that could not be learnt (box outside the frame); they were removed. */
  failures: TargetFailure[];
  /** The trackers' probability maps around the targets (only when asked for). */
  probability: ProbabilityPatch[];
  /** Time spent tracking (in the worker, or on the main thread), ms. */
  workMs: number;
  /** Frames tracked twice since the start (`TrackingPipeline.retracks`). */
  retracks: number;
  grabMode: GrabPath;
}

/**
 * Runs a `TrackingPipeline` for `<modeseek-tracker>`, on the main thread
 * (`MainThreadEngine`) or in a Worker (`WorkerEngine`). Targets are added with ids chosen by
 * the caller; commands apply in call order, before the next frame.
 */
export interface TrackingEngine {
  readonly mode: ExecutionMode;
  /** Also report the probability maps (costs a copy per frame in a worker). */
  showProbability: boolean;
  add(id: number, rect: Rect): void;
  remove(id: number): void;
  clear(): void;
  /** Throws a RangeError for an unknown method, changing nothing. */
  setMethod(method: TrackerMethod): void;
  /**
   * The trackers' options (`createTracker()`'s, each method reading its own; not `method`):
   * targets learn their current box again with them. Throws a TypeError or RangeError naming
   * a bad option, changing nothing.
   */
  setOptions(options: TrackerOptionValues): void;
  /** Tracks the source's current frame: resolves to the results, or null when there is no target. */
  process(source: EngineSource, timestamp: number): Promise<EngineFrame | null>;
  /** Releases what the engine holds (the worker); pending frames reject. */
  dispose(): void;
}

/** Tracking on the page's main thread (the fallback where Worker or transferable VideoFrame is missing). */
export class MainThreadEngine implements TrackingEngine {
  readonly mode = 'main-thread' as const;
  showProbability = false;
  readonly pipeline: TrackingPipeline;
  private readonly out: EngineFrame = { results: [], failures: [], probability: [], workMs: 0, retracks: 0, grabMode: 'videoframe' };

  constructor(method: TrackerMethod = 'robust', pipeline = new TrackingPipeline(undefined, { method })) {
    this.pipeline = pipeline;
    pipeline.setMethod(method);
  }

  add(id: number, rect: Rect): void {
    this.pipeline.add(rect, id);
  }

  remove(id: number): void {
    this.pipeline.remove(id);
  }

  clear(): void {
    this.pipeline.clear();
  }

  setMethod(method: TrackerMethod): void {
    this.pipeline.setMethod(method);
  }

  setOptions(options: TrackerOptionValues): void {
    this.pipeline.setOptions(options);
  }

  async process(source: EngineSource, timestamp: number): Promise<EngineFrame | null> {
    const p = this.pipeline;
    if (!p.hasTarget) return null;
    const { width: W, height: H } = sourceSize(source);
    // one VideoFrame for every region of this frame (a retrack reads the same frame)
    const frame = p.grabber.mode === 'videoframe' && typeof VideoFrame === 'function' ? new VideoFrame(source, { timestamp: frameTimestamp(timestamp) }) : null;
    let r;
    try {
      r = await p.process(frame ?? source, W, H, timestamp);
    } finally {
      frame?.close();
    }
    if (!r) return null;
    const o = this.out;
    o.results = r.results;
    o.failures = r.failures;
    if (this.showProbability) p.probability(o.probability);
    else o.probability.length = 0;
    o.workMs = p.busyMs;
    o.retracks = p.retracks;
    o.grabMode = p.grabber.path;
    return o;
  }

  dispose(): void {
    this.pipeline.clear();
  }
}
