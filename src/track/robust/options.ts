import { mergeOptions } from '../../util/options.js';

/** Options of the robust tracker (`createTracker({ method: 'robust' })`, the default). */
export interface RobustTrackerOptions {
  /**
   * Colour model: `'auto'` (default) uses RGB (32 levels a channel) unless the target is
   * grayscale (one channel, or R = G = B over it), and 32 gray levels then; `'rgb'` or
   * `'gray'` force one.
   */
  colorSpace?: 'auto' | 'rgb' | 'gray';
  /**
   * Weight of the colour likelihood in the fused density, against the correlation filter's
   * response, for a target whose colour separates it well from its surroundings (it shrinks
   * toward 0 as the colour contrast at `init()` falls). Default 0.25 (chosen on TRE and SRE over
   * the development sequences with the colour response over the box's core; README, "Figures").
   */
  mergeFactor?: number;
  /**
   * Learning rate of the correlation filter (0 never updates). Over the target's box the
   * filter is the plain mean of the frames seen until that mean learns more slowly than this
   * (about 100 frames at 0.01); the context around the box learns at this rate from the
   * start. Default 0.01.
   */
  filterRate?: number;
  /** Learning rate of the foreground and background colour histograms. Default 0.04. */
  colourRate?: number;
  /**
   * Ratio between the three scales searched each frame (1/step, 1, step). Default 1.03. 1 keeps
   * the target's size and searches one scale: about half the time a frame, for targets that
   * do not change size.
   */
  scaleStep?: number;
  /** Factor applied to the response of the two changed scales (a bias toward no change). Default 0.99. */
  scalePenalty?: number;
  /**
   * Degrees between the turns searched, for targets that turn in the image (a motorbike
   * rolling over, a diver, a spinning toy): after the scale search, the sample is also taken
   * turned a step either way, the windows are sampled turned back by the turn followed, and
   * the turn is reported in `rotatedBox.angle`; when: `rotationSearch`. Default 0: the target
   * is kept upright and no turn is searched. 5 (the value measured) gains TRE +0.014 and SRE
   * +0.010 on the development sequences at twice the time a frame, over the 2× native CamShift
   * budget of the default (README, "Figures").
   */
  rotationStep?: number;
  /**
   * When the turn is searched (with a `rotationStep`): `'always'` (default), every frame, every
   * window turned by the turn followed: a steadily spinning target is followed without lag, at
   * twice the time a frame of `rotationStep: 0`. `'unsure'`: only after a frame whose filter
   * peak fell under 0.9 of its running mean (the target changed; about a third of the frames),
   * the windows sampled upright until the turn followed reaches 10° (the filter, which learnt
   * the first frame turned by ±8° and ±16°, holds a target turned less): about 1.3 times the
   * time a frame, most of the TRE gain, and a turn followed only as far as the filter needs.
   */
  rotationSearch?: 'unsure' | 'always';
  /** Factor applied to the response of a turn away from upright (a bias toward no turn). Default 0.98. */
  rotationPenalty?: number;
  /** Lost when the filter's peak falls below this fraction of its running mean. Default 0.25. */
  lostRatio?: number;
  /** Below this fraction of the running mean of the filter's peak, colour matches around the target are checked too. Default 0.5. */
  recheckRatio?: number;
  /** Found again when a candidate's peak reaches this fraction of the running mean. Default 0.3. */
  foundRatio?: number;
  /** Most pixels sampled per frame by the colour search for a lost target. Default 4000. */
  searchSamples?: number;
}

/** The robust tracker's defaults: what each option of `RobustTrackerOptions` is when left out. */
export const DEFAULT_ROBUST_TRACKER_OPTIONS: Readonly<Required<RobustTrackerOptions>> = Object.freeze({
  colorSpace: 'auto',
  mergeFactor: 0.25,
  filterRate: 0.01,
  colourRate: 0.04,
  scaleStep: 1.03,
  scalePenalty: 0.99,
  rotationStep: 0,
  rotationSearch: 'always',
  rotationPenalty: 0.98,
  lostRatio: 0.25,
  recheckRatio: 0.5,
  foundRatio: 0.3,
  searchSamples: 4000,
});

/** Checks and completes robust tracker options: a RangeError names a bad value, a TypeError an unknown name. */
export function resolveRobustOptions(options: RobustTrackerOptions = {}): Required<RobustTrackerOptions> {
  const o: Required<RobustTrackerOptions> = mergeOptions('the robust tracker', DEFAULT_ROBUST_TRACKER_OPTIONS, options);
  if (o.colorSpace !== 'auto' && o.colorSpace !== 'rgb' && o.colorSpace !== 'gray') {
    throw new RangeError(`colorSpace must be 'auto', 'rgb' or 'gray', got '${String(o.colorSpace)}'`);
  }
  const unit = (name: keyof RobustTrackerOptions) => {
    const v = o[name] as number;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(`${name} must be in 0..1, got ${v}`);
  };
  for (const k of ['mergeFactor', 'filterRate', 'colourRate', 'scalePenalty', 'rotationPenalty', 'lostRatio', 'recheckRatio', 'foundRatio'] as const) unit(k);
  if (typeof o.scaleStep !== 'number' || !(o.scaleStep >= 1 && o.scaleStep <= 1.5)) {
    throw new RangeError(`scaleStep must be in 1..1.5, got ${o.scaleStep}`);
  }
  if (o.rotationSearch !== 'unsure' && o.rotationSearch !== 'always') {
    throw new RangeError(`rotationSearch must be 'unsure' or 'always', got '${String(o.rotationSearch)}'`);
  }
  if (typeof o.rotationStep !== 'number' || !(o.rotationStep >= 0 && o.rotationStep <= 45)) {
    throw new RangeError(`rotationStep must be in 0..45 degrees (0: no turn searched), got ${o.rotationStep}`);
  }
  if (!Number.isInteger(o.searchSamples) || o.searchSamples < 16) {
    throw new RangeError(`searchSamples must be an integer ≥ 16, got ${o.searchSamples}`);
  }
  return o;
}
