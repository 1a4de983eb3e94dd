import type { Rect } from '../image/types.js';

/** The 21 overlap thresholds of the OTB success plot: 0, 0.05, ..., 1. */
export const SUCCESS_THRESHOLDS: readonly number[] = Object.freeze(Array.from({ length: 21 }, (_, i) => i / 20));
/** The 51 centre-error thresholds of the OTB precision plot: 0, 1, ..., 50 px. */
export const PRECISION_THRESHOLDS: readonly number[] = Object.freeze(Array.from({ length: 51 }, (_, i) => i));
/** The threshold of the precision score (OTB: 20 px). */
export const PRECISION_AT = 20;

/**
 * Intersection over union of two boxes (continuous coordinates; equal to the OTB toolkit's
 * `calcRectInt`, whose pixel-inclusive ends `x + w - 1` give the same intersection). 0 when
 * they do not overlap, or when either is empty.
 */
export function iou(a: Rect, b: Rect): number {
  const iw = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const ih = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (!(iw > 0) || !(ih > 0)) return 0;
  const inter = iw * ih;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Euclidean distance between the boxes' centres, in pixels. */
export function centerError(a: Rect, b: Rect): number {
  const dx = a.x + a.width / 2 - (b.x + b.width / 2);
  const dy = a.y + a.height / 2 - (b.y + b.height / 2);
  return Math.sqrt(dx * dx + dy * dy);
}

/** The scores of one sequence. */
export interface SequenceScore {
  /** Frames seen (scored and excluded). */
  frames: number;
  /** Frames with ground truth, the denominator of every rate. */
  scored: number;
  /** Frames excluded because their ground truth is missing or empty. */
  excluded: number;
  /** Success curve: fraction of scored frames with IoU > t, for t in SUCCESS_THRESHOLDS. */
  success: number[];
  /** Precision curve: fraction of scored frames with centre error ≤ t px, t in PRECISION_THRESHOLDS. */
  precision: number[];
  /** Area under the success curve: the mean of `success` (the OTB "AUC"). */
  auc: number;
  /** Fraction of scored frames with centre error ≤ 20 px. */
  precision20: number;
  /** Mean IoU over scored frames. */
  meanIoU: number;
}

/**
 * Accumulates the OTB metrics frame by frame: the CLI and the replay page feed it the same way
 * and get the same numbers. `add()` allocates nothing; `score()` can be read at any time
 * (running metrics). With no scored frame yet, every rate is 0.
 */
export class SequenceScorer {
  private readonly successCounts = new Float64Array(SUCCESS_THRESHOLDS.length);
  private readonly precisionCounts = new Float64Array(PRECISION_THRESHOLDS.length);
  private iouSum = 0;
  private n = 0;
  private nExcluded = 0;
  /** Per-frame IoU (NaN for excluded frames), in the order added. */
  readonly ious: number[] = [];
  /** Per-frame centre error (NaN for excluded frames). */
  readonly centerErrors: number[] = [];

  /** Scores one frame; `truth` null (missing or empty) excludes it. Returns the frame's IoU (NaN if excluded). */
  add(truth: Rect | null, predicted: Rect): number {
    if (truth === null || !(truth.width > 0) || !(truth.height > 0)) {
      this.nExcluded++;
      this.ious.push(NaN);
      this.centerErrors.push(NaN);
      return NaN;
    }
    const o = iou(truth, predicted);
    const e = centerError(truth, predicted);
    this.n++;
    this.iouSum += o;
    this.ious.push(o);
    this.centerErrors.push(e);
    for (let i = 0; i < SUCCESS_THRESHOLDS.length; i++) if (o > SUCCESS_THRESHOLDS[i]) this.successCounts[i]++;
    for (let i = 0; i < PRECISION_THRESHOLDS.length; i++) if (e <= PRECISION_THRESHOLDS[i]) this.precisionCounts[i]++;
    return o;
  }

  get frames(): number {
    return this.n + this.nExcluded;
  }

  score(): SequenceScore {
    const n = this.n;
    const success = Array.from(this.successCounts, (c) => (n > 0 ? c / n : 0));
    const precision = Array.from(this.precisionCounts, (c) => (n > 0 ? c / n : 0));
    let s = 0;
    for (const v of success) s += v;
    return {
      frames: n + this.nExcluded,
      scored: n,
      excluded: this.nExcluded,
      success,
      precision,
      auc: s / success.length,
      precision20: precision[PRECISION_AT],
      meanIoU: n > 0 ? this.iouSum / n : 0,
    };
  }
}

/** Scores a whole sequence at once: `truth[i]` against `predicted[i]`. */
export function scoreSequence(truth: readonly (Rect | null)[], predicted: readonly Rect[]): SequenceScore {
  if (truth.length !== predicted.length) {
    throw new RangeError(`scoreSequence needs one prediction a ground-truth box, got ${predicted.length} predictions for ${truth.length} boxes`);
  }
  const s = new SequenceScorer();
  for (let i = 0; i < truth.length; i++) s.add(truth[i], predicted[i]);
  return s.score();
}

/** Mean of several success or precision curves (the overall OTB plot: mean over sequences). */
export function meanCurve(curves: readonly (readonly number[])[]): number[] {
  if (curves.length === 0) return [];
  const out = new Array<number>(curves[0].length).fill(0);
  for (const c of curves) for (let i = 0; i < out.length; i++) out[i] += c[i];
  return out.map((v) => v / curves.length);
}
