// The state of one mean-shift run: checked options, seeds, index and per-seed progress.
import { mergeOptions } from '../util/options.js';
import { binSeeds } from './bin-seeds.js';
import { estimateBandwidthFlat } from './estimate-bandwidth.js';
import { createNeighbourIndex, type KernelCode, type NeighbourIndex } from './neighbour-index.js';
import { toFlatPoints, type FlatPoints } from './points.js';
import {
  GAUSSIAN_SUPPORT,
  MEAN_SHIFT_DEFAULTS,
  STOP_FRACTION,
  type MeanShiftKernel,
  type MeanShiftOptions,
  type PointsInput,
} from './types.js';

const KERNELS: Record<MeanShiftKernel, KernelCode> = { flat: 0, epanechnikov: 1, gaussian: 2 };

/** Everything a run needs; positions are updated in place by {@link stepSeed}. */
export interface MeanShiftRun {
  points: FlatPoints;
  d: number;
  bandwidth: number;
  clusterAll: boolean;
  maxIterations: number;
  kernel: KernelCode;
  h2: number;
  support2: number;
  stop: number;
  index: NeighbourIndex;
  nSeeds: number;
  /** Current seed positions, row-major nSeeds × d. */
  positions: Float64Array;
  /** Points within the bandwidth of each seed's previous position (0: none, the seed is dropped). */
  intensity: Int32Array;
  /** Completed iterations of each seed. */
  completed: Int32Array;
  /** Scratch sum, length d. */
  sum: Float64Array;
  /** Bandwidth 0 only: how many points have each coordinate tuple. */
  identical: Map<string, number> | null;
}

const NO_INDEX: NeighbourIndex = {
  sumWithin: () => 0,
  weightedSumWithin: () => 0,
  count: 0,
  kind: 'grid',
};

function tupleKey(a: Float64Array, o: number, d: number): string {
  let k = '';
  for (let j = 0; j < d; j++) k += (j ? ',' : '') + String(a[o + j] === 0 ? 0 : a[o + j]); // -0 is 0
  return k;
}

function countIdentical(points: FlatPoints): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < points.n; i++) {
    const k = tupleKey(points.data, i * points.d, points.d);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** Checks data and options and sets up a run (estimating the bandwidth when not given). */
export function createMeanShiftRun(data: PointsInput, options: MeanShiftOptions | undefined, owner = 'meanShift'): MeanShiftRun {
  const o = mergeOptions(owner, MEAN_SHIFT_DEFAULTS, options, ['bandwidth', 'seeds', 'onWarning']);
  const points = toFlatPoints(data);
  const { d } = points;
  const kernel = KERNELS[o.kernel as MeanShiftKernel];
  if (kernel === undefined || !Object.hasOwn(KERNELS, o.kernel)) {
    throw new RangeError(`kernel must be 'flat', 'epanechnikov' or 'gaussian', got ${String(o.kernel)}`);
  }
  // scikit-learn's parameter checks, in its words (with our option names)
  if (!Number.isInteger(o.maxIterations) || o.maxIterations < 0) {
    throw new RangeError(`The 'maxIterations' parameter of meanShift must be an int in the range [0, inf). Got ${String(o.maxIterations)} instead.`);
  }
  if (!Number.isInteger(o.minBinFreq) || o.minBinFreq < 1) {
    throw new RangeError(`The 'minBinFreq' parameter of meanShift must be an int in the range [1, inf). Got ${String(o.minBinFreq)} instead.`);
  }
  let bandwidth: number;
  if (o.bandwidth === undefined) {
    // may be 0 (identical neighbours): then, as scikit-learn, every distinct point is a mode
    bandwidth = estimateBandwidthFlat(points, { onWarning: o.onWarning });
  } else {
    bandwidth = o.bandwidth;
    if (typeof bandwidth !== 'number') {
      throw new TypeError(`The 'bandwidth' parameter of meanShift must be a float in the range (0, inf) or undefined. Got ${typeof bandwidth} ${JSON.stringify(bandwidth)} instead.`);
    }
    if (!(bandwidth > 0) || !Number.isFinite(bandwidth)) {
      throw new RangeError(`The 'bandwidth' parameter of meanShift must be a float in the range (0, inf) or undefined. Got ${bandwidth} instead.`);
    }
  }

  let seeds: Float64Array;
  let nSeeds: number;
  if (o.seeds !== undefined) {
    const s = toFlatPoints(o.seeds, 'seeds', d);
    seeds = s.data;
    nSeeds = s.n;
  } else if (o.binSeeding) {
    const b = binSeeds(points, bandwidth, o.minBinFreq);
    if (b.count === 0) {
      throw new RangeError(`no bin holds minBinFreq=${o.minBinFreq} points: lower minBinFreq or raise the bandwidth`);
    }
    if (b.fellBack) {
      const msg = `Binning data failed with provided bin_size=${bandwidth.toFixed(6)}, using data points as seeds.`;
      if (o.onWarning) o.onWarning(msg);
      else console.warn(`modeseek: ${msg}`);
    }
    seeds = b.fellBack ? points.data.slice() : b.seeds;
    nSeeds = b.count;
  } else {
    seeds = points.data.slice();
    nSeeds = points.n;
  }
  const h2 = bandwidth * bandwidth;
  const supportRadius = kernel === 2 ? GAUSSIAN_SUPPORT * bandwidth : bandwidth;
  return {
    points,
    d,
    bandwidth,
    clusterAll: o.clusterAll,
    maxIterations: o.maxIterations,
    kernel,
    h2,
    support2: supportRadius * supportRadius,
    stop: STOP_FRACTION * bandwidth,
    index: bandwidth > 0 ? createNeighbourIndex(points, supportRadius, nSeeds) : NO_INDEX,
    identical: bandwidth > 0 ? null : countIdentical(points),
    nSeeds,
    positions: seeds,
    intensity: new Int32Array(nSeeds),
    completed: new Int32Array(nSeeds),
    sum: new Float64Array(d),
  };
}

/**
 * One mean-shift step of seed s, as scikit-learn's `_mean_shift_single_seed` loop body:
 * move to the (weighted) mean of the points near it; returns true when the seed is done
 * (no point near it, a step shorter than 1e-3 × bandwidth, or maxIterations reached).
 */
export function stepSeed(run: MeanShiftRun, s: number): boolean {
  const { d, positions, sum, index, kernel } = run;
  const qo = s * d;
  if (run.identical) {
    // bandwidth 0 (estimated): the points within it are the seed's identical copies, whose mean
    // is the seed itself; it never moves less than 0, so scikit-learn runs it to maxIterations
    const count = run.identical.get(tupleKey(positions, qo, d)) ?? 0;
    run.intensity[s] = count;
    if (count === 0) return true;
    run.completed[s] = run.maxIterations;
    return true;
  }
  let weight: number;
  let count: number;
  if (kernel === 0) {
    count = index.sumWithin(positions, qo, run.h2, sum);
    weight = count;
  } else {
    weight = index.weightedSumWithin(positions, qo, run.support2, run.h2, kernel, sum);
    count = index.count;
  }
  if (!(weight > 0)) {
    run.intensity[s] = 0;
    return true;
  }
  let shift2 = 0;
  for (let j = 0; j < d; j++) {
    const m = sum[j] / weight;
    const t = m - positions[qo + j];
    shift2 += t * t;
    positions[qo + j] = m;
  }
  run.intensity[s] = count;
  if (Math.sqrt(shift2) < run.stop || run.completed[s] === run.maxIterations) return true;
  run.completed[s]++;
  return false;
}
