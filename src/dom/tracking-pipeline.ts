import type { Rect } from '../image/types.js';
import { MultiTracker, type TargetTrackResult, type TrackerOptionValues } from '../track/multi-tracker.js';
import type { TrackerMethod } from '../track/types.js';
import { refreshRegion, regionCovers, clipEven, type Region } from './region.js';
import { RegionGrabber, type FrameSource } from './region-grabber.js';

/** A target that could not be learnt (its box lies outside the frame): it was removed. */
export interface TargetFailure {
  id: number;
  message: string;
}

/** A rectangle of a tracker's probability map: `data[offset + y * stride + x]` for (x, y) in `rect`. */
export interface ProbabilityPatch {
  id: number;
  rect: Rect;
  data: Uint8Array;
  offset: number;
  stride: number;
}

/** What `TrackingPipeline.process()` gives for one frame (owned and reused: copy what you keep). */
export interface PipelineFrame {
  results: TargetTrackResult[];
  failures: TargetFailure[];
}

/**
 * The browser frame pipeline of `<modeseek-tracker>`, for any number of targets (a
 * `MultiTracker`): for each frame, refreshes only the regions around the targets
 * (`RegionGrabber`), then runs each target's tracker on the shared frame-sized buffer. If a
 * result ended near the edge of what was refreshed (a move of more than about half the box
 * in one frame), the region around the new window is refreshed and the target tracked once
 * more, so no tracker settles on stale pixels. While a target is lost the whole frame is
 * refreshed, since trackers then search beyond their window. Runs on the page or in a Worker
 * (the source is then a transferred `VideoFrame`).
 *
 * `busyMs` is the time the last `process()` spent computing (the awaited copies excluded).
 */
export class TrackingPipeline {
  readonly grabber: RegionGrabber;
  readonly trackers: MultiTracker;
  /** Frames tracked twice because the target moved beyond the refreshed region. */
  retracks = 0;
  busyMs = 0;
  /**
   * How far the refreshed region reaches beyond the box on each side, in units of the box's
   * larger side (plus 32 px). Default 1: a region about 3× the box.
   */
  reach: number;
  private readonly regions: Region[] = [];
  private readonly whole: Region = { x: 0, y: 0, width: 0, height: 0 };
  private readonly frame: PipelineFrame = { results: [], failures: [] };

  constructor(grabber = new RegionGrabber(), options: { reach?: number; method?: TrackerMethod } = {}) {
    this.grabber = grabber;
    this.reach = options.reach ?? 1;
    this.trackers = new MultiTracker({ method: options.method });
  }

  /** The tracking method of every target; setting it learns each target again on its current box on the next frame. */
  get method(): TrackerMethod {
    return this.trackers.method;
  }

  set method(method: TrackerMethod) {
    this.setMethod(method);
  }

  /** Switches the algorithm (throws for an unknown one, changing nothing): targets are learnt again on their current box on the next frame. */
  setMethod(method: TrackerMethod): void {
    this.trackers.setMethod(method);
  }

  /** Sets the trackers' options (see `MultiTracker.setOptions`; throws for a bad one, changing nothing): targets are learnt again on their current box on the next frame. */
  setOptions(options: TrackerOptionValues): void {
    this.trackers.setOptions(options);
  }

  /** True when there is a target (learnt or to be learnt on the next frame). */
  get hasTarget(): boolean {
    return this.trackers.size > 0;
  }

  /** Adds a target learnt from `rect` on the next frame; returns its id. Throws a RangeError for a box that is not finite and positive. */
  add(rect: Rect, id?: number): number {
    return this.trackers.add(rect, undefined, id);
  }

  /** Removes a target; false when there is none with this id. */
  remove(id: number): boolean {
    return this.trackers.remove(id);
  }

  /** Forgets every target. */
  clear(): void {
    this.trackers.clear();
  }

  /**
   * Tracks every target in the source's current frame (`width`×`height`). Resolves to the
   * results (one per target, in target order; targets that could not be learnt are removed and
   * listed in `failures`), or null when there is no target.
   */
  async process(source: FrameSource, width: number, height: number, timestamp?: number): Promise<PipelineFrame | null> {
    let t0 = performance.now();
    let busy = 0;
    const out = this.frame;
    out.results.length = 0;
    out.failures.length = 0;
    const W = width, H = height;
    const mt = this.trackers;
    if (!W || !H || mt.size === 0) {
      this.busyMs = performance.now() - t0;
      return null;
    }
    const g = this.grabber;
    // a new frame size (camera switched resolution): learn every box again
    if (g.resize(W, H)) mt.relearn();
    const targets = mt.targets.slice();
    // while a target is lost its tracker searches beyond its window (re-detection): refresh the whole frame
    const whole = targets.some((t) => !t.pending && t.tracker && t.result.status === 'lost');
    while (this.regions.length < targets.length) this.regions.push({ x: 0, y: 0, width: 0, height: 0 });
    if (whole) {
      clipEven(0, 0, W, H, W, H, this.whole);
      busy += performance.now() - t0;
      await g.grab(source, this.whole);
      t0 = performance.now();
    } else {
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i];
        refreshRegion(t.pending ?? t.result.box, W, H, this.regions[i], this.reach);
      }
      busy += performance.now() - t0;
      for (let i = 0; i < targets.length; i++) await g.grab(source, this.regions[i]);
      t0 = performance.now();
    }
    for (let i = 0; i < targets.length; i++) {
      const id = targets[i].id;
      let r: TargetTrackResult;
      try {
        r = mt.trackTarget(id, g.image, timestamp);
      } catch (err) {
        // a box outside the frame: the target is removed; say so and go on with the others
        out.failures.push({ id, message: String((err as Error)?.message ?? err) });
        continue;
      }
      const region = whole ? this.whole : this.regions[i];
      if (!regionCovers(region, r.box, W, H)) {
        // the target moved further than the region allowed: refresh around the new window and track again
        const b = r.box;
        const m = Math.ceil(Math.max(b.width, b.height) * Math.max(1, this.reach)) + 32;
        clipEven(
          Math.min(region.x, b.x - m), Math.min(region.y, b.y - m),
          Math.max(region.x + region.width, b.x + b.width + m), Math.max(region.y + region.height, b.y + b.height + m),
          W, H, region,
        );
        busy += performance.now() - t0;
        await g.grab(source, region);
        t0 = performance.now();
        r = mt.trackTarget(id, g.image, timestamp);
        this.retracks++;
      }
      out.results.push(r);
    }
    this.busyMs = busy + performance.now() - t0;
    return out;
  }

  /**
   * Where each target's tracker wrote its probability map this frame (`Tracker.probability`,
   * over `probabilityRect`, else around the box), as patches of the trackers' own maps
   * (valid until the next `process()`). Writes into `out` and returns it.
   */
  probability(out: ProbabilityPatch[] = []): ProbabilityPatch[] {
    out.length = 0;
    const W = this.grabber.width, H = this.grabber.height;
    for (const t of this.trackers.targets) {
      const tr = t.tracker, prob = tr?.probability;
      if (!tr || !prob || prob.length !== W * H) continue;
      const b = t.result.box, a = tr.probabilityRect;
      const ok = a && a.width > 0 && a.height > 0;
      const x0 = Math.max(0, ok ? a.x : Math.floor(b.x) - 8), y0 = Math.max(0, ok ? a.y : Math.floor(b.y) - 8);
      const x1 = Math.min(W, ok ? a.x + a.width : Math.ceil(b.x + b.width) + 8);
      const y1 = Math.min(H, ok ? a.y + a.height : Math.ceil(b.y + b.height) + 8);
      if (x1 <= x0 || y1 <= y0) continue;
      out.push({ id: t.id, rect: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, data: prob, offset: y0 * W + x0, stride: W });
    }
    return out;
  }
}
