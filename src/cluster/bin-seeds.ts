// Bin seeding: one seed per grid cell of size binSize holding enough points.
import type { FlatPoints } from './points.js';

/** Rounds half to even, as numpy's `round`. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Result of {@link binSeeds}. */
export interface BinSeedsResult {
  /** Seeds, row-major, `count` × d. */
  seeds: Float64Array;
  count: number;
  /** True when every point had a bin of its own, so the points themselves are the seeds. */
  fellBack: boolean;
}

/**
 * scikit-learn's `get_bin_seeds`: each point goes to the bin round(p / binSize) (half to
 * even); bins holding at least `minBinFreq` points, in the order they were first met, give
 * the seeds bin × binSize, computed in float32 as scikit-learn does. When there are as many
 * such bins as points, the points are the seeds (scikit-learn warns then).
 */
export function binSeeds(points: FlatPoints, binSize: number, minBinFreq: number): BinSeedsResult {
  const { data, n, d } = points;
  // a bin size of 0 (an estimated bandwidth of 0): the points themselves, as scikit-learn
  if (binSize === 0) return { seeds: data, count: n, fellBack: false };
  // Open addressing over bin coordinates; keys in first-seen order.
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const table = new Int32Array(capacity).fill(-1);
  const keys = new Float64Array(n * d);
  const freq = new Int32Array(n);
  let bins = 0;
  for (let i = 0; i < n; i++) {
    const p = i * d;
    const o = bins * d;
    let h = 0x811c9dc5;
    for (let j = 0; j < d; j++) {
      const k = roundHalfEven(data[p + j] / binSize);
      keys[o + j] = k;
      h = Math.imul(h ^ (k | 0) ^ ((k / 4294967296) | 0), 0x01000193);
    }
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const b = table[slot];
      if (b < 0) {
        table[slot] = bins;
        freq[bins++] = 1;
        break;
      }
      let same = true;
      for (let j = 0; j < d; j++) {
        if (keys[b * d + j] !== keys[o + j]) {
          same = false;
          break;
        }
      }
      if (same) {
        freq[b]++;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  let count = 0;
  for (let b = 0; b < bins; b++) if (freq[b] >= minBinFreq) count++;
  if (count === n) return { seeds: data, count: n, fellBack: true };
  const seeds = new Float64Array(count * d);
  const size32 = Math.fround(binSize);
  let s = 0;
  for (let b = 0; b < bins; b++) {
    if (freq[b] < minBinFreq) continue;
    for (let j = 0; j < d; j++) seeds[s * d + j] = Math.fround(Math.fround(keys[b * d + j]) * size32);
    s++;
  }
  return { seeds, count, fellBack: false };
}
