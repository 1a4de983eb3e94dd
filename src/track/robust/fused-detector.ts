import type { ImageLike } from '../../image/types.js';
import type { Span, TargetBox } from './boxes.js';
import { colourBinCount } from './colour-bins.js';
import { ColourModel } from './colour-model.js';
import { CorrelationFilter } from './correlation-filter.js';
import { HOG_CHANNELS } from './hog-features.js';
import { nearestPeak, responseMode } from './response-mode.js';
import { RobustKernel } from './robust-kernel.js';
import { turnCoefficients, type TurnCoefficients } from './rotate-template.js';
import { WindowSampler } from './window-sampler.js';

/** Template geometry: cells of `CELL` pixels, `CELLS` a side (a power of two for the FFT). */
const CELL = 4, CELLS = 32, SIZE = CELL * CELLS;
/** Spatial bandwidth of the filter's desired response, as a share of the target's side. */
const SIGMA_FACTOR = 1 / 16;
/** The filter's regularisation. */
const LAMBDA = 1e-3;
/**
 * The filter's spatial support (after CSR-DCF's reliability map, Lukežič et al. 2017): full
 * weight over the target's box, `SUPPORT_FLOOR` over the rest of the window, so that
 * background sliding past the target (a camera panning with it) cannot carry the filter away,
 * while some context still helps. The box and the rest come from two models of the same
 * samples (`CorrelationFilter.useBoxModel()`): the target's own, which is the plain mean of the
 * frames seen until that mean learns more slowly than the learning rate (see `learn()`), so
 * its first frames weigh alike; and the context's, at the learning rate throughout, so the
 * background of the last few frames cannot pull the filter. On TRE/SRE over the development
 * sequences, floors of 0, 0.15 and 0.5 scored no better (with the one-cell margin at full
 * weight that the box had before the target's own model).
 */
const SUPPORT_FLOOR = 0.3;
/** The support is applied on every `SUPPORT_EVERY`-th update of the filter (its cost: 18 transforms of 32×32, 6 of them for the target's model). */
const SUPPORT_EVERY = 4;
/**
 * The colour model reads every `COLOUR_STRIDE`-th pixel of every `COLOUR_STRIDE`-th row of the
 * template (a quarter of it) to learn and to respond: the histograms and the per-cell means
 * hardly change, and a frame takes about 14% less time (interleaved in one process on the six
 * sequences of the cost benchmark: 0.82–0.92 of the time a frame). On three draws over the
 * development sequences: TRE 0.632 → 0.629, SRE 0.582 → 0.588, OPE 0.640 → 0.653.
 */
const COLOUR_STRIDE = 2;
/**
 * The colour response averages the likelihood over the target's box shrunk by `COLOUR_CORE`
 * times its mean side (in each dimension): the box's core. A box's edges and corners hold
 * background as often as target, so their pixels mostly add noise; and a same-coloured
 * region beside the target pulled the whole box's average toward it (the response's peak
 * moved up to 4 cells toward a red strip beside a red disc, `robust-colour-model.test.ts`),
 * where the core's stays on the target. The histograms still learn from the whole box.
 * Chosen on TRE and SRE over the development sequences (README, "Figures"), three draws each:
 * without it TRE 0.629, SRE 0.588 (held out 0.549, 0.527); 0.2: 0.644, 0.604 (0.582, 0.553);
 * 0.3: 0.637, 0.613 (0.572, 0.569); single draws at 0.1 and 0.4 alike (0.639 / 0.603 and
 * 0.645 / 0.608): the middle of a plateau.
 */
const COLOUR_CORE = 0.3;
/** Colour contrast (mean likelihood inside minus outside the target) at which colour gets its full weight. */
const FULL_CONTRAST = 0.3;
/**
 * Distractor-aware colour (after Possegger et al. 2015): the best colour match of the window
 * away from the target is a distractor when its mean likelihood reaches `DISTRACTOR_RATIO`
 * of the target's; its pixels then count in the background once more, with the weight of
 * the whole surroundings (`DISTRACTOR_WEIGHT`), so colours the look-alike shares lose
 * likelihood while the target's own keep it.
 */
const DISTRACTOR_RATIO = 0.7;
const DISTRACTOR_WEIGHT = 1;
/**
 * First-frame augmentation: the filter also learns the first sample turned by these angles
 * (degrees), each copy weighing as much as the sample, so that its first model does not hinge
 * on one pose (deep trackers augment their first frame the same way; here for a correlation
 * filter). A turn is capped where it would move the ends of the target sideways by more than
 * half its width (asin(short side / long side): 9.6° for a 1:6 target), which keeps a thin
 * target's filter sharp (the thin-target scenes). Chosen on TRE and SRE over the development
 * sequences (README, "Figures"): without copies TRE 0.604, SRE 0.562 (held out 0.517, 0.465);
 * with these TRE 0.623, SRE 0.567 (held out 0.551, 0.487). ±8° alone scored TRE 0.616, SRE
 * 0.565; ±16° 0.623 and 0.575 but held out 0.537 and 0.477; ±5°, ±12°, ±24°, ±32°, half or
 * twice the weight, or a blurred copy beside ±8° no better on TRE.
 */
export const AUGMENT_ANGLES: readonly number[] = Object.freeze([-16, -8, 8, 16]);
/**
 * The window searched and learnt from: the target plus `WINDOW_PADDING` times its mean side
 * (a 30×30 target is seen in a 75×75 window). Chosen on TRE/SRE over the development
 * sequences: 1 (Staple's) left small, fast targets outside the window; 2 put too much
 * background in the filter.
 */
export const WINDOW_PADDING = 1.5;

/** What the window adds to each side length of a w × h target (see `WINDOW_PADDING`). */
export function windowPad(w: number, h: number): number {
  return (WINDOW_PADDING * (w + h)) / 2;
}

/** How a `FusedDetector` is made. */
export interface FusedDetectorOptions {
  /** A gray target: gray-level colour bins, and no opponent-colour channels in the filter. */
  gray: boolean;
  /** Ratio between the three scales searched (see `RobustTrackerOptions.scaleStep`). */
  scaleStep: number;
  /** Factor on the two changed scales' responses (see `RobustTrackerOptions.scalePenalty`). */
  scalePenalty: number;
  /** Degrees between the turns searched (see `RobustTrackerOptions.rotationStep`); 0 searches none. Default 0. */
  rotationStep?: number;
  /** Factor on the response of a turn away from upright (see `RobustTrackerOptions.rotationPenalty`). Default 1. */
  rotationPenalty?: number;
  /**
   * Degrees of turn within which the windows are still sampled upright (the turn is searched
   * and reported all the same): turning a sample costs about as much as its HOG features, and
   * the filter holds a target turned a little. Default 0: every window turned by the turn.
   */
  uprightWithin?: number;
  /** The size of the frames it will read (width · height · channels), for the kernel's staging area. Default 0. */
  frameBytes?: number;
  /** The turns of the first sample learnt beside it (none: `[]`). Default `AUGMENT_ANGLES`. */
  augmentAngles?: readonly number[];
}

/** What `FusedDetector.detect()` found. */
export interface Detection {
  /** Centre of the mode, frame pixels. */
  cx: number;
  cy: number;
  /** Scale factor of the best of the searched scales. */
  scale: number;
  /** The target's turn at the mode (degrees, anticlockwise on screen): the detector's `angle`, or the better turn searched. */
  angle: number;
  /** The correlation filter's peak at that scale (its confidence). */
  peak: number;
  /** The fused density at the mode. */
  score: number;
  /** Mean-shift iterations spent on the mode. */
  iterations: number;
  /** Which sample (scale) it came from, and the shift in cells from that sample's centre. */
  slot: number;
  dx: number;
  dy: number;
}

/**
 * The tracker's density and its mode: at the current position, three scales of the window
 * (the target plus 1.5 times its mean side, `WINDOW_PADDING`) are resampled to a fixed
 * template; a correlation filter on HOG-like cell features with opponent colours, confined
 * mostly to the target's box (`SUPPORT_FLOOR`), scores every shift at each scale (Staple's
 * template half, Bertinetto et al. 2016), the best scale is kept, the colour likelihood
 * averaged over the core of the target's box (the colour half, distractor-aware) is added with weight
 * `alpha`, and mean shift climbs the fused response from its maximum to the mode. Learning
 * reuses the detection's own sample (the label shifted to the detected position), so a frame
 * samples three windows.
 */
export class FusedDetector {
  readonly det: Detection = { cx: 0, cy: 0, scale: 1, angle: 0, peak: 0, score: 0, iterations: 0, slot: 1, dx: 0, dy: 0 };
  readonly colour: ColourModel;
  /** Weight of the colour response, from the colour contrast at `init()`. */
  alpha = 0;
  /**
   * The target's turn (degrees, anticlockwise on screen) that every sample is turned back by,
   * so the filter and the colour model see it as they learnt it; the tracker sets it to the
   * detection it takes. 0 at `init()`.
   */
  angle = 0;
  /** The windows sampled, one slot a scale (or turn) searched. */
  private readonly windows: WindowSampler;
  private readonly responses: Float64Array[] = [];
  private readonly merged = new Float64Array(CELLS * CELLS);
  /** The filter; a gray target's has no opponent-colour channels (always 0: the last two). */
  private readonly cf: CorrelationFilter;
  private readonly mode = { x: 0, y: 0 };
  /** The last detection's window centre (frame pixels) and search range (cells). */
  private readonly searched = { cx: 0, cy: 0, rx: 0, ry: 0 };
  /** Frames the target's model has learnt while it is still their plain mean (see `learn()`). */
  private targetFrames = 0;
  /** The strongest colour look-alike of the last detection (template pixels), or none. */
  private readonly distractor = { x0: 0, y0: 0, x1: 0, y1: 0, found: false };
  /** The window being sampled (frame pixels). */
  private readonly window: TargetBox = { cx: 0, cy: 0, w: 0, h: 0 };
  /** The target's box in the template where the colour model learns (template pixels). */
  private readonly learnt: Span = { x0: 0, y0: 0, x1: 0, y1: 0 };
  /** Window (frame pixels) and target (template pixels) sizes for the target size last given. */
  private ww = 0;
  private wh = 0;
  private tw = 0;
  private th = 0;

  readonly gray: boolean;
  private readonly scaleStep: number;
  private readonly scalePenalty: number;
  private readonly rotationStep: number;
  private readonly rotationPenalty: number;
  private readonly uprightWithin: number;
  /** The turn the last detection's sample was taken at (its shift is turned back by it into the frame). */
  private sampledAngle = 0;
  private readonly augmentAngles: readonly number[];
  /** The coefficients of the turn being sampled. */
  private readonly turn: TurnCoefficients = { uu: 1, uv: 0, vu: 0, vv: 1 };

  constructor(options: FusedDetectorOptions) {
    const { gray, scaleStep, scalePenalty, rotationStep = 0, rotationPenalty = 1, uprightWithin = 0, frameBytes = 0, augmentAngles = AUGMENT_ANGLES } = options;
    this.gray = gray;
    this.scaleStep = scaleStep;
    this.scalePenalty = scalePenalty;
    this.rotationStep = rotationStep;
    this.rotationPenalty = rotationPenalty;
    this.uprightWithin = uprightWithin;
    this.augmentAngles = augmentAngles;
    // the WebAssembly kernel computing features and transforms, or null for the JS loops
    const k = RobustKernel.create(SIZE, CELL, 3, frameBytes);
    this.windows = new WindowSampler(SIZE, CELL, 3, gray, k);
    for (let i = 0; i < 3; i++) this.responses.push(new Float64Array(CELLS * CELLS));
    this.colour = new ColourModel(CELLS, CELL, colourBinCount(gray), COLOUR_STRIDE);
    this.cf = new CorrelationFilter(CELLS, gray ? HOG_CHANNELS - 2 : HOG_CHANNELS, 3, k);
    this.cf.lambda = LAMBDA;
    this.cf.supportEvery = SUPPORT_EVERY;
    this.cf.useBoxModel();
  }

  /**
   * Learns the target `box` from the first frame (its size and channels are those of every
   * later frame); sets the colour weight from the target's colour contrast, up to `mergeFactor`.
   */
  init(frame: ImageLike, box: TargetBox, mergeFactor: number): void {
    const { w, h } = box;
    this.windows.newFrame();
    this.windows.read(frame);
    this.setSize(w, h);
    const tw = this.tw, th = this.th;
    this.cf.setLabel((Math.sqrt(tw * th) * SIGMA_FACTOR) / CELL);
    // the target's size in the template never changes (the window keeps its proportions)
    const hx = tw / CELL / 2, hy = th / CELL / 2;
    this.cf.setSupport(CELLS / 2 - hx, CELLS / 2 - hy, CELLS / 2 + hx, CELLS / 2 + hy, SUPPORT_FLOOR);
    this.sampleAt(1, box.cx, box.cy, 1);
    const d = this.det;
    d.slot = 1;
    d.angle = this.angle = this.sampledAngle = 0;
    d.dx = d.dy = 0;
    this.learn(1, 1);
    this.augment(w, h);
    const contrast = this.colour.contrast(this.windows.bins(1), SIZE, this.boxAt(this.learnt, 0, 0));
    this.alpha = mergeFactor * Math.max(0, Math.min(1, contrast / FULL_CONTRAST));
  }

  /**
   * Learns the first sample (slot 1) turned by each of `augmentAngles` too, resampled into
   * slot 0; every copy weighs as much as the sample, in both of the filter's models (the
   * first frame still counts once in the target's mean, `learn()`). Then confines the filter
   * again, so the first frame ends constrained as before.
   */
  private augment(w: number, h: number): void {
    const angles = this.augmentAngles;
    if (angles.length === 0) return;
    // no turn moves the ends of the target sideways by more than half its width
    const cap = (Math.asin(Math.min(1, Math.min(w, h) / Math.max(w, h))) * 180) / Math.PI;
    // slot 1's template stays as sampled (the colour contrast reads it after this)
    for (let k = 0; k < angles.length; k++) {
      this.cf.transform(this.windows.turnCopy(1, 0, this.ww / SIZE, this.wh / SIZE, Math.max(-cap, Math.min(cap, angles[k]))), 0);
      this.cf.train(1 / (k + 2), 0);
    }
    this.cf.constrainNow();
  }

  /**
   * For a target of w × h: the window (the target plus `WINDOW_PADDING` times its mean side, frame pixels) and
   * the target's size in template pixels (the same at every scale searched).
   */
  private setSize(w: number, h: number): void {
    const pad = windowPad(w, h);
    this.ww = w + pad;
    this.wh = h + pad;
    this.tw = (SIZE * w) / this.ww;
    this.th = (SIZE * h) / this.wh;
  }

  /**
   * Samples the window around (cx, cy) at `scale` of the frame being read into `slot`, turned
   * back by `angle` (see `angle`), then its features' spectra.
   */
  private sampleAt(slot: number, cx: number, cy: number, scale: number, angle = 0): void {
    const win = this.window;
    win.cx = cx;
    win.cy = cy;
    win.w = this.ww * scale;
    win.h = this.wh * scale;
    const turn = angle === 0 ? null : turnCoefficients(this.ww / SIZE, this.wh / SIZE, -angle, this.turn);
    this.cf.transform(this.windows.sample(slot, win, turn), slot);
  }

  /** A new frame: what was read from the last one is forgotten (call before its first `detect()`). */
  newFrame(): void {
    this.windows.newFrame();
  }

  /**
   * Finds the mode of the fused density around a target `box` of a frame (of the size and
   * channels given to `init()`), over three scales (1/step, 1, step) or one, each sampled
   * turned back by `angle` (upright while it is within `uprightWithin`); with three scales, a
   * `rotationStep` and `searchTurn`, also at the chosen scale turned a step either way (two
   * more samples); fills `det`. Several detections may read one frame (between `newFrame()` calls).
   */
  detect(frame: ImageLike, box: TargetBox, scales: 1 | 3, searchTurn = true): Detection {
    const { cx, cy } = box;
    this.windows.read(frame);
    this.setSize(box.w, box.h);
    const G = CELLS, step = this.scaleStep;
    const twc = this.tw / CELL, thc = this.th / CELL;
    // shifts searched: as far as the target's box stays inside the template
    const rx = Math.max(2, Math.min(G / 2 - 1, Math.floor((G - twc) / 2)));
    const ry = Math.max(2, Math.min(G / 2 - 1, Math.floor((G - thc) / 2)));
    let best = 1, bestPeak = -Infinity;
    // the scales' windows: upright while the turn is within `uprightWithin`
    const sampled = Math.abs(this.angle) < this.uprightWithin ? 0 : this.angle;
    let sampledAngle = sampled;
    // the largest window first: the gray it converts (`GrayPlane`) holds the smaller ones' pixels
    const first = scales === 3 ? 2 : 1, last = scales === 3 ? 0 : 1;
    for (let si = first; si >= last; si--) {
      this.sampleAt(si, cx, cy, si === 0 ? 1 / step : si === 2 ? step : 1, sampled);
      let peak = this.respondIn(si, rx, ry);
      if (si !== 1) peak *= this.scalePenalty;
      // (>=: of equal peaks the smaller scale wins)
      if (peak >= bestPeak) {
        bestPeak = peak;
        best = si;
      }
    }
    const scale = best === 0 ? 1 / step : best === 2 ? step : 1;
    let angle = this.angle;
    if (scales === 3 && this.rotationStep > 0 && searchTurn) {
      // at the chosen scale, the target turned a step either way (into the two other slots); a
      // turn away from upright pays the penalty, a turn back toward it none
      const a0 = this.angle, by = this.rotationStep, from = best;
      for (let side = 1; side <= 2; side++) {
        const slot = (from + side) % 3, a = side === 1 ? a0 + by : a0 - by;
        this.sampleAt(slot, cx, cy, scale, a);
        let peak = this.respondIn(slot, rx, ry);
        if (Math.abs(a) > Math.abs(a0)) peak *= this.rotationPenalty;
        if (peak > bestPeak) {
          bestPeak = peak;
          best = slot;
          angle = a;
          sampledAngle = a;
        }
      }
    }
    const core = (COLOUR_CORE * (twc + thc)) / 2;
    const colour = this.colour.respond(this.windows.bins(best), SIZE, Math.max(1, twc - core), Math.max(1, thc - core), rx, ry);
    const m = this.merged, cr = this.responses[best], a = this.alpha;
    let bx = 0, by = 0, bv = -Infinity;
    for (let dy = -ry; dy <= ry; dy++) {
      const row = ((dy + G) % G) * G;
      for (let dx = -rx; dx <= rx; dx++) {
        const i = row + ((dx + G) % G);
        const v = (1 - a) * cr[i] + a * colour[i];
        m[i] = v;
        if (v > bv) {
          bv = v;
          bx = dx;
          by = dy;
        }
      }
    }
    this.findDistractor(rx, ry, bx, by, twc, thc);
    const d = this.det;
    d.iterations = responseMode(m, G, bx, by, this.mode);
    d.dx = this.mode.x;
    d.dy = this.mode.y;
    d.scale = scale;
    const sr = this.searched;
    sr.cx = cx;
    sr.cy = cy;
    sr.rx = rx;
    sr.ry = ry;
    d.angle = angle;
    this.sampledAngle = sampledAngle;
    this.place();
    d.slot = best;
    d.peak = bestPeak;
    d.score = bv;
    return d;
  }

  /**
   * Moves the last detection to the mode of its fused density nearest the window's centre
   * (where the target was), if that mode's density reaches `ratio` of the strongest one's
   * and it lies more than a cell from it; returns whether it moved. Mean shift's own
   * locality, for frames where the filter is unsure (see `RobustTracker`): a target that
   * turns away or blurs then keeps its place instead of jumping to a look-alike part of the
   * window that scores a little higher. Learning reads the detection as moved.
   */
  nearMode(ratio: number): boolean {
    const m = this.merged, G = CELLS, sr = this.searched, d = this.det, p = this.mode;
    nearestPeak(m, G, sr.rx, sr.ry, p);
    const x = p.x, y = p.y, v = m[((y + G) % G) * G + ((x + G) % G)];
    if (v < ratio * d.score || (Math.abs(x - d.dx) <= 1 && Math.abs(y - d.dy) <= 1)) return false;
    d.iterations += responseMode(m, G, x, y, p);
    d.dx = p.x;
    d.dy = p.y;
    this.place();
    d.score = v;
    return true;
  }

  /** Whether the last detection's mode lies within `cells` of the edge of the shifts searched. */
  modeAtEdge(cells: number): boolean {
    const d = this.det, sr = this.searched;
    return Math.abs(d.dx) >= sr.rx - cells || Math.abs(d.dy) >= sr.ry - cells;
  }

  /**
   * The correlation filter's response to the sample in `slot` (kept in `responses`), and its
   * strongest value over the shifts searched (|dx| ≤ rx, |dy| ≤ ry cells).
   */
  private respondIn(slot: number, rx: number, ry: number): number {
    const G = CELLS, r = this.cf.respond(slot);
    this.responses[slot].set(r);
    let peak = -Infinity;
    for (let dy = -ry; dy <= ry; dy++) {
      const row = ((dy + G) % G) * G;
      for (let dx = -rx; dx <= rx; dx++) {
        const v = r[row + ((dx + G) % G)];
        if (v > peak) peak = v;
      }
    }
    return peak;
  }

  /**
   * The last detection's centre in the frame: its window's centre plus its shift (cells) at its
   * scale, turned as its sample was (a shift in the turned template is turned back into the frame).
   */
  private place(): void {
    const d = this.det, sr = this.searched, a = this.sampledAngle;
    const ox = (d.dx * CELL * this.ww * d.scale) / SIZE, oy = (d.dy * CELL * this.wh * d.scale) / SIZE;
    if (a === 0) {
      d.cx = sr.cx + ox;
      d.cy = sr.cy + oy;
    } else {
      const t = (-a * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
      d.cx = sr.cx + c * ox - s * oy;
      d.cy = sr.cy + s * ox + c * oy;
    }
  }

  /** The look-alike of a detection at shift (mx, my) cells (`ColourModel.lookAlike`), as a box in the template, or none. */
  private findDistractor(rx: number, ry: number, mx: number, my: number, twc: number, thc: number): void {
    const dd = this.distractor, at = this.colour.lookAlike(rx, ry, mx, my, twc, thc, DISTRACTOR_RATIO);
    dd.found = at !== null;
    if (at) this.boxAt(dd, at.dx, at.dy);
  }

  /**
   * Learns from the last detection's sample, the target at the detected shift. The filter's
   * context learns at `filterRate` (0: never; 1: replaced); the target's box is the plain mean
   * of the frames seen (the first one counting once, its sample and turned copies averaged)
   * until that mean's rate, 1 / (frames + 1), falls to `filterRate`, and then learns at
   * `filterRate` too (so its first frames weigh alike, and after about 100 it forgets as the
   * context does).
   */
  learn(filterRate: number, colourRate: number): void {
    const d = this.det;
    const boxRate = filterRate > 0 && filterRate < 1 ? Math.max(filterRate, 1 / (this.targetFrames + 1)) : filterRate;
    this.cf.train(filterRate, d.slot, d.dx, d.dy, boxRate);
    this.targetFrames = boxRate >= 1 ? 1 : boxRate > 0 ? this.targetFrames + 1 : this.targetFrames;
    const dd = this.distractor;
    this.colour.learn(this.windows.bins(d.slot), SIZE, this.boxAt(this.learnt, d.dx, d.dy), colourRate, dd.found ? dd : null, DISTRACTOR_WEIGHT);
  }

  /** Writes into `out` the target's box in the template (template pixels) shifted by (dx, dy) cells; returns it. */
  private boxAt<T extends Span>(out: T, dx: number, dy: number): T {
    out.x0 = Math.round((SIZE - this.tw) / 2 + dx * CELL);
    out.y0 = Math.round((SIZE - this.th) / 2 + dy * CELL);
    out.x1 = out.x0 + Math.round(this.tw);
    out.y1 = out.y0 + Math.round(this.th);
    return out;
  }

  /** The frame the last detection read (for the probability map). */
  get lastFrame(): ImageLike {
    return this.windows.lastFrame;
  }
}
