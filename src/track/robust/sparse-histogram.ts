/**
 * A histogram over many bins (4096 for RGB 16³) of which a target touches few: the touched
 * bins are listed so clearing, normalising and comparing cost the touched count, not the size.
 */
export class SparseHistogram {
  readonly data: Float64Array;
  readonly touched: Int32Array;
  count = 0;
  total = 0;

  constructor(size: number) {
    this.data = new Float64Array(size);
    this.touched = new Int32Array(size);
  }

  clear(): void {
    const d = this.data, t = this.touched;
    for (let i = 0; i < this.count; i++) d[t[i]] = 0;
    this.count = 0;
    this.total = 0;
  }

  add(bin: number, w: number): void {
    const d = this.data;
    if (d[bin] === 0) {
      if (w <= 0) return;
      this.touched[this.count++] = bin;
    }
    d[bin] += w;
    this.total += w;
  }

  /** Scales the bins to sum to 1 (an empty histogram stays empty). */
  normalize(): void {
    if (!(this.total > 0)) return;
    const d = this.data, t = this.touched, s = 1 / this.total;
    for (let i = 0; i < this.count; i++) d[t[i]] *= s;
    this.total = 1;
  }

  copyFrom(o: SparseHistogram): void {
    this.clear();
    const t = o.touched;
    for (let i = 0; i < o.count; i++) {
      this.touched[i] = t[i];
      this.data[t[i]] = o.data[t[i]];
    }
    this.count = o.count;
    this.total = o.total;
  }

  /** this = (1 − a)·this + a·o, both normalised. */
  blend(o: SparseHistogram, a: number): void {
    if (a >= 1) return this.copyFrom(o);
    const d = this.data, t = this.touched;
    for (let i = 0; i < this.count; i++) d[t[i]] *= 1 - a;
    const ot = o.touched, od = o.data;
    for (let i = 0; i < o.count; i++) {
      const u = ot[i];
      if (d[u] === 0) this.touched[this.count++] = u;
      d[u] += a * od[u];
    }
    this.total = 1;
  }
}

/** Bhattacharyya coefficient Σ √(p·q) of two normalised histograms (iterates p's bins). */
export function bhattacharyya(p: SparseHistogram, q: SparseHistogram): number {
  const pd = p.data, qd = q.data, t = p.touched;
  let s = 0;
  for (let i = 0; i < p.count; i++) {
    const u = t[i];
    s += Math.sqrt(pd[u] * qd[u]);
  }
  return s;
}
