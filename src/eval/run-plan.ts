import type { Rect } from '../image/types.js';

/**
 * OTB's evaluation protocols (Wu, Lim & Yang, "Object Tracking Benchmark", TPAMI 2015):
 * `'ope'` one pass from the first box; `'tre'` temporal robustness (20 starts spread over the
 * sequence, each run to the end, from the ground truth there); `'sre'` spatial robustness (12
 * runs from the first frame, the first box shifted or scaled).
 */
export type EvalProtocol = 'ope' | 'tre' | 'sre';

export const EVAL_PROTOCOLS: readonly EvalProtocol[] = ['ope', 'tre', 'sre'];

/** The 12 perturbations of SRE, named and ordered as the OTB toolkit's `shiftTypeSet`. */
export type SreShift =
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'topLeft'
  | 'topRight'
  | 'bottomLeft'
  | 'bottomRight'
  | 'scale_8'
  | 'scale_9'
  | 'scale_11'
  | 'scale_12';

export const SRE_SHIFTS: readonly SreShift[] = [
  'left',
  'right',
  'up',
  'down',
  'topLeft',
  'topRight',
  'bottomLeft',
  'bottomRight',
  'scale_8',
  'scale_9',
  'scale_11',
  'scale_12',
];

/** One run of a protocol: a tracker starts at `startFrame` from `initBox` and tracks to the end. */
export interface PlannedRun {
  /** 0-based index of the frame the tracker is initialised on (scored with `initBox`, as OPE's first frame). */
  startFrame: number;
  /** The initial box, 0-based frame pixels. */
  initBox: Rect;
  kind: EvalProtocol;
  /** A name for the run: `ope`, `tre-<1-based start frame>`, or the SRE shift (`sre-left`, `sre-scale_8`, ...). */
  label: string;
}

/** Options of `planRuns()`; the defaults are the OTB toolkit's. */
export interface RunPlanOptions {
  /** TRE: number of segments (`segNum`). Default 20. */
  segments?: number;
  /** TRE: a start leaves at least this many frames, itself included (`minNum`). Default 20. */
  minFrames?: number;
}

export const DEFAULT_RUN_PLAN_OPTIONS: Required<RunPlanOptions> = Object.freeze({ segments: 20, minFrames: 20 });

/** MATLAB's `round`: halves away from zero (Math.round takes -0.5 to 0). */
function mround(v: number): number {
  return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
}

/**
 * Whether a frame can start a TRE run, as the toolkit's `splitSeqTRE` decides: its box in 1-based
 * (MATLAB) pixels has x > 0, y > 0, w > 0, h > 0 and no NaN. (The toolkit also drops the ranges
 * listed in its `initOmit/<name>.txt` files, which are not part of a sequence; they are not used.)
 */
function validStart(b: Rect | null): b is Rect {
  return b !== null && b.x + 1 > 0 && b.y + 1 > 0 && b.width > 0 && b.height > 0 && Number.isFinite(b.x + b.y + b.width + b.height);
}

/**
 * TRE's starting frames (0-based), as the OTB toolkit's `splitSeqTRE(seq, 20, anno)`: `Idx` are
 * the (1-based) frames whose box is valid (see above); `endSegIdx` is the last position in `Idx`
 * whose frame leaves at least `minFrames` frames (itself included); the starts are
 * `Idx([floor(1 : endSegIdx/(segNum-1) : endSegIdx) endSegIdx])`. With segNum 20 and
 * endSegIdx >= 19 that is 20 starts (19 from the colon range and `endSegIdx` itself); with fewer
 * valid frames there are fewer, and some repeat, as in the toolkit (a repeated run counts twice). Where no valid frame leaves `minFrames` frames (a
 * sequence shorter than that; the toolkit fails there) the first valid frame is the only start.
 * Throws a RangeError when no frame has a valid box.
 */
export function treStartFrames(truth: readonly (Rect | null)[], options: RunPlanOptions = {}): number[] {
  const segNum = options.segments ?? DEFAULT_RUN_PLAN_OPTIONS.segments;
  const minNum = options.minFrames ?? DEFAULT_RUN_PLAN_OPTIONS.minFrames;
  if (!Number.isInteger(segNum) || segNum < 2) throw new RangeError(`segments must be an integer >= 2, got ${segNum}`);
  if (!Number.isInteger(minNum) || minNum < 1) throw new RangeError(`minFrames must be an integer >= 1, got ${minNum}`);
  const len = truth.length;
  const idx: number[] = []; // 1-based frame numbers with a valid box
  for (let i = 0; i < len; i++) if (validStart(truth[i])) idx.push(i + 1);
  if (idx.length === 0) throw new RangeError('no frame has a valid ground-truth box (x, y >= 1 in 1-based pixels, w, h > 0); TRE and SRE start from one');
  let endSegIdx = 0; // 1-based position in idx
  for (let i = idx.length; i >= 1; i--) {
    if (len - idx[i - 1] + 1 >= minNum) {
      endSegIdx = i;
      break;
    }
  }
  if (endSegIdx === 0) return [idx[0] - 1];
  // MATLAB's 1 : step : endSegIdx with step = endSegIdx/(segNum-1): elements 1 + k*step while
  // <= endSegIdx. 1 + k*E/(segNum-1) <= E  <=>  k <= (segNum-1)(E-1)/E, so k = 0..segNum-2;
  // floor(1 + k*E/(segNum-1)) = 1 + floor(k*E/(segNum-1)) in exact integer arithmetic.
  const positions: number[] = [];
  const m = segNum - 1;
  for (let k = 0; k * endSegIdx <= m * (endSegIdx - 1); k++) positions.push(1 + Math.floor((k * endSegIdx) / m));
  positions.push(endSegIdx);
  return positions.map((p) => idx[p - 1] - 1);
}

/**
 * SRE's perturbed first box, as the OTB toolkit's `shiftInitBB(r, shiftType, imgH, imgW)`, in
 * its 1-based pixels (the box is converted from 0-based and back, so MATLAB's rounding of halves
 * lands where the toolkit's does):
 * - `left`/`right`/`up`/`down`: x (or y) moved by `ceil(0.1·w)` (or h), size kept;
 * - `topLeft`, `topRight`, `bottomLeft`, `bottomRight`: that corner moved outward by
 *   `round(0.1·w)`, `round(0.1·h)` (the corner, not the box: the opposite corner stays, so the
 *   box grows by about 10% a side, exactly as the toolkit does);
 * - `scale_8`, `scale_9`, `scale_11`, `scale_12`: w and h times 0.8 ... 1.2 about the toolkit's
 *   centre `(x + w/2, y + h/2)`, then `round` of x, y, w, h;
 * then clipped to the frame: x, y at least 1 (the size kept), and the width (height) cut to end at
 * the frame's far edge. The arithmetic is IEEE double, as MATLAB's.
 */
export function shiftInitBox(box: Rect, shift: SreShift, frame: { width: number; height: number }): Rect {
  let x = box.x + 1, y = box.y + 1, w = box.width, h = box.height;
  const cx = x + w / 2, cy = y + h / 2;
  let brx = x + w - 1, bry = y + h - 1;
  const scale = (ratio: number): void => {
    const sw = ratio * w, sh = ratio * h;
    x = mround(cx - sw / 2);
    y = mround(cy - sh / 2);
    w = mround(sw);
    h = mround(sh);
  };
  switch (shift) {
    case 'scale_8':
      scale(0.8);
      break;
    case 'scale_9':
      scale(0.9);
      break;
    case 'scale_11':
      scale(1.1);
      break;
    case 'scale_12':
      scale(1.2);
      break;
    case 'left':
      x = x - Math.ceil(0.1 * w);
      break;
    case 'right':
      x = x + Math.ceil(0.1 * w);
      break;
    case 'up':
      y = y - Math.ceil(0.1 * h);
      break;
    case 'down':
      y = y + Math.ceil(0.1 * h);
      break;
    case 'topLeft':
      x = mround(x - 0.1 * w);
      y = mround(y - 0.1 * h);
      w = brx - x + 1;
      h = bry - y + 1;
      break;
    case 'topRight':
      brx = mround(brx + 0.1 * w);
      y = mround(y - 0.1 * h);
      w = brx - x + 1;
      h = bry - y + 1;
      break;
    case 'bottomLeft':
      x = mround(x - 0.1 * w);
      bry = mround(bry + 0.1 * h);
      w = brx - x + 1;
      h = bry - y + 1;
      break;
    case 'bottomRight':
      brx = mround(brx + 0.1 * w);
      bry = mround(bry + 0.1 * h);
      w = brx - x + 1;
      h = bry - y + 1;
      break;
    default:
      throw new RangeError(`unknown SRE shift '${String(shift)}'; use one of ${SRE_SHIFTS.join(', ')}`);
  }
  if (x < 1) x = 1;
  if (y < 1) y = 1;
  if (x + w - 1 > frame.width) w = frame.width - x + 1;
  if (y + h - 1 > frame.height) h = frame.height - y + 1;
  return { x: x - 1, y: y - 1, width: w, height: h };
}

/**
 * The runs of a protocol on one sequence (`truth`: one 0-based box a frame, null where missing;
 * `frameSize`: the frames' size, used by SRE to clip its boxes):
 * - `'ope'`: one run from frame 0 and its box (which must be valid, as `modeseek eval` requires);
 * - `'tre'`: a run from each of `treStartFrames()`, from the ground truth there;
 * - `'sre'`: 12 runs from the first TRE start (the first frame with a valid box, as the toolkit's
 *   `subSeqs{1}`), from `shiftInitBox()` of its box, in `SRE_SHIFTS` order.
 * Every run goes to the last frame. Throws a RangeError naming the problem (no valid box; a
 * perturbed box left empty by the clipping).
 */
export function planRuns(
  protocol: EvalProtocol,
  truth: readonly (Rect | null)[],
  frameSize: { width: number; height: number },
  options: RunPlanOptions = {},
): PlannedRun[] {
  const copy = (b: Rect): Rect => ({ x: b.x, y: b.y, width: b.width, height: b.height });
  switch (protocol) {
    case 'ope': {
      const b = truth[0];
      if (!b || !(b.width > 0) || !(b.height > 0)) throw new RangeError('the first ground-truth box is missing or empty; OPE starts from it, so give a box on line 1');
      return [{ startFrame: 0, initBox: copy(b), kind: 'ope', label: 'ope' }];
    }
    case 'tre':
      return treStartFrames(truth, options).map((s) => ({ startFrame: s, initBox: copy(truth[s]!), kind: 'tre', label: `tre-${s + 1}` }));
    case 'sre': {
      if (!(frameSize.width > 0) || !(frameSize.height > 0)) throw new RangeError(`SRE needs the frame size, got ${frameSize.width}x${frameSize.height}`);
      const start = treStartFrames(truth, options)[0];
      const box = truth[start]!;
      return SRE_SHIFTS.map((shift) => {
        const initBox = shiftInitBox(box, shift, frameSize);
        if (!(initBox.width > 0) || !(initBox.height > 0)) {
          throw new RangeError(`SRE ${shift}: the box of frame ${start + 1} lies outside the ${frameSize.width}x${frameSize.height} frame once shifted; check the ground truth`);
        }
        return { startFrame: start, initBox, kind: 'sre' as const, label: `sre-${shift}` };
      });
    }
    default:
      throw new RangeError(`protocol must be one of ${EVAL_PROTOCOLS.join(', ')}, got '${String(protocol)}'`);
  }
}

/** Tracked frames of a plan on a sequence of `frames` frames (the work, for progress and scheduling). */
export function planFrames(plan: readonly PlannedRun[], frames: number): number {
  let n = 0;
  for (const r of plan) n += Math.max(0, frames - r.startFrame);
  return n;
}
