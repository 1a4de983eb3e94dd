import { BackProjector } from '../image/back-project.js';
import { mergeOptions } from '../util/options.js';
import { CAMSHIFT_RANGE, calcHistogram, normalizeHistogram, type Histogram, type HsvRange } from '../image/histogram.js';
import { checkImage, type ImageLike, type Rect, type RotatedRect } from '../image/types.js';
import { camShiftInPlace } from './camshift.js';
import { resolveCriteria, type TermCriteria } from './criteria.js';
import { LazyBackProjection } from './lazy-back-projection.js';
import { meanShiftInPlace, type IntRect, type MeanShiftState } from './mean-shift-window.js';
import { checkFrameSize, checkTarget, isGrayRegion } from './target.js';
import { createTrackResult, type TrackResult, type Tracker } from './types.js';

/** Which colour feature the classic trackers model the target with. */
export type ColorModel = 'auto' | 'hue' | 'intensity';

/** Options of the classic (OpenCV-recipe) trackers. */
export interface HistogramTrackerOptions {
  /** Histogram bins. Default 16, as the OpenCV sample. */
  bins?: number;
  /** Pixels that count (model and back projection). Default S ≥ 60, 32 ≤ V ≤ 255. */
  range?: HsvRange;
  /**
   * `'hue'` is the OpenCV sample's model; `'intensity'` a gray-level one; `'auto'` (default)
   * uses hue unless the frame is grayscale (one channel, or R = G = B over the target) or no
   * target pixel passes the range, and intensity then.
   */
  colorModel?: ColorModel;
  /** Mean-shift stopping rule. Default 10 iterations or a move under 1 px. */
  criteria?: TermCriteria;
  /**
   * Whether large windows are projected by the WebAssembly SIMD kernel where the runtime has
   * it (hue model, colour frames). Default true; false keeps the JS loops. The results are the
   * same bit for bit.
   */
  wasm?: boolean;
}

/** Defaults of {@link HistogramTrackerOptions} (the OpenCV CamShift sample's). */
export const DEFAULT_HISTOGRAM_TRACKER_OPTIONS: Readonly<Required<HistogramTrackerOptions>> = Object.freeze({
  bins: 16,
  range: CAMSHIFT_RANGE,
  colorModel: 'auto',
  criteria: Object.freeze({ maxIterations: 10, epsilon: 1 }),
  wasm: true,
});

/**
 * The OpenCV sample's trackers (samples/python/camshift.py): a 16-bin hue histogram of the
 * target under the mask S ≥ 60, 32 ≤ V ≤ 255, normalised to 0..255, back-projected on each
 * frame (masked), then CamShift (`'camshift'`) or fixed-size mean shift (`'meanshift'`).
 * Each frame is back-projected only around the window (large windows by a WebAssembly SIMD
 * kernel, exact to the JS loops, where the runtime has it). The target is `'lost'` when no mass
 * is left under the window; the window then stays (CamShift keeps growing it by 10 px a
 * side each frame, so it finds the target again when it comes back nearby).
 *
 * `track()` allocates nothing: the returned `TrackResult` belongs to the tracker and is
 * overwritten by the next call (copy it to keep it).
 */
export class HistogramTracker implements Tracker {
  readonly method: 'camshift' | 'meanshift';
  private readonly options: Required<HistogramTrackerOptions>;
  private readonly maxIterations: number;
  private readonly epsilon: number;
  private lazy: LazyBackProjection | null = null;
  private frameW = 0;
  private frameH = 0;
  private readonly win: IntRect = { x: 0, y: 0, width: 0, height: 0 };
  private readonly m = new Float64Array(6);
  private readonly state: MeanShiftState = { iterations: 0, converged: false, mass: 0 };
  private readonly box: RotatedRect = { cx: 0, cy: 0, width: 0, height: 0, angle: 0 };
  private readonly result: TrackResult;
  private model: 'hue' | 'intensity' = 'hue';
  private histogram: Histogram | null = null;

  constructor(method: 'camshift' | 'meanshift', options: HistogramTrackerOptions = {}) {
    this.method = method;
    const o = mergeOptions(`the ${method} tracker`, DEFAULT_HISTOGRAM_TRACKER_OPTIONS, options);
    if (!Number.isInteger(o.bins) || o.bins < 1 || o.bins > 180) throw new RangeError(`bins must be an integer in 1..180, got ${o.bins}`);
    if (o.colorModel !== 'auto' && o.colorModel !== 'hue' && o.colorModel !== 'intensity') {
      throw new RangeError(`colorModel must be 'auto', 'hue' or 'intensity', got '${String(o.colorModel)}'`);
    }
    if (typeof o.wasm !== 'boolean') throw new TypeError(`wasm must be true or false, got ${String(o.wasm)}`);
    const c = resolveCriteria(o.criteria);
    this.maxIterations = c.maxIterations;
    this.epsilon = c.epsilon;
    this.options = o;
    this.result = createTrackResult();
  }

  get initialized(): boolean {
    return this.lazy !== null;
  }

  /** The colour model chosen at `init()`: `'hue'` or `'intensity'`. */
  get colorModel(): 'hue' | 'intensity' {
    return this.model;
  }

  /** The target's normalised histogram (0..255), or null before `init()`. */
  get targetHistogram(): Histogram | null {
    return this.histogram;
  }

  /** The frame-sized back projection buffer (valid around the window after `track()`). */
  get probability(): Uint8Array | null {
    return this.lazy?.prob ?? null;
  }

  init(frame: ImageLike, target: Rect): void {
    const c = checkImage(frame, 'frame');
    const t = checkTarget(target, frame.width, frame.height);
    const { bins, range, colorModel } = this.options;
    let model: 'hue' | 'intensity' = colorModel === 'intensity' ? 'intensity' : 'hue';
    let hist: Histogram | null = null;
    if (colorModel === 'auto' && isGrayRegion(frame.data, c, frame.width, t)) model = 'intensity';
    if (model === 'hue') {
      hist = calcHistogram(frame, t, { space: 'hue', bins, range });
      if (colorModel === 'auto' && hist.data.every((v) => v === 0)) model = 'intensity';
    }
    if (model === 'intensity') hist = calcHistogram(frame, t, { space: 'intensity', bins, range: null });
    normalizeHistogram(hist!, 'minmax', 0, 255);
    // all checks passed: only now replace the state
    this.model = model;
    this.histogram = hist;
    this.lazy = new LazyBackProjection(new BackProjector(hist!), frame.width, frame.height, { wasm: this.options.wasm });
    this.frameW = frame.width;
    this.frameH = frame.height;
    this.win.x = t.x;
    this.win.y = t.y;
    this.win.width = t.width;
    this.win.height = t.height;
  }

  track(frame: ImageLike, timestamp?: number): TrackResult {
    const lazy = this.lazy;
    if (!lazy) throw new Error('tracker.track() called before tracker.init(frame, target)');
    const c = checkImage(frame, 'frame');
    checkFrameSize(frame.width, frame.height, this.frameW, this.frameH);
    lazy.beginFrame(frame.data, c);
    const win = this.win, r = this.result, st = this.state;
    let area: number;
    if (this.method === 'camshift') {
      camShiftInPlace(lazy, win, this.maxIterations, this.epsilon, this.m, st, this.box);
      area = 0; // mass is under the grown window; score it against the box's window below
    } else {
      meanShiftInPlace(lazy, win, this.maxIterations, this.epsilon, this.m, st);
      area = win.width * win.height;
    }
    const lost = !(st.mass > 0);
    r.status = lost ? 'lost' : 'tracking';
    r.box.x = win.x;
    r.box.y = win.y;
    r.box.width = win.width;
    r.box.height = win.height;
    const rb = r.rotatedBox;
    if (this.method === 'camshift' && !lost) {
      rb.cx = this.box.cx;
      rb.cy = this.box.cy;
      rb.width = this.box.width;
      rb.height = this.box.height;
      rb.angle = this.box.angle;
    } else {
      rb.cx = win.x + win.width / 2;
      rb.cy = win.y + win.height / 2;
      rb.width = win.width;
      rb.height = win.height;
      rb.angle = 0;
    }
    if (area === 0) {
      // mean weight under the new window, from the projected map (the window lies inside it)
      area = win.width * win.height;
      st.mass = lazy.moments(win.x, win.y, win.width, win.height, 1, this.m)[0];
    }
    r.score = area > 0 ? st.mass / (255 * area) : 0;
    r.iterations = st.iterations;
    r.timestamp = timestamp;
    return r;
  }

  reset(): void {
    this.lazy = null;
    this.histogram = null;
    this.frameW = this.frameH = 0;
  }
}
