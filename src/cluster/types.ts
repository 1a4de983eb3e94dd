// Options and results of meanShift() and estimateBandwidth().
/**
 * A matrix object: `rows` × `columns` numbers, read with `to2DArray()`. ml-matrix's `Matrix`
 * (and its views) fit as they are; modeseek itself does not depend on ml-matrix.
 */
export interface MatrixLike {
  readonly rows: number;
  readonly columns: number;
  /** The rows, each `columns` numbers long. */
  to2DArray(): ArrayLike<number>[];
}

/**
 * A point set, one row a point, all rows the same length: `number[][]`, an array of typed-array
 * rows (`Float64Array[]`, ...), or a {@link MatrixLike} such as an ml-matrix `Matrix`.
 */
export type PointsInput = ReadonlyArray<ArrayLike<number>> | MatrixLike;

/**
 * The weight each point gets in a mean-shift step, as a function of its distance d to the
 * current position, h being the bandwidth:
 * - `'flat'`: 1 when d ≤ h, else 0 (scikit-learn's `MeanShift`; the mean-shift step of the
 *   Epanechnikov density estimate);
 * - `'epanechnikov'`: 1 − (d/h)² when d ≤ h, else 0;
 * - `'gaussian'`: exp(−½ (d/h)²), truncated at 5 h (`GAUSSIAN_SUPPORT`).
 */
export type MeanShiftKernel = 'flat' | 'epanechnikov' | 'gaussian';

/** Options of {@link meanShift}, named as scikit-learn's `MeanShift` parameters in camelCase. */
export interface MeanShiftOptions {
  /** Kernel bandwidth (> 0). Default: `estimateBandwidth(data)` (quadratic in the number of points). */
  bandwidth?: number;
  /** Starting positions of the mode searches. Default: every point, or bin seeds with `binSeeding`. */
  seeds?: PointsInput;
  /** Seed from a grid of cell size `bandwidth` instead of from every point. Ignored when `seeds` is given. */
  binSeeding?: boolean;
  /** With `binSeeding`, only grid cells holding at least this many points become seeds. */
  minBinFreq?: number;
  /** When false, points farther than `bandwidth` from every centre get the label -1. */
  clusterAll?: boolean;
  /** Largest number of mean-shift steps of one seed, after the first. */
  maxIterations?: number;
  /** Weight profile of the mean-shift step; `'flat'` is scikit-learn's. */
  kernel?: MeanShiftKernel;
  /**
   * Receives the warnings scikit-learn would issue (bin seeding falling back to the points,
   * a bandwidth estimate past {@link ESTIMATE_WARN_DISTANCES} distances). Default: console.warn.
   */
  onWarning?: (message: string) => void;
}

/** Defaults of {@link MeanShiftOptions} (scikit-learn 1.2's). */
export const MEAN_SHIFT_DEFAULTS = {
  binSeeding: false,
  minBinFreq: 1,
  clusterAll: true,
  maxIterations: 300,
  kernel: 'flat',
} as const satisfies Required<Omit<MeanShiftOptions, 'bandwidth' | 'seeds' | 'onWarning'>>;

/** The Gaussian kernel ignores points farther than this many bandwidths (weight < 4e-6). */
export const GAUSSIAN_SUPPORT = 5;

/** A seed stops when its step is shorter than this fraction of the bandwidth. */
export const STOP_FRACTION = 1e-3;

/** Result of {@link meanShift}. */
export interface MeanShiftResult {
  /** The modes found, strongest first (most points within the bandwidth). */
  clusterCenters: number[][];
  /** For every input point, the index of its nearest centre (or -1, see `clusterAll`). */
  labels: number[];
  /** The largest number of iterations any seed took (scikit-learn's `n_iter_`). */
  iterations: number;
  /** The bandwidth used (given or estimated). */
  bandwidth: number;
  /** Index of the nearest centre of each point (ties go to the lower index). */
  predict(points: PointsInput): number[];
}

/** Options of {@link estimateBandwidth}. */
export interface EstimateBandwidthOptions {
  /** Which quantile of the distances to the k nearest neighbours, k = ⌊n × quantile⌋ (≥ 1). In [0, 1]. */
  quantile?: number;
  /** Estimate from this many points drawn at random (O(nSamples²) instead of O(n²)). */
  nSamples?: number;
  /** Seed of the draw of `nSamples` points (scikit-learn's `random_state`; an integer). */
  randomState?: number;
  /** The same as `randomState` (its first name here); `randomState` wins when both are given. */
  seed?: number;
  /**
   * Receives the warning issued before more than {@link ESTIMATE_WARN_DISTANCES} distance
   * computations (n² without `nSamples`). Default: console.warn.
   */
  onWarning?: (message: string) => void;
}

/** Defaults of {@link EstimateBandwidthOptions}. */
export const ESTIMATE_BANDWIDTH_DEFAULTS = { quantile: 0.3, randomState: 0 } as const;

/** estimateBandwidth warns before computing more distances than this. */
export const ESTIMATE_WARN_DISTANCES = 1e9;
