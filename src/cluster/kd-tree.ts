// A KD tree whose nodes keep their point count, coordinate sum and tight bounding box.
import { boxNear2, boxNearFar2, scanFlat, scanWeighted } from './cell-scan.js';
import type { KernelCode, NeighbourIndex } from './neighbour-index.js';
import type { FlatPoints } from './points.js';

/** Most points a leaf holds. */
export const KD_LEAF_SIZE = 8;

function nodeCount(m: number): number {
  return m <= KD_LEAF_SIZE ? 1 : 1 + nodeCount(m >> 1) + nodeCount(m - (m >> 1));
}

/** KD tree over a point set (median splits on the widest axis); see {@link NeighbourIndex}. */
export class KdTree implements NeighbourIndex {
  /** Scratch of the weighted scans: [weight, count]. */
  private readonly acc = new Float64Array(2);
  readonly kind = 'kd-tree';
  count = 0;
  private readonly d: number;
  /** The points, in tree order. */
  private readonly pts: Float64Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  /** First child (the second is the next node built after the first's subtree), -1 at a leaf. */
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly sums: Float64Array;
  private readonly stack: Int32Array;
  private nodes = 0;

  constructor(points: FlatPoints) {
    const { n, d, data } = points;
    this.d = d;
    const m = nodeCount(n);
    this.start = new Int32Array(m);
    this.end = new Int32Array(m);
    this.left = new Int32Array(m);
    this.right = new Int32Array(m);
    this.lo = new Float64Array(m * d);
    this.hi = new Float64Array(m * d);
    this.sums = new Float64Array(m * d);
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    let depth = 0;
    for (let s = n; s > KD_LEAF_SIZE; s = s - (s >> 1)) depth++;
    this.stack = new Int32Array(2 * depth + 4);
    this.build(data, perm, 0, n);
    this.pts = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const p = perm[i] * d;
      for (let j = 0; j < d; j++) this.pts[i * d + j] = data[p + j];
    }
    this.aggregate(0);
  }

  private build(data: Float64Array, perm: Int32Array, s: number, e: number): number {
    const node = this.nodes++;
    const d = this.d;
    this.start[node] = s;
    this.end[node] = e;
    if (e - s <= KD_LEAF_SIZE) {
      this.left[node] = -1;
      this.right[node] = -1;
      return node;
    }
    // Widest axis of the points in [s, e).
    let axis = 0;
    let widest = -1;
    for (let j = 0; j < d; j++) {
      let mn = Infinity;
      let mx = -Infinity;
      for (let i = s; i < e; i++) {
        const v = data[perm[i] * d + j];
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      if (mx - mn > widest) {
        widest = mx - mn;
        axis = j;
      }
    }
    const mid = s + ((e - s) >> 1);
    select(data, perm, s, e - 1, mid, axis, d);
    this.left[node] = this.build(data, perm, s, mid);
    this.right[node] = this.build(data, perm, mid, e);
    return node;
  }

  private aggregate(node: number): void {
    const d = this.d;
    const o = node * d;
    const { lo, hi, sums, pts } = this;
    for (let j = 0; j < d; j++) {
      lo[o + j] = Infinity;
      hi[o + j] = -Infinity;
      sums[o + j] = 0;
    }
    const l = this.left[node];
    if (l < 0) {
      for (let i = this.start[node]; i < this.end[node]; i++) {
        for (let j = 0; j < d; j++) {
          const v = pts[i * d + j];
          if (v < lo[o + j]) lo[o + j] = v;
          if (v > hi[o + j]) hi[o + j] = v;
          sums[o + j] += v;
        }
      }
      return;
    }
    const r = this.right[node];
    this.aggregate(l);
    this.aggregate(r);
    for (let j = 0; j < d; j++) {
      lo[o + j] = Math.min(lo[l * d + j], lo[r * d + j]);
      hi[o + j] = Math.max(hi[l * d + j], hi[r * d + j]);
      sums[o + j] = sums[l * d + j] + sums[r * d + j];
    }
  }

  sumWithin(q: Float64Array, qo: number, r2: number, sum: Float64Array): number {
    const d = this.d;
    const { lo, hi, sums, pts, stack, start, end, left, right, acc } = this;
    for (let j = 0; j < d; j++) sum[j] = 0;
    let count = 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      const o = node * d;
      if (boxNearFar2(q, qo, lo, hi, o, d, acc) > r2) continue;
      if (acc[0] <= r2) {
        count += end[node] - start[node];
        for (let j = 0; j < d; j++) sum[j] += sums[o + j];
        continue;
      }
      const l = left[node];
      if (l >= 0) {
        stack[sp++] = right[node];
        stack[sp++] = l;
        continue;
      }
      count += scanFlat(pts, start[node], end[node], d, q, qo, r2, sum);
    }
    return count;
  }

  weightedSumWithin(
    q: Float64Array,
    qo: number,
    support2: number,
    h2: number,
    kernel: KernelCode,
    sum: Float64Array,
  ): number {
    const d = this.d;
    const { lo, hi, pts, stack, start, end, left, right } = this;
    for (let j = 0; j < d; j++) sum[j] = 0;
    const acc = this.acc; // [weight, count within √h2]
    acc[0] = 0;
    acc[1] = 0;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      if (boxNear2(q, qo, lo, hi, node * d, d) > support2) continue;
      const l = left[node];
      if (l >= 0) {
        stack[sp++] = right[node];
        stack[sp++] = l;
        continue;
      }
      scanWeighted(pts, start[node], end[node], d, q, qo, support2, h2, kernel, sum, acc);
    }
    this.count = acc[1];
    return acc[0];
  }
}

/** Quickselect: reorders perm[l..r] so that perm[k] has the k-th smallest coordinate `axis`. */
function select(data: Float64Array, perm: Int32Array, l: number, r: number, k: number, axis: number, d: number): void {
  while (r > l) {
    const pivot = data[perm[(l + r) >> 1] * d + axis];
    let i = l;
    let j = r;
    while (i <= j) {
      while (data[perm[i] * d + axis] < pivot) i++;
      while (data[perm[j] * d + axis] > pivot) j--;
      if (i <= j) {
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return;
  }
}
