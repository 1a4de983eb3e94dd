// A uniform grid whose cells keep their point count, coordinate sum and tight bounding box.
import { boxNear2, boxNearFar2, scanFlat, scanWeighted } from './cell-scan.js';
import type { KernelCode, NeighbourIndex } from './neighbour-index.js';
import type { FlatPoints } from './points.js';

/** Number of cells a grid of cell size `cell` needs over the bounding box of the points. */
export function gridCellCount(points: FlatPoints, cell: number): number {
  const { n, d, data } = points;
  let cells = 1;
  for (let j = 0; j < d; j++) {
    let mn = Infinity;
    let mx = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j];
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    cells *= Math.floor((mx - mn) / cell) + 1;
  }
  return cells;
}

/** Grid over a low-dimensional point set; see {@link NeighbourIndex}. */
export class GridIndex implements NeighbourIndex {
  /** Scratch of the weighted scans: [weight, count]. */
  private readonly acc = new Float64Array(2);
  readonly kind = 'grid';
  count = 0;
  /** Number of cells holding at least one point. */
  readonly occupiedCells: number = 0;
  private readonly d: number;
  private readonly cell: number;
  private readonly origin: Float64Array;
  private readonly size: Int32Array;
  private readonly stride: Int32Array;
  /** The points, sorted by cell. */
  private readonly pts: Float64Array;
  /** Points of cell c are pts rows cellStart[c] .. cellStart[c + 1] - 1. */
  private readonly cellStart: Int32Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly sums: Float64Array;
  // Per-query scratch: cell ranges and the odometer over them.
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly at: Int32Array;

  constructor(points: FlatPoints, cell: number) {
    const { n, d, data } = points;
    this.d = d;
    this.cell = cell;
    this.origin = new Float64Array(d);
    this.size = new Int32Array(d);
    this.stride = new Int32Array(d);
    this.from = new Int32Array(d);
    this.to = new Int32Array(d);
    this.at = new Int32Array(d);
    let cells = 1;
    for (let j = d - 1; j >= 0; j--) {
      let mn = Infinity;
      let mx = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = data[i * d + j];
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      this.origin[j] = mn;
      this.size[j] = Math.floor((mx - mn) / cell) + 1;
      this.stride[j] = cells;
      cells *= this.size[j];
    }
    const cellOf = new Int32Array(n);
    this.cellStart = new Int32Array(cells + 1);
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let j = 0; j < d; j++) {
        const k = Math.min(this.size[j] - 1, Math.floor((data[i * d + j] - this.origin[j]) / cell));
        c += k * this.stride[j];
      }
      cellOf[i] = c;
      this.cellStart[c + 1]++;
    }
    for (let c = 0; c < cells; c++) {
      if (this.cellStart[c + 1] > 0) this.occupiedCells++;
      this.cellStart[c + 1] += this.cellStart[c];
    }
    const fill = this.cellStart.slice(0, cells);
    this.pts = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const r = fill[cellOf[i]]++;
      for (let j = 0; j < d; j++) this.pts[r * d + j] = data[i * d + j];
    }
    this.lo = new Float64Array(cells * d).fill(Infinity);
    this.hi = new Float64Array(cells * d).fill(-Infinity);
    this.sums = new Float64Array(cells * d);
    for (let c = 0; c < cells; c++) {
      const o = c * d;
      for (let r = this.cellStart[c]; r < this.cellStart[c + 1]; r++) {
        for (let j = 0; j < d; j++) {
          const v = this.pts[r * d + j];
          if (v < this.lo[o + j]) this.lo[o + j] = v;
          if (v > this.hi[o + j]) this.hi[o + j] = v;
          this.sums[o + j] += v;
        }
      }
    }
  }

  /** Sets the cell ranges overlapping the box q ± r; returns false when it is empty. */
  private range(q: Float64Array, qo: number, r: number): boolean {
    const { d, cell, origin, size, from, to, at } = this;
    for (let j = 0; j < d; j++) {
      // One cell of slack each side against rounding; the box tests below are exact.
      const a = Math.max(0, Math.floor((q[qo + j] - r - origin[j]) / cell) - 1);
      const b = Math.min(size[j] - 1, Math.floor((q[qo + j] + r - origin[j]) / cell) + 1);
      if (a > b) return false;
      from[j] = a;
      to[j] = b;
      at[j] = a;
    }
    return true;
  }

  /** Advances the odometer over the cell ranges but the first axis; false when done. */
  private next(): boolean {
    const { d, from, to, at } = this;
    for (let j = 1; j < d; j++) {
      if (at[j] < to[j]) {
        at[j]++;
        return true;
      }
      at[j] = from[j];
    }
    return false;
  }

  sumWithin(q: Float64Array, qo: number, r2: number, sum: Float64Array): number {
    const d = this.d;
    for (let j = 0; j < d; j++) sum[j] = 0;
    if (!this.range(q, qo, Math.sqrt(r2))) return 0;
    const { lo, hi, sums, pts, cellStart, stride, from, to, at, acc } = this;
    let count = 0;
    do {
      let base = 0;
      for (let j = 1; j < d; j++) base += at[j] * stride[j];
      for (let k = from[0]; k <= to[0]; k++) {
        const c = base + k * stride[0];
        const s = cellStart[c];
        const e = cellStart[c + 1];
        if (s === e) continue;
        const o = c * d;
        if (boxNearFar2(q, qo, lo, hi, o, d, acc) > r2) continue;
        if (acc[0] <= r2) {
          count += e - s;
          for (let j = 0; j < d; j++) sum[j] += sums[o + j];
          continue;
        }
        count += scanFlat(pts, s, e, d, q, qo, r2, sum);
      }
    } while (this.next());
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
    for (let j = 0; j < d; j++) sum[j] = 0;
    this.count = 0;
    if (!this.range(q, qo, Math.sqrt(support2))) return 0;
    const { lo, hi, pts, cellStart, stride, from, to, at } = this;
    const acc = this.acc; // [weight, count within √h2]
    acc[0] = 0;
    acc[1] = 0;
    do {
      let base = 0;
      for (let j = 1; j < d; j++) base += at[j] * stride[j];
      for (let k = from[0]; k <= to[0]; k++) {
        const c = base + k * stride[0];
        const s = cellStart[c];
        const e = cellStart[c + 1];
        if (s === e) continue;
        if (boxNear2(q, qo, lo, hi, c * d, d) > support2) continue;
        scanWeighted(pts, s, e, d, q, qo, support2, h2, kernel, sum, acc);
      }
    } while (this.next());
    this.count = acc[1];
    return acc[0];
  }
}
