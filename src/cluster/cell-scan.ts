// The two pieces every cell (grid) or node (KD tree) query shares: how far a point lies
// from a cell's bounding box, and the scan of a cell's points. Both allocate nothing.
import type { KernelCode } from './neighbour-index.js';

/** Squared distance from q[qo..qo+d) to the nearest point of the box lo/hi[o..o+d). */
export function boxNear2(q: Float64Array, qo: number, lo: Float64Array, hi: Float64Array, o: number, d: number): number {
  let mn = 0;
  for (let j = 0; j < d; j++) {
    const x = q[qo + j];
    const a = x - lo[o + j];
    const b = x - hi[o + j];
    const t = a < 0 ? a : b > 0 ? b : 0;
    mn += t * t;
  }
  return mn;
}

/**
 * Squared distances from q[qo..qo+d) to the nearest point and to the farthest corner of the
 * box lo/hi[o..o+d), in one pass: returns the nearest, writes the farthest into far[0].
 */
export function boxNearFar2(q: Float64Array, qo: number, lo: Float64Array, hi: Float64Array, o: number, d: number, far: Float64Array): number {
  let mn = 0;
  let mx = 0;
  for (let j = 0; j < d; j++) {
    const x = q[qo + j];
    const a = x - lo[o + j];
    const b = x - hi[o + j];
    const t = a < 0 ? a : b > 0 ? b : 0;
    mn += t * t;
    const u = a > -b ? a : -b;
    mx += u * u;
  }
  far[0] = mx;
  return mn;
}

/** Adds to `sum` the points s..e-1 of `pts` within √r2 of q (Σ (pⱼ − qⱼ)² ≤ r2); returns their count. */
export function scanFlat(pts: Float64Array, s: number, e: number, d: number, q: Float64Array, qo: number, r2: number, sum: Float64Array): number {
  let count = 0;
  for (let i = s; i < e; i++) {
    const p = i * d;
    let dd = 0;
    for (let j = 0; j < d; j++) {
      const t = pts[p + j] - q[qo + j];
      dd += t * t;
    }
    if (dd <= r2) {
      count++;
      for (let j = 0; j < d; j++) sum[j] += pts[p + j];
    }
  }
  return count;
}

/**
 * Adds to `sum` the kernel-weighted points s..e-1 of `pts` within √support2 of q; adds
 * their weight to acc[0] and the number of them within √h2 to acc[1].
 */
export function scanWeighted(
  pts: Float64Array,
  s: number,
  e: number,
  d: number,
  q: Float64Array,
  qo: number,
  support2: number,
  h2: number,
  kernel: KernelCode,
  sum: Float64Array,
  acc: Float64Array,
): void {
  let weight = 0;
  let count = 0;
  for (let i = s; i < e; i++) {
    const p = i * d;
    let dd = 0;
    for (let j = 0; j < d; j++) {
      const t = pts[p + j] - q[qo + j];
      dd += t * t;
    }
    if (dd > support2) continue;
    if (dd <= h2) count++;
    const w = kernel === 2 ? Math.exp((-0.5 * dd) / h2) : kernel === 1 ? 1 - dd / h2 : 1;
    if (w <= 0) continue;
    weight += w;
    for (let j = 0; j < d; j++) sum[j] += w * pts[p + j];
  }
  acc[0] += weight;
  acc[1] += count;
}
