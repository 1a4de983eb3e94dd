/** Options of the robust tracker (`createTracker({ method: 'robust' })`). */
export interface RobustTrackerOptions {
  /**
   * Colour feature: `'auto'` (default) uses RGB 16×16×16 unless the target is grayscale
   * (one channel, or R = G = B over it), and 64 gray levels then; `'rgb'` or `'gray'` force one.
   */
  colorSpace?: 'auto' | 'rgb' | 'gray';
  /** Most pixels sampled per mean-shift iteration (larger windows are subsampled on a grid). Default 1600. */
  maxSamples?: number;
  /** Most mean-shift iterations per frame. Default 15. */
  maxIterations?: number;
  /** Learning rate of the target model when the match is good (0 never updates). Default 0.02. */
  modelUpdateRate?: number;
  /** Learning rate of the background model around the target while tracking. Default 0.02. */
  backgroundUpdateRate?: number;
  /** Lost when the similarity falls below this fraction of its running mean. Default 0.6. */
  lostRatio?: number;
  /** Lost whenever the similarity falls below this. Default 0.1. */
  minSimilarity?: number;
  /** Found again when a candidate's similarity reaches this fraction of the running mean. Default 0.75. */
  foundRatio?: number;
  /** Most pixels sampled per frame by the re-detection search while lost. Default 6000. */
  redetectSamples?: number;
  /**
   * Weight a frame of the likelihood-mass scale estimate (the target likelihood q/(q + b)
   * summed around the target, against its density), on top of ASMS's scale. Default 0.1.
   */
  scaleRate?: number;
  /**
   * Share of the log size pulled back toward the first box's size each frame (a weak prior
   * against scale drift; 0 turns it off). Default 0.02.
   */
  sizePrior?: number;
}

export const DEFAULT_ROBUST_TRACKER_OPTIONS: Readonly<Required<RobustTrackerOptions>> = Object.freeze({
  colorSpace: 'auto',
  maxSamples: 1600,
  maxIterations: 15,
  modelUpdateRate: 0.02,
  backgroundUpdateRate: 0.02,
  lostRatio: 0.6,
  minSimilarity: 0.3,
  foundRatio: 0.75,
  redetectSamples: 6000,
  scaleRate: 0.1,
  sizePrior: 0.02,
});

/** Checks and completes robust tracker options; throws a RangeError naming the bad one. */
export function resolveRobustOptions(options: RobustTrackerOptions = {}): Required<RobustTrackerOptions> {
  const o = { ...DEFAULT_ROBUST_TRACKER_OPTIONS };
  for (const k of Object.keys(o) as (keyof RobustTrackerOptions)[]) {
    const v = options[k];
    if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  }
  if (o.colorSpace !== 'auto' && o.colorSpace !== 'rgb' && o.colorSpace !== 'gray') {
    throw new RangeError(`colorSpace must be 'auto', 'rgb' or 'gray', got '${String(o.colorSpace)}'`);
  }
  const int = (name: keyof RobustTrackerOptions, min: number) => {
    const v = o[name] as number;
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${v}`);
  };
  const unit = (name: keyof RobustTrackerOptions) => {
    const v = o[name] as number;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(`${name} must be in 0..1, got ${v}`);
  };
  int('maxSamples', 16);
  int('maxIterations', 1);
  int('redetectSamples', 16);
  unit('modelUpdateRate');
  unit('backgroundUpdateRate');
  unit('lostRatio');
  unit('minSimilarity');
  unit('foundRatio');
  unit('scaleRate');
  unit('sizePrior');
  return o;
}
