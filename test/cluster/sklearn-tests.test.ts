// scikit-learn 1.2's own tests of mean shift (sklearn/cluster/tests/test_mean_shift.py), ported:
// the same data and calls, with scikit-learn's results from fixtures made by
// fixtures/make-fixtures.py (sk-*.json). Not ported: test_estimate_bandwidth_with_sparse_matrix
// (no sparse input here), test_unfitted (no estimator object), the dtype checks of
// global_dtype (we compute in float64 only). See src/cluster/README.md.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { estimateBandwidth, meanShift, meanShiftSteps } from '../../src/cluster/index.js';
import { binSeeds } from '../../src/cluster/bin-seeds.js';
import { readFixture, type MeanShiftFixture } from './fixtures.js';

interface SkExtra {
  binSeeds: { X: number[][]; binSize: number; minBinFreq: number; seeds: number[][]; warnings: string[] }[];
  X: number[][];
  estimate200: number;
  estimateAll: number;
  estimate1: number;
  zeroBandwidth: number;
}
const extra = readFixture<SkExtra>('sk-bin-seeds-and-estimate');
const messages = readFixture<{ allOrphans: string }>('sk-messages');
const X = extra.X;

const unique = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

afterEach(() => vi.restoreAllMocks());

describe('test_mean_shift.py', () => {
  it('test_estimate_bandwidth: nSamples 200 gives a bandwidth in [0.9, 1.5]', () => {
    // scikit-learn draws its 200 with numpy (and gets its own value); we draw with ours
    expect(extra.estimate200).toBeGreaterThanOrEqual(0.9);
    expect(extra.estimate200).toBeLessThanOrEqual(1.5);
    for (const randomState of [0, 1, 2]) {
      const b = estimateBandwidth(X, { nSamples: 200, randomState });
      expect(b).toBeGreaterThanOrEqual(0.9);
      expect(b).toBeLessThanOrEqual(1.5);
    }
    expect(estimateBandwidth(X)).toBeCloseTo(extra.estimateAll, 12);
  });

  it('test_estimate_bandwidth_1sample: nSamples 1 gives 0', () => {
    expect(Math.abs(extra.estimate1)).toBeLessThan(1e-5); // scikit-learn's: pytest.approx(0, abs=1e-5)
    expect(estimateBandwidth(X, { nSamples: 1, quantile: 0.3 })).toBe(0);
  });

  for (const [bandwidth, clusterAll, expected, first] of [
    [1.2, true, 3, 0],
    [1.2, false, 4, -1],
  ] as const) {
    it(`test_mean_shift: bandwidth ${bandwidth}, clusterAll ${clusterAll} -> ${expected} labels, first ${first}`, () => {
      const r = meanShift(X, { bandwidth, clusterAll });
      const labels = unique(r.labels);
      expect(labels.length).toBe(expected);
      expect(labels[0]).toBe(first);
      const f = readFixture<MeanShiftFixture>(clusterAll ? 'sk-mean-shift-all' : 'sk-mean-shift-not-all');
      expect(r.labels).toEqual(f.labels);
      // mean_shift() without a bandwidth: the estimate
      const e = meanShift(X, { clusterAll });
      const el = unique(e.labels);
      expect(el.length).toBe(expected);
      expect(el[0]).toBe(first);
      expect(e.labels).toEqual(readFixture<MeanShiftFixture>(clusterAll ? 'sk-mean-shift-estimated-all' : 'sk-mean-shift-estimated-not-all').labels);
    });
  }

  it('test_parallel: the same centres and labels however it is run (steps or at once)', () => {
    const f = readFixture<MeanShiftFixture>('sk-parallel-50');
    const a = meanShift(f.X);
    const steps = meanShiftSteps(f.X);
    let s = steps.next();
    while (!s.done) s = steps.next();
    expect(s.value.clusterCenters).toEqual(a.clusterCenters);
    expect(s.value.labels).toEqual(a.labels);
    expect(a.labels).toEqual(f.labels);
  });

  it('test_meanshift_predict: predict on the fitted points gives the labels', () => {
    const r = meanShift(X, { bandwidth: 1.2 });
    expect(r.predict(X)).toEqual(r.labels);
    expect(r.predict(X)).toEqual(readFixture<MeanShiftFixture>('sk-mean-shift-all').predict!.labels);
  });

  it('test_meanshift_all_orphans: seeds away from the data, in scikit-learn words', () => {
    expect(messages.allOrphans).toContain('No point was within bandwidth=0.1');
    expect(() => meanShift(X, { bandwidth: 0.1, seeds: [[-9, -9], [-10, -10]] })).toThrow(messages.allOrphans);
  });

  it('test_cluster_intensity_tie: the order of the points decides ties', () => {
    const c1 = meanShift([[1, 1], [2, 1], [1, 0], [4, 7], [3, 5], [3, 6]], { bandwidth: 2 });
    const c2 = meanShift([[4, 7], [3, 5], [3, 6], [1, 1], [2, 1], [1, 0]], { bandwidth: 2 });
    expect(c1.labels).toEqual([1, 1, 1, 0, 0, 0]);
    expect(c2.labels).toEqual([0, 0, 0, 1, 1, 1]);
    expect(c1.labels).toEqual(readFixture<MeanShiftFixture>('sk-intensity-tie-a').labels);
    expect(c2.labels).toEqual(readFixture<MeanShiftFixture>('sk-intensity-tie-b').labels);
  });

  it('test_bin_seeds: bins of size 1 (min freq 1 and 2), 0.01 (falls back to the points), tight blobs', () => {
    const sets = extra.binSeeds.map((c) => {
      const d = c.X[0].length;
      const r = binSeeds({ data: Float64Array.from(c.X.flat()), n: c.X.length, d }, c.binSize, c.minBinFreq);
      return { c, rows: Array.from({ length: r.count }, (_, i) => Array.from(r.seeds.subarray(i * d, i * d + d))), fellBack: r.fellBack };
    });
    const asSet = (rows: number[][]): string[] => rows.map((r) => r.join(',')).sort();
    expect(asSet(sets[0].rows)).toEqual(['0,0', '1,1', '2,1']);
    expect(asSet(sets[1].rows)).toEqual(['1,1', '2,1']);
    expect(sets[2].fellBack).toBe(true);
    expect(sets[2].rows).toEqual(sets[2].c.X);
    expect(sets[2].c.warnings.length).toBe(1);
    expect(sets[3].rows).toEqual([[0, 0], [1, 1]]);
    for (const s of sets) expect(s.rows).toEqual(s.c.seeds);
  });

  for (const maxIterations of [1, 100]) {
    it(`test_max_iter: maxIterations ${maxIterations}`, () => {
      const f = readFixture<MeanShiftFixture>(`sk-max-iter-${maxIterations}`);
      const r = meanShift(X, { maxIterations });
      expect(r.iterations).toBeLessThanOrEqual(maxIterations);
      expect(r.iterations).toBe(f.n_iter);
      expect(r.clusterCenters.length).toBe(f.cluster_centers.length);
      r.clusterCenters.forEach((c, i) => c.forEach((v, j) => expect(v).toBeCloseTo(f.cluster_centers[i][j], 9)));
    });
  }

  for (const binSeeding of [false, true]) {
    it(`test_mean_shift_zero_bandwidth: [1,1,1,2,2,2,3,3] gives three clusters, binSeeding ${binSeeding}`, () => {
      const Z = [1, 1, 1, 2, 2, 2, 3, 3].map((v) => [v]);
      expect(extra.zeroBandwidth).toBe(0);
      expect(estimateBandwidth(Z)).toBe(0);
      const f = readFixture<MeanShiftFixture>(binSeeding ? 'sk-zero-bandwidth-bin' : 'sk-zero-bandwidth');
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const r = meanShift(Z, { binSeeding });
      expect(warn).not.toHaveBeenCalled();
      expect(r.bandwidth).toBe(0);
      expect(r.clusterCenters).toEqual(f.cluster_centers); // [[2], [1], [3]]
      expect(r.labels).toEqual(f.labels);
      expect(r.iterations).toBe(f.n_iter);
      // the partition scikit-learn's test checks (v-measure 1 against [0,0,0,1,1,1,2,2])
      const groups = [r.labels.slice(0, 3), r.labels.slice(3, 6), r.labels.slice(6)];
      for (const g of groups) expect(new Set(g).size).toBe(1);
      expect(new Set(groups.map((g) => g[0])).size).toBe(3);
    });
  }
  it('zero bandwidth: clusterAll false keeps every point (distance 0), a given seed off the data finds nothing', () => {
    const Z = [1, 1, 1, 2, 2, 2, 3, 3].map((v) => [v]);
    expect(meanShift(Z, { clusterAll: false }).labels.every((l) => l >= 0)).toBe(true);
    expect(() => meanShift(Z, { seeds: [[1.5]] })).toThrow('No point was within bandwidth=0.000000 of any seed');
  });
});
