import { checkImage, type ImageLike, type Rect } from '../../image/types.js';
import { checkFrameSize, checkTarget, isGrayRegion } from '../target.js';
import { createTrackResult, type TrackResult, type Tracker } from '../types.js';
import type { Span, TargetBox } from './boxes.js';
import { colourBinCount } from './colour-bins.js';
import { ColourSearch } from './colour-search.js';
import { FusedDetector, windowPad } from './fused-detector.js';
import { resolveRobustOptions, type RobustTrackerOptions } from './options.js';
import { ProbabilityMap } from './probability-map.js';

/** Colour-search candidates checked by the filter each frame while the target is lost. */
const CANDIDATES = 3;
/** How much higher a candidate's filter peak must be than the followed position's to be taken instead. */
const SWITCH_MARGIN = 1.5;
/**
 * On a frame where the filter is unsure (its peak under `recheckRatio` of its running mean),
 * the mode of the fused density nearest the target's last place is taken when it reaches
 * this share of the strongest mode (`FusedDetector.nearMode()`). Chosen on TRE and SRE over
 * the development sequences (README, "Figures"): 0.85 and 0.7 scored alike.
 */
const NEAR_MODE_RATIO = 0.85;
/**
 * `rotationSearch: 'unsure'`: the turn is searched on a frame after one whose filter peak fell
 * under this share of its running mean, and the windows stay upright while the turn followed
 * is within `UPRIGHT_WITHIN` degrees (the filter learnt the first frame turned by ±8° and ±16°).
 * At about 1.3 times the time a frame of no turn search (every frame, every window turned:
 * twice), TRE 0.647 → 0.655 on the development sequences (README, "The turn search").
 */
const TURN_RECHECK = 0.9;
const UPRIGHT_WITHIN = 10;
/**
 * A mode within this many cells of the edge of the shifts searched may be a target that moved
 * further than the window reaches, seen through the window's taper: the window moves to it and
 * looks again (`followEdge()`). Chosen on the harder versions of the development sequences
 * (`bench/stress-variants.ts`, TRE at every 3rd frame, before the second look had its bar):
 * 0.545 without, 0.562 at 1 cell, 0.556 at 2, 0.551 at 3, and 0.545 at 0 (a mode never rests
 * on the very edge). As built (the second look over three scales, taken where the filter is
 * sure), TRE there 0.545 → 0.566 and SRE 0.547 → 0.565; on the sequences as they are TRE and
 * SRE unchanged (it fires on 0.2% of their frames). README, "Figures".
 */
const EDGE_CELLS = 1;

/** A turn in degrees anticlockwise (the detector's) as radians clockwise in (−π, π] (a `RotatedRect`'s). */
function clockwise(degrees: number): number {
  const a = -degrees % 360; // (−360, 360)
  return ((a > 180 ? a - 360 : a <= -180 ? a + 360 : a) * Math.PI) / 180;
}

/**
 * The robust tracker (`createTracker()`'s default): mean shift to the mode of a fused
 * density, a correlation filter's response on HOG-like features plus the colour likelihood
 * of the target against its surroundings (as Staple combines a template with colour,
 * Bertinetto et al. 2016), searched over three scales (see `FusedDetector`). Around it, a
 * small state machine: the filter's peak against its running mean tells when the target is
 * lost (`status: 'lost'`, models frozen); while lost the tracker keeps following its own
 * detection and also checks the best colour matches of a growing region of the frame with
 * the filter, and returns to `'tracking'` where the peak is back.
 *
 * `track()` allocates nothing: the returned `TrackResult` belongs to the tracker and is
 * overwritten by the next call. `probability` (computed when read) shows the colour
 * likelihood over the region the last frame looked at.
 */
export class RobustTracker implements Tracker {
  readonly method = 'robust' as const;
  private readonly o: Required<RobustTrackerOptions>;
  private detector: FusedDetector | null = null;
  private readonly search = new ColourSearch(CANDIDATES);
  private readonly result: TrackResult = createTrackResult();
  private prob: ProbabilityMap | null = null;
  private probDirty = false;
  /** The frame region the last frame looked at (for `probability`). */
  private readonly looked: Span = { x0: 0, y0: 0, x1: 0, y1: 0 };
  private frameW = 0;
  private frameH = 0;
  private channels = 4;
  /** The target's box now (frame pixels). */
  private readonly box: TargetBox = { cx: 0, cy: 0, w: 0, h: 0 };
  /** Where a colour-search candidate is checked (the box's size at the candidate). */
  private readonly probe: TargetBox = { cx: 0, cy: 0, w: 0, h: 0 };
  private peakMean = 0;
  private lost = false;
  private lostFrames = 0;
  private readonly own = { cx: 0, cy: 0, scale: 1, angle: 0, peak: 0, score: 0 };
  private readonly best = { cx: 0, cy: 0, scale: 1, angle: 0, peak: 0, score: 0 };

  constructor(options: RobustTrackerOptions = {}) {
    this.o = resolveRobustOptions(options);
  }

  get initialized(): boolean {
    return this.detector !== null;
  }

  /** The colour model chosen at `init()`. */
  get colorSpace(): 'rgb' | 'gray' | null {
    return this.detector ? (this.detector.gray ? 'gray' : 'rgb') : null;
  }

  /** Frame-sized 0..255 colour likelihood over the region the last frame looked at; null before `init()`. */
  get probability(): Uint8Array | null {
    this.renderProbability();
    return this.prob?.map ?? null;
  }

  /** Where `probability` was written for the last frame. */
  get probabilityRect(): Rect | null {
    this.renderProbability();
    return this.prob?.rect ?? null;
  }

  init(frame: ImageLike, target: Rect): void {
    const c = checkImage(frame, 'frame');
    const t = checkTarget(target, frame.width, frame.height);
    const o = this.o;
    const gray = o.colorSpace === 'gray' || c === 1 || (o.colorSpace === 'auto' && isGrayRegion(frame.data, c, frame.width, t));
    // all checks passed: only now replace the state
    const det = new FusedDetector({
      gray,
      scaleStep: o.scaleStep,
      scalePenalty: o.scalePenalty,
      rotationStep: o.rotationStep,
      rotationPenalty: o.rotationPenalty,
      uprightWithin: o.rotationSearch === 'unsure' ? UPRIGHT_WITHIN : 0,
      frameBytes: frame.width * frame.height * c,
    });
    this.channels = c;
    this.frameW = frame.width;
    this.frameH = frame.height;
    const b = this.box;
    b.cx = t.x + t.width / 2;
    b.cy = t.y + t.height / 2;
    b.w = t.width;
    b.h = t.height;
    det.init(frame, b, o.mergeFactor);
    this.detector = det;
    this.peakMean = 0;
    this.lost = false;
    this.lostFrames = 0;
    const bins = colourBinCount(gray);
    if (!this.prob || this.prob.width !== frame.width || this.prob.height !== frame.height || this.prob.binCount !== bins) {
      this.prob = new ProbabilityMap(frame.width, frame.height, bins);
    }
    this.lookAround();
    this.probDirty = true;
  }

  track(frame: ImageLike, timestamp?: number): TrackResult {
    const det = this.detector;
    if (!det) throw new Error('tracker.track() called before tracker.init(frame, target)');
    const c = checkImage(frame, 'frame');
    checkFrameSize(frame.width, frame.height, this.frameW, this.frameH);
    if (c !== this.channels) {
      throw new RangeError(`frame has ${c} channels but the tracker was initialised on ${this.channels}-channel frames; call init() again`);
    }
    const o = this.o;
    det.newFrame();
    // a scale step of 1 searches the one scale (the three would be the same window)
    // (`own` still holds the last frame's detection; the running mean is 0 until the first)
    const turn = o.rotationSearch === 'always' || (this.peakMean > 0 && this.own.peak < TURN_RECHECK * this.peakMean);
    const d = det.detect(frame, this.box, o.scaleStep === 1 ? 1 : 3, turn);
    this.followEdge(frame);
    // unsure: the mode nearest where the target was, unless a clearly stronger one is elsewhere
    if (this.peakMean > 0 && d.peak < o.recheckRatio * this.peakMean) det.nearMode(NEAR_MODE_RATIO);
    let iterations = d.iterations;
    if (this.peakMean === 0) this.peakMean = d.peak;
    const own = this.own;
    own.cx = d.cx;
    own.cy = d.cy;
    own.scale = d.scale;
    own.angle = d.angle;
    own.peak = d.peak;
    own.score = d.score;
    const best = this.best;
    Object.assign(best, own);
    if (this.lost) this.lostFrames++;
    if (this.lost || d.peak < o.recheckRatio * this.peakMean) {
      iterations += this.recheck(frame);
    }
    if (this.lost) {
      if (best.peak >= o.foundRatio * this.peakMean) {
        this.lost = false;
        this.moveTo(best);
      } else {
        this.moveTo(own);
      }
    } else {
      this.moveTo(best);
      if (best.peak < o.lostRatio * this.peakMean) {
        this.lost = true;
        this.lostFrames = 0;
      } else {
        this.peakMean += 0.05 * (best.peak - this.peakMean);
        det.learn(o.filterRate, o.colourRate);
      }
      this.lookAround();
    }
    const score = this.lost ? own.score : best.score;
    this.probDirty = true;
    const r = this.result, b = this.box;
    r.status = this.lost ? 'lost' : 'tracking';
    r.box.x = b.cx - b.w / 2;
    r.box.y = b.cy - b.h / 2;
    r.box.width = b.w;
    r.box.height = b.h;
    const rb = r.rotatedBox;
    rb.cx = b.cx;
    rb.cy = b.cy;
    rb.width = b.w;
    rb.height = b.h;
    // radians, clockwise on screen as OpenCV's RotatedRect (the detector's angle turns the other way)
    rb.angle = det.angle === 0 ? 0 : clockwise(det.angle);
    r.score = score > 1 ? 1 : score < 0 ? 0 : score;
    r.iterations = iterations;
    r.timestamp = timestamp;
    return r;
  }

  reset(): void {
    this.detector = null;
    this.prob = null;
    this.probDirty = false;
    this.frameW = this.frameH = 0;
    this.lost = false;
  }

  /**
   * Unsure or lost: the best colour matches of a region around the target (growing with the
   * time lost), each checked by the filter at the current scale; one that beats the followed
   * position by a clear margin becomes `best`. Returns the mean-shift iterations spent.
   */
  private recheck(frame: ImageLike): number {
    const det = this.detector!, d = det.det, o = this.o, own = this.own, best = this.best, b = this.box, p = this.probe;
    let iterations = 0;
    const grow = (this.lost ? 1 + this.lostFrames : 1) * 1.5 * Math.max(b.w, b.h);
    const l = this.looked;
    l.x0 = Math.max(0, Math.floor(b.cx - grow));
    l.y0 = Math.max(0, Math.floor(b.cy - grow));
    l.x1 = Math.min(this.frameW, Math.ceil(b.cx + grow));
    l.y1 = Math.min(this.frameH, Math.ceil(b.cy + grow));
    const n = this.search.search(frame, det.colour.likelihood, det.gray, l, b, o.searchSamples);
    p.w = b.w;
    p.h = b.h;
    let bestIsLast = true;
    for (let k = 0; k < n; k++) {
      const cand = this.search.candidates[k];
      p.cx = cand.cx;
      p.cy = cand.cy;
      det.detect(frame, p, 1);
      iterations += d.iterations;
      // another place wins only by a clear margin over where the target was followed to
      if (d.peak > best.peak && d.peak > SWITCH_MARGIN * own.peak) {
        best.cx = d.cx;
        best.cy = d.cy;
        best.scale = d.scale;
        best.angle = d.angle;
        best.peak = d.peak;
        best.score = d.score;
        bestIsLast = true;
      } else bestIsLast = false;
    }
    if (n > 0 && !bestIsLast && (best.peak >= o.lostRatio * this.peakMean) && !this.lost) {
      // learning reads the detector's last sample: take it again where the best one was
      p.cx = best.cx;
      p.cy = best.cy;
      det.detect(frame, p, 1);
    }
    return iterations;
  }

  /**
   * A mode at the edge of the shifts searched (`EDGE_CELLS`) may be a target that moved
   * further than the window reaches. As a mean-shift window does, the window moves to the mode
   * and looks again, over the three scales, at the turn chosen. That look is taken if its
   * filter peak is higher and the filter is sure there (at least `recheckRatio` of its running
   * mean: a window that followed unsure edge modes walked off over the background when the
   * target was gone, Bird2 there and back); or else the first window is sampled again at the
   * scale chosen (learning reads the last sample).
   */
  private followEdge(frame: ImageLike): void {
    const det = this.detector!, d = det.det, o = this.o;
    if (!det.modeAtEdge(EDGE_CELLS)) return;
    const p = this.probe, b = this.box, { scale, angle, peak } = d, turned = det.angle;
    p.w = b.w;
    p.h = b.h;
    p.cx = d.cx;
    p.cy = d.cy;
    det.angle = angle;
    det.detect(frame, p, o.scaleStep === 1 ? 1 : 3, false);
    if (d.peak <= peak || d.peak < o.recheckRatio * this.peakMean) {
      p.w = b.w * scale;
      p.h = b.h * scale;
      p.cx = b.cx;
      p.cy = b.cy;
      det.detect(frame, p, 1);
      d.scale = scale;
    }
    det.angle = turned;
    d.angle = angle;
  }

  /** Takes detection `m`: the box moves to its centre, scales by its scale, and turns to its angle. */
  private moveTo(m: { cx: number; cy: number; scale: number; angle: number }): void {
    const b = this.box;
    // no prior on the size: only 4 px and the frame bound it
    b.w = Math.max(4, Math.min(b.w * m.scale, this.frameW));
    b.h = Math.max(4, Math.min(b.h * m.scale, this.frameH));
    b.cx = Math.max(0, Math.min(this.frameW, m.cx));
    b.cy = Math.max(0, Math.min(this.frameH, m.cy));
    this.detector!.angle = m.angle;
  }

  /** The tracking window around the current box (the detector's, see `windowPad`). */
  private lookAround(): void {
    const l = this.looked, b = this.box, pad = windowPad(b.w, b.h);
    l.x0 = b.cx - (b.w + pad) / 2;
    l.x1 = b.cx + (b.w + pad) / 2;
    l.y0 = b.cy - (b.h + pad) / 2;
    l.y1 = b.cy + (b.h + pad) / 2;
  }

  private renderProbability(): void {
    if (!this.probDirty || !this.prob || !this.detector) return;
    this.probDirty = false;
    const det = this.detector;
    this.prob.render(det.lastFrame, det.colour.likelihood, det.gray, this.looked);
  }
}
