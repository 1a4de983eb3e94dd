// Bandwidth estimate: the mean distance of each point to its k-th nearest neighbour.
import { mergeOptions } from '../util/options.js';
import { toFlatPoints, type FlatPoints } from './points.js';
import { sampleIndices } from './seeded-random.js';
import { ESTIMATE_BANDWIDTH_DEFAULTS, ESTIMATE_WARN_DISTANCES, type EstimateBandwidthOptions, type PointsInput } from './types.js';

/**
 * Estimates a bandwidth for {@link meanShift} as scikit-learn's `estimate_bandwidth` does:
 * with k = max(1, ⌊n × quantile⌋), the mean over the points of the distance to their k-th
 * nearest neighbour, the point itself counting as its first (so k = 1 gives 0).
 *
 * Takes O(n²) time: pass `nSamples` for large data. The `nSamples` points are drawn with
 * modeseek's own seeded generator, so they are not the ones scikit-learn draws for the same
 * `random_state`; on all points (the default) the estimate is scikit-learn's.
 *
 * Returns 0 when the k nearest neighbours of every point coincide with it (for instance
 * when all points are identical); {@link meanShift} then, as scikit-learn, makes every
 * distinct point a cluster. Warns (`onWarning`, else console.warn) before computing more
 * than {@link ESTIMATE_WARN_DISTANCES} distances, naming `nSamples`.
 */
export function estimateBandwidth(data: PointsInput, options: EstimateBandwidthOptions = {}): number {
  return estimateBandwidthFlat(toFlatPoints(data), options);
}

/** {@link estimateBandwidth} on checked flat points. */
export function estimateBandwidthFlat(points: FlatPoints, options: EstimateBandwidthOptions = {}): number {
  const { quantile, nSamples } = mergeOptions('estimateBandwidth', ESTIMATE_BANDWIDTH_DEFAULTS, options, ['nSamples', 'seed', 'onWarning']);
  const seed = options.randomState ?? options.seed ?? ESTIMATE_BANDWIDTH_DEFAULTS.randomState;
  if (typeof quantile !== 'number' || !(quantile >= 0 && quantile <= 1)) {
    throw new RangeError(`quantile must be in [0, 1], got ${quantile}`);
  }
  if (!Number.isInteger(seed)) {
    throw new TypeError(`${options.randomState !== undefined ? 'randomState' : 'seed'} must be an integer, got ${seed}`);
  }
  let { data, n } = points;
  const d = points.d;
  if (nSamples !== undefined) {
    const k = nSamples;
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`nSamples must be an integer ≥ 1, got ${k}`);
    if (k < n) {
      const idx = sampleIndices(n, k, seed);
      const sub = new Float64Array(k * d);
      for (let i = 0; i < k; i++) sub.set(data.subarray(idx[i] * d, idx[i] * d + d), i * d);
      data = sub;
      n = k;
    }
  }
  if (n * n > ESTIMATE_WARN_DISTANCES) {
    const msg =
      `estimateBandwidth on ${n} points computes ${n}² = ${(n * n).toExponential(1)} distances (minutes); ` +
      `pass nSamples (e.g. nSamples: 10000) to estimate from a random subset`;
    if (options.onWarning) options.onWarning(msg);
    else console.warn(`modeseek: ${msg}`);
  }
  const k = Math.max(1, Math.trunc(n * quantile));
  const dist = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = i * d;
    for (let m = 0; m < n; m++) {
      const o = m * d;
      let dd = 0;
      for (let j = 0; j < d; j++) {
        const t = data[o + j] - data[p + j];
        dd += t * t;
      }
      dist[m] = dd;
    }
    total += Math.sqrt(kthSmallest(dist, n, k - 1));
  }
  return total / n;
}

/** The k-th smallest (0-based) of a[0 .. n-1]; reorders a. */
function kthSmallest(a: Float64Array, n: number, k: number): number {
  let l = 0;
  let r = n - 1;
  while (r > l) {
    const pivot = a[(l + r) >> 1];
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else break;
  }
  return a[k];
}
