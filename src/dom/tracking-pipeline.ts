import type { Rect } from '../image/types.js';
import { createTracker } from '../track/create-tracker.js';
import type { TrackResult, Tracker, TrackerMethod } from '../track/types.js';
import { refreshRegion, regionCovers, clipEven, type Region } from './region.js';
import { RegionGrabber } from './region-grabber.js';

/**
 * The browser frame pipeline of `<modeseek-tracker>`: for each video frame, refreshes only
 * the region around the target (`RegionGrabber`), then runs the tracker on the frame-sized
 * buffer. If the result ended near the edge of what was refreshed (a move of more than about
 * half the box in one frame), the region around the new window is refreshed and the frame
 * tracked once more, so the tracker never settles on stale pixels. While the target is lost
 * the whole frame is refreshed, since trackers then search beyond their window.
 *
 * `mainThreadMs` is the time the last `process()` spent on the main thread (the awaited copy
 * excluded).
 */
export class TrackingPipeline {
  readonly grabber: RegionGrabber;
  method: TrackerMethod = 'robust';
  tracker: Tracker | null = null;
  /** The last region refreshed. */
  readonly region: Region = { x: 0, y: 0, width: 0, height: 0 };
  /** Frames tracked twice because the target moved beyond the refreshed region. */
  retracks = 0;
  mainThreadMs = 0;
  private pending: Rect | null = null;
  private lost = false;
  private readonly last: Rect = { x: 0, y: 0, width: 0, height: 0 };

  /**
   * How far the refreshed region reaches beyond the box on each side, in units of the box's
   * larger side (plus 32 px). Default 1: a region about 3× the box.
   */
  reach: number;

  constructor(grabber = new RegionGrabber(), options: { reach?: number } = {}) {
    this.grabber = grabber;
    this.reach = options.reach ?? 1;
  }

  /** True when a target is selected (or waits for the next frame to be learnt). */
  get hasTarget(): boolean {
    return this.tracker !== null || this.pending !== null;
  }

  /** The current tracker's probability map (`Tracker.probability`), if it has one. */
  get probability(): Uint8Array | null {
    return this.tracker?.probability ?? null;
  }

  /** Where the current tracker wrote its probability map last frame, if it says (`Tracker.probabilityRect`). */
  get probabilityRect(): Rect | null {
    return this.tracker?.probabilityRect ?? null;
  }

  /** Learns `rect` on the next frame. Throws a RangeError for a box that is not finite and positive. */
  select(rect: Rect): void {
    const { x, y, width, height } = rect ?? ({} as Rect);
    if (![x, y, width, height].every((v) => typeof v === 'number' && Number.isFinite(v)) || !(width > 0) || !(height > 0)) {
      throw new RangeError(`select(rect) needs finite x, y and a positive width and height in video pixels, got ${JSON.stringify(rect)}`);
    }
    createTracker({ method: this.method }); // an unavailable method fails here, with its message
    this.pending = { x, y, width, height };
  }

  /** Switches the algorithm: the current box is learnt again with the new method on the next frame. */
  setMethod(method: TrackerMethod): void {
    if (method === this.method) return;
    // fail now, with the tracker's message, rather than on the next frame
    createTracker({ method });
    this.method = method;
    if (this.tracker && !this.pending) this.pending = { ...this.last };
    this.tracker = null;
  }

  /** Forgets the target. */
  clear(): void {
    this.pending = null;
    this.tracker = null;
  }

  /**
   * Tracks the video's current frame. Resolves to the tracker's (reused) result, or null
   * when there is no target or the video has no size yet.
   */
  async process(video: HTMLVideoElement, timestamp?: number): Promise<TrackResult | null> {
    let t0 = performance.now();
    let busy = 0;
    const W = video.videoWidth, H = video.videoHeight;
    if (!W || !H || !this.hasTarget) {
      this.mainThreadMs = performance.now() - t0;
      return null;
    }
    const g = this.grabber;
    if (g.resize(W, H) && this.tracker && !this.pending) {
      // new frame size (camera switched resolution): learn the box again, scaled
      this.pending = { ...this.last };
      this.tracker = null;
    }
    const region = this.region;
    let learn = this.pending;
    if (learn) {
      const tracker = createTracker({ method: this.method });
      refreshRegion(learn, W, H, region, this.reach);
      busy += performance.now() - t0;
      await g.grab(video, region);
      t0 = performance.now();
      this.pending = null;
      this.lost = false;
      tracker.init(g.image, learn); // throws for a box outside the frame: the caller reports it
      this.tracker = tracker;
    } else {
      // while lost, trackers search further than the window (re-detection): refresh the whole frame
      if (this.lost) clipEven(0, 0, W, H, W, H, region);
      else refreshRegion(this.last, W, H, region, this.reach);
      busy += performance.now() - t0;
      await g.grab(video, region);
      t0 = performance.now();
    }
    const tracker = this.tracker!;
    let r = tracker.track(g.image, timestamp);
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
      await g.grab(video, region);
      t0 = performance.now();
      r = tracker.track(g.image, timestamp);
      this.retracks++;
    }
    this.lost = r.status === 'lost';
    this.last.x = r.box.x;
    this.last.y = r.box.y;
    this.last.width = r.box.width;
    this.last.height = r.box.height;
    this.mainThreadMs = busy + performance.now() - t0;
    return r;
  }
}
