// Tiny hand-checkable cases and bad input of meanShift(), meanShiftSteps(), estimateBandwidth().
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { estimateBandwidth, meanShift, meanShiftSteps, type MeanShiftStep } from '../../src/cluster/index.js';
import { roundHalfEven } from '../../src/cluster/bin-seeds.js';

/** The next step of a generator that must not be done yet. */
function nextStep(g: Generator<MeanShiftStep, unknown>): MeanShiftStep {
  const r = g.next();
  if (r.done) throw new Error('generator ended early');
  return r.value;
}

// 1-D: from 10 the mean is 10.5, whose ball of radius 1.5 includes 12 (distance exactly 1.5).
const LINE = [[0], [1], [10], [11], [12]];

describe('meanShift by hand', () => {
  it('flat kernel, distance ≤ bandwidth counts, strongest centre first', () => {
    const r = meanShift(LINE, { bandwidth: 1.5 });
    expect(r.clusterCenters).toEqual([[11], [0.5]]);
    expect(r.labels).toEqual([1, 1, 0, 0, 0]);
    expect(r.iterations).toBe(2); // 10 → 10.5 → 11 → 11 (stop)
    expect(r.bandwidth).toBe(1.5);
    expect(r.predict([[-3], [5.7], [5.8]])).toEqual([1, 1, 0]);
  });

  it('accepts an ml-matrix Matrix and typed rows alike', () => {
    const a = meanShift(LINE, { bandwidth: 1.5 });
    const b = meanShift(new Matrix(LINE), { bandwidth: 1.5 });
    const c = meanShift(LINE.map((p) => Float64Array.from(p)), { bandwidth: 1.5 });
    expect(b.clusterCenters).toEqual(a.clusterCenters);
    expect(c.labels).toEqual(a.labels);
    expect(a.predict(new Matrix([[12]]))).toEqual([0]);
  });

  it('clusterAll: false labels points beyond the bandwidth -1', () => {
    const r = meanShift([[0], [1], [5]], { bandwidth: 1.5, seeds: [[0]], clusterAll: false });
    expect(r.clusterCenters).toEqual([[0.5]]);
    expect(r.labels).toEqual([0, 0, -1]);
  });

  it('given seeds: seeds with no point near them are dropped', () => {
    const r = meanShift(LINE, { bandwidth: 1.5, seeds: [[100], [12]] });
    expect(r.clusterCenters).toEqual([[11]]);
    expect(r.labels).toEqual([0, 0, 0, 0, 0]);
  });

  it('maxIterations caps the steps after the first', () => {
    const r = meanShift(LINE, { bandwidth: 1.5, seeds: [[10]], maxIterations: 0 });
    expect(r.clusterCenters).toEqual([[10.5]]);
    expect(r.iterations).toBe(0);
  });

  it('identical points with a bandwidth: one cluster', () => {
    const r = meanShift([[2, 3], [2, 3], [2, 3]], { bandwidth: 1 });
    expect(r.clusterCenters).toEqual([[2, 3]]);
    expect(r.labels).toEqual([0, 0, 0]);
  });

  it('bin seeding with minBinFreq keeps only full bins', () => {
    // Bins of size 1.5: round(p / 1.5) = 0, 1, 7, 7, 8; only bin 7 holds 2 points → seed 10.5.
    const r = meanShift(LINE, { bandwidth: 1.5, binSeeding: true, minBinFreq: 2 });
    expect(r.clusterCenters).toEqual([[11]]);
  });

  it('Epanechnikov kernel: first step weighs 1 − (d/h)²', () => {
    const steps = meanShiftSteps([[0], [1]], { bandwidth: 2, kernel: 'epanechnikov', seeds: [[0]] });
    expect(Array.from(nextStep(steps).positions)).toEqual([0]);
    const first = nextStep(steps);
    expect(first.positions[0]).toBeCloseTo(0.75 / 1.75, 15);
    let r = steps.next();
    while (!r.done) r = steps.next();
    expect(r.value.clusterCenters.length).toBe(1);
    expect(r.value.clusterCenters[0][0]).toBeCloseTo(0.5, 2);
  });

  it('Gaussian kernel: weights exp(−½(d/h)²), symmetric data meet in the middle', () => {
    const steps = meanShiftSteps([[-1], [0], [1]], { bandwidth: 1, kernel: 'gaussian', seeds: [[-1]] });
    steps.next();
    const w = [1, Math.exp(-0.5), Math.exp(-2)];
    const expected = (w[0] * -1 + w[1] * 0 + w[2] * 1) / (w[0] + w[1] + w[2]);
    expect(nextStep(steps).positions[0]).toBeCloseTo(expected, 14);
    const r = meanShift([[-1], [0], [1]], { bandwidth: 1, kernel: 'gaussian' });
    expect(r.clusterCenters.length).toBe(1);
    expect(Math.abs(r.clusterCenters[0][0])).toBeLessThan(1e-2);
  });

  it('the generator yields every round with a live positions array', () => {
    const steps = meanShiftSteps(LINE, { bandwidth: 1.5 });
    const seen: number[][] = [];
    let r = steps.next();
    while (!r.done) {
      seen.push(Array.from(r.value.positions));
      r = steps.next();
    }
    expect(seen[0]).toEqual([0, 1, 10, 11, 12]);
    expect(seen[1]).toEqual([0.5, 0.5, 10.5, 11, 11.5]);
    expect(seen.at(-1)).toEqual([0.5, 0.5, 11, 11, 11]);
    expect(r.value.clusterCenters).toEqual([[11], [0.5]]);
  });
});

describe('estimateBandwidth by hand', () => {
  it('mean distance to the k-th nearest neighbour, the point itself first', () => {
    const x = [[0], [1], [3]];
    expect(estimateBandwidth(x, { quantile: 1 })).toBeCloseTo(8 / 3, 15); // 3, 2, 3
    expect(estimateBandwidth(x, { quantile: 0.7 })).toBeCloseTo(4 / 3, 15); // k = 2: 1, 1, 2
    expect(estimateBandwidth(x, { quantile: 0.5 })).toBe(0); // k = 1: itself
  });
  it('nSamples draws a reproducible subset', () => {
    const x = Array.from({ length: 50 }, (_, i) => [i * i]);
    const a = estimateBandwidth(x, { nSamples: 10, seed: 3 });
    expect(estimateBandwidth(x, { nSamples: 10, seed: 3 })).toBe(a);
    expect(estimateBandwidth(x, { nSamples: 10, seed: 4 })).not.toBe(a);
    expect(estimateBandwidth(x, { nSamples: 500 })).toBe(estimateBandwidth(x));
  });
});

describe('roundHalfEven (numpy round)', () => {
  it('rounds halves to even', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 2.4, -2.6].map(roundHalfEven)).toEqual([
      0, 2, 2, -0, -2, -2, 0, 2, -3,
    ]);
  });
});

describe('bad input', () => {
  it('empty data, ragged rows, non-numbers', () => {
    expect(() => meanShift([], { bandwidth: 1 })).toThrow(RangeError);
    expect(() => meanShift([[1, 2], [3]], { bandwidth: 1 })).toThrow(TypeError);
    expect(() => meanShift([[1, 2], [3]], { bandwidth: 1 })).toThrow(/data\[1\] has 1/);
    expect(() => meanShift([[1, '2' as unknown as number]], { bandwidth: 1 })).toThrow(TypeError);
    expect(() => meanShift('abc' as unknown as number[][], { bandwidth: 1 })).toThrow(TypeError);
    expect(() => meanShift([[]], { bandwidth: 1 })).toThrow(RangeError);
    expect(() => estimateBandwidth([])).toThrow(RangeError);
  });
  it('NaN and Infinity', () => {
    expect(() => meanShift([[0, 0], [NaN, 1]], { bandwidth: 1 })).toThrow(/data\[1\]\[0\] must be a finite number, got NaN/);
    expect(() => meanShift([[0, 0], [1, Infinity]], { bandwidth: 1 })).toThrow(RangeError);
    expect(() => meanShift([[0, 0]], { bandwidth: 1, seeds: [[NaN, 0]] })).toThrow(RangeError);
  });
  it('bandwidth ≤ 0, NaN, infinite or not a number', () => {
    expect(() => meanShift(LINE, { bandwidth: 0 })).toThrow(RangeError);
    expect(() => meanShift(LINE, { bandwidth: -1 })).toThrow(
      "The 'bandwidth' parameter of meanShift must be a float in the range (0, inf) or undefined. Got -1 instead.",
    );
    expect(() => meanShift(LINE, { bandwidth: NaN })).toThrow(RangeError);
    expect(() => meanShift(LINE, { bandwidth: Infinity })).toThrow(RangeError);
    expect(() => meanShift(LINE, { bandwidth: '1' as unknown as number })).toThrow(TypeError);
  });
  it('estimated bandwidth of 0: identical points make one cluster, as in scikit-learn', () => {
    expect(estimateBandwidth([[1, 1], [1, 1], [1, 1]])).toBe(0);
    const r = meanShift([[1, 1], [1, 1], [1, 1]]);
    expect(r.clusterCenters).toEqual([[1, 1]]);
    expect(r.labels).toEqual([0, 0, 0]);
    expect(r.bandwidth).toBe(0);
  });
  it('no seed near any point, no bin full enough', () => {
    expect(() => meanShift(LINE, { bandwidth: 1, seeds: [[100]] })).toThrow(
      'No point was within bandwidth=1.000000 of any seed. Try a different seeding strategy or increase the bandwidth.',
    );
    expect(() => meanShift(LINE, { bandwidth: 1.5, binSeeding: true, minBinFreq: 9 })).toThrow(/lower minBinFreq/);
  });
  it('other options', () => {
    expect(() => meanShift(LINE, { bandwidth: 1, kernel: 'cosine' as 'flat' })).toThrow(RangeError);
    expect(() => meanShift(LINE, { bandwidth: 1, maxIterations: -1 })).toThrow(RangeError);
    expect(() => meanShift(LINE, { bandwidth: 1, maxIterations: 1.5 })).toThrow(RangeError);
    expect(() => meanShift(LINE, { bandwidth: 1, minBinFreq: 0 })).toThrow(
      "The 'minBinFreq' parameter of meanShift must be an int in the range [1, inf). Got 0 instead.",
    );
    expect(() => meanShift(LINE, { bandwidth: 1, maxIterations: -2 })).toThrow(
      "The 'maxIterations' parameter of meanShift must be an int in the range [0, inf). Got -2 instead.",
    );
    expect(() => meanShift(LINE, { bandwidth: 1, seeds: [[1, 2]] })).toThrow(/seeds must have 1 coordinates/);
    expect(() => meanShift(LINE, { bandwidth: 1 }).predict([[1, 2]])).toThrow(RangeError);
    expect(() => estimateBandwidth(LINE, { quantile: 2 })).toThrow(RangeError);
    expect(() => estimateBandwidth(LINE, { nSamples: 0 })).toThrow(RangeError);
  });
});

describe('estimateBandwidth options', () => {
  const pts = Array.from({ length: 40 }, (_, i) => [Math.sin(i) * 3, Math.cos(i * 1.7) * 2]);
  it('randomState (the scikit-learn name) and seed (its alias) draw the same subset', () => {
    const a = estimateBandwidth(pts, { nSamples: 15, randomState: 5 });
    expect(estimateBandwidth(pts, { nSamples: 15, seed: 5 })).toBe(a);
    expect(estimateBandwidth(pts, { nSamples: 15, seed: 9, randomState: 5 })).toBe(a);
    expect(estimateBandwidth(pts, { nSamples: 15, randomState: 6 })).not.toBe(a);
    expect(() => estimateBandwidth(pts, { nSamples: 15, randomState: 1.5 })).toThrow('randomState must be an integer, got 1.5');
  });
  it('warns, naming nSamples, before more than 1e9 distance computations', () => {
    const big = Array.from({ length: 31_700 }, (_, i) => [i]); // 31 700² > 1e9
    // a throwing onWarning proves the warning comes before the work
    expect(() =>
      estimateBandwidth(big, {
        onWarning: (m) => {
          throw new Error(m);
        },
      }),
    ).toThrow(/31700 points computes .*pass nSamples/);
    const seen: string[] = [];
    expect(estimateBandwidth(big, { nSamples: 200, onWarning: (m) => seen.push(m) })).toBeGreaterThan(0);
    expect(seen).toEqual([]);
    // meanShift without a bandwidth passes its onWarning on
    expect(() =>
      meanShift(big, {
        onWarning: (m) => {
          throw new Error(m);
        },
      }),
    ).toThrow(/nSamples/);
  });
});
