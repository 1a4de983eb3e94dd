// The grid and the KD tree decide membership exactly as a per-point test does.
import { describe, expect, it } from 'vitest';
import { GridIndex } from '../../src/cluster/grid-index.js';
import { KdTree } from '../../src/cluster/kd-tree.js';
import { createNeighbourIndex, type NeighbourIndex } from '../../src/cluster/neighbour-index.js';
import { seededRandom } from '../../src/cluster/seeded-random.js';

function brute(data: Float64Array, d: number, q: Float64Array, r2: number, sum: Float64Array): number {
  sum.fill(0);
  let count = 0;
  for (let i = 0; i < data.length / d; i++) {
    let dd = 0;
    for (let j = 0; j < d; j++) dd += (data[i * d + j] - q[j]) ** 2;
    if (dd <= r2) {
      count++;
      for (let j = 0; j < d; j++) sum[j] += data[i * d + j];
    }
  }
  return count;
}

function check(index: NeighbourIndex, data: Float64Array, d: number, queries: Float64Array, r: number): void {
  const a = new Float64Array(d);
  const b = new Float64Array(d);
  for (let k = 0; k < queries.length / d; k++) {
    const q = queries.subarray(k * d, k * d + d);
    const n = brute(data, d, q, r * r, a);
    expect(index.sumWithin(queries, k * d, r * r, b)).toBe(n);
    for (let j = 0; j < d; j++) expect(b[j]).toBeCloseTo(a[j], 9);
    const w = index.weightedSumWithin(queries, k * d, r * r, r * r, 1, b);
    expect(index.count).toBe(n);
    expect(w).toBeLessThanOrEqual(n);
  }
}

describe('neighbour indexes', () => {
  // Integer lattice points and integer radius: many points lie exactly on the sphere.
  for (const d of [1, 2, 3, 5]) {
    it(`lattice in ${d}-D: grid and KD tree count the boundary like a per-point test`, () => {
      const random = seededRandom(d);
      const n = 400;
      const data = Float64Array.from({ length: n * d }, () => Math.floor(random() * 9));
      const queries = Float64Array.from({ length: 60 * d }, (_, i) => (i % 3 === 0 ? Math.floor(random() * 9) : random() * 9));
      for (const r of [1, 2, 3.5]) {
        check(new KdTree({ data, n, d }), data, d, queries, r);
        check(new GridIndex({ data, n, d }, r / 2), data, d, queries, r);
      }
    });
  }
  it('chooses a grid in 2-D and a KD tree in 5-D or when outliers spread the points', () => {
    const data = Float64Array.from({ length: 200 }, (_, i) => i % 17);
    expect(createNeighbourIndex({ data, n: 100, d: 2 }, 1).kind).toBe('grid');
    expect(createNeighbourIndex({ data, n: 40, d: 5 }, 1).kind).toBe('kd-tree');
    const spread = Float64Array.from(data);
    spread[0] = 1e9;
    expect(createNeighbourIndex({ data: spread, n: 100, d: 2 }, 1).kind).toBe('kd-tree');
  });
});
