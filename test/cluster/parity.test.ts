// Parity with scikit-learn 1.2 (fixtures from fixtures/make-fixtures.py, never from our output).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { estimateBandwidth, meanShift, meanShiftSteps, type MeanShiftOptions } from '../../src/cluster/index.js';
import { sampleIndices } from '../../src/cluster/seeded-random.js';
import { binSeeds } from '../../src/cluster/bin-seeds.js';
import {
  meanShiftFixtures,
  readFixture,
  type BinSeedsFixture,
  type EstimateFixture,
  type MeanShiftFixture,
} from './fixtures.js';

const REL = 1e-9;

function expectClose(actual: number, expected: number, what: string): void {
  const tol = REL * Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(`${what}: expected ${expected}, got ${actual} (|diff| ${Math.abs(actual - expected)} > ${tol})`);
  }
}

function expectRowsClose(actual: number[][], expected: number[][], what: string): void {
  expect(actual.length, `${what}: number of rows`).toBe(expected.length);
  expected.forEach((row, i) => {
    expect(actual[i].length).toBe(row.length);
    row.forEach((v, j) => expectClose(actual[i][j], v, `${what}[${i}][${j}]`));
  });
}

function optionsOf(f: MeanShiftFixture): MeanShiftOptions {
  const p = f.params;
  return {
    bandwidth: p.bandwidth,
    seeds: p.seeds,
    binSeeding: p.bin_seeding,
    minBinFreq: p.min_bin_freq,
    clusterAll: p.cluster_all,
    maxIterations: p.max_iter,
  };
}

describe('meanShift matches scikit-learn MeanShift', () => {
  afterEach(() => vi.restoreAllMocks());
  const fixtures = meanShiftFixtures();
  it('has the fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(15));

  for (const f of fixtures) {
    it(`${f.name}: centres, labels, iterations`, () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const r = meanShift(f.X, optionsOf(f));
      expectClose(r.bandwidth, f.bandwidth, 'bandwidth');
      expectRowsClose(r.clusterCenters, f.cluster_centers, 'clusterCenters');
      expect(r.labels).toEqual(f.labels);
      expect(r.iterations).toBe(f.n_iter);
      expect(warn).toHaveBeenCalledTimes(f.warnings.length);
      if (f.predict) expect(r.predict(f.predict.X)).toEqual(f.predict.labels);
    });
  }

  it('the generator ends with the same result (blobs-2d-bin, given-seeds, blobs-5d)', () => {
    for (const name of ['blobs-2d-bin', 'given-seeds', 'blobs-5d']) {
      const f = readFixture<MeanShiftFixture>(name);
      const steps = meanShiftSteps(f.X, optionsOf(f));
      let r = steps.next();
      let yields = 0;
      while (!r.done) {
        yields++;
        r = steps.next();
      }
      expectRowsClose(r.value.clusterCenters, f.cluster_centers, `${name} clusterCenters`);
      expect(r.value.labels).toEqual(f.labels);
      expect(r.value.iterations).toBe(f.n_iter);
      // The seeds before any step, then one yield per round; the slowest seed takes n_iter + 1 steps.
      expect(yields).toBe(f.n_iter + 2);
    }
  });
});

describe('estimateBandwidth matches scikit-learn estimate_bandwidth', () => {
  const f = readFixture<EstimateFixture>('estimate-bandwidth');
  for (const c of f.cases) {
    const label = c.nSamples ? `quantile ${c.quantile}, nSamples ${c.nSamples}, seed ${c.seed}` : `quantile ${c.quantile}`;
    it(label, () => {
      if (c.nSamples !== undefined && c.indices) {
        // The fixture script ports our sampler; sklearn then estimates on exactly those points.
        expect(Array.from(sampleIndices(f.X.length, c.nSamples, c.seed ?? 0))).toEqual(c.indices);
      }
      expectClose(estimateBandwidth(f.X, { quantile: c.quantile, nSamples: c.nSamples, seed: c.seed }), c.bandwidth, 'bandwidth');
    });
  }
  it('default quantile on the 2-D blobs', () => {
    expectClose(estimateBandwidth(readFixture<MeanShiftFixture>('blobs-2d-estimated').X), f.blobs2d, 'bandwidth');
  });
});

describe('bin seeds match scikit-learn get_bin_seeds exactly', () => {
  const f = readFixture<BinSeedsFixture>('bin-seeds');
  f.cases.forEach((c, k) => {
    it(`case ${k}: bin size ${c.binSize}, minBinFreq ${c.minBinFreq}`, () => {
      const d = c.X[0].length;
      const r = binSeeds({ data: Float64Array.from(c.X.flat()), n: c.X.length, d }, c.binSize, c.minBinFreq);
      const rows = Array.from({ length: r.count }, (_, i) => Array.from(r.seeds.subarray(i * d, i * d + d)));
      expect(rows).toEqual(c.seeds);
    });
  });
});
