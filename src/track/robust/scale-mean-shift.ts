import type { ColorBins } from './color-bins.js';
import { alignUp, sampleStep, type Bounds } from './region-histograms.js';
import { SparseHistogram } from './sparse-histogram.js';

/** Where a scale-adaptive mean-shift run ended. */
export interface ScaleMeanShiftResult {
  cx: number;
  cy: number;
  /** Scale factor relative to the start size (1 = unchanged). */
  scale: number;
  iterations: number;
  /** Bhattacharyya similarity of the last candidate histogram with the target model. */
  similarity: number;
  /** False when no pixel had a positive weight (nothing like the target in the window). */
  valid: boolean;
}

/**
 * Mean shift with isotropic scale estimation over background-ratio weights (Vojíř, Nosková,
 * Matas 2014, "Robust scale-adaptive mean-shift for tracking"): each pixel weighs
 * max(√(q/p)/ρ(p,q) − √(b/p)/ρ(p,b), 0) for the target model q, background model b and the
 * candidate histogram p; the scale is pulled toward no change and toward the expected share
 * of background-like pixels (`bgShare`). Weights are computed once a bin per iteration.
 */
export class ScaleMeanShift {
  private readonly p: SparseHistogram;
  private readonly weight: Float64Array;
  private readonly bgLike: Float64Array;
  /** Per-sample cache of one iteration: bin, offsets from the centre, 1 − r². Grows with the window. */
  private sBin = new Uint16Array(0);
  private sDx = new Float32Array(0);
  private sDy = new Float32Array(0);
  private sK = new Float32Array(0);
  readonly result: ScaleMeanShiftResult = { cx: 0, cy: 0, scale: 1, iterations: 0, similarity: 0, valid: false };

  constructor(size: number) {
    this.p = new SparseHistogram(size);
    this.weight = new Float64Array(size);
    this.bgLike = new Float64Array(size);
  }

  /**
   * Runs from the box centred at (cx, cy) with half size (w2, h2). `q` and `b` are normalised.
   * `fixedScale` keeps the size (plain kernel tracking).
   */
  run(
    data: Uint8Array | Uint8ClampedArray, channels: number, width: number, bins: ColorBins, bounds: Bounds,
    q: SparseHistogram, b: SparseHistogram, bgShare: number,
    cx: number, cy: number, w2: number, h2: number, maxIter: number, maxSamples: number, fixedScale: boolean,
  ): ScaleMeanShiftResult {
    const { lutR, lutG, lutB, offG, offB } = bins;
    const p = this.p, wt = this.weight, bgl = this.bgLike, qd = q.data, bd = b.data;
    let border = 5, h0 = 1, valid = false, sim = 0, ii = 0;
    const res = this.result;
    for (ii = 0; ii < maxIter; ii++) {
      const ax = h0 * w2 + border, ay = h0 * h2 + border;
      const step = sampleStep(2 * ax, 2 * ay, maxSamples);
      const y0 = alignUp(Math.max(bounds.y0, Math.ceil(cy - ay)), step), y1 = Math.min(bounds.y1, Math.floor(cy + ay) + 1);
      const x0 = alignUp(Math.max(bounds.x0, Math.ceil(cx - ax)), step), x1 = Math.min(bounds.x1, Math.floor(cx + ax) + 1);
      this.reserve((Math.floor((x1 - x0) / step) + 1) * (Math.floor((y1 - y0) / step) + 1));
      const sBin = this.sBin, sDx = this.sDx, sDy = this.sDy, sK = this.sK;
      // pass 1: Epanechnikov-weighted histogram of the window, caching each sample
      p.clear();
      const iax2 = 1 / (ax * ax), iay2 = 1 / (ay * ay);
      let n = 0;
      for (let y = y0; y < y1; y += step) {
        const dy = y - cy, ty = dy * dy * iay2;
        if (ty >= 1) continue;
        for (let x = x0, j = (y * width + x0) * channels, dj = step * channels; x < x1; x += step, j += dj) {
          const dx = x - cx, r2 = dx * dx * iax2 + ty;
          if (r2 >= 1) continue;
          const u = lutR[data[j]] + lutG[data[j + offG]] + lutB[data[j + offB]];
          p.add(u, 1 - r2);
          sBin[n] = u;
          sDx[n] = dx;
          sDy[n] = dy;
          sK[n] = 1 - r2;
          n++;
        }
      }
      p.normalize();
      const pd = p.data, pt = p.touched;
      let rq = 0, rb = 0;
      for (let i = 0; i < p.count; i++) {
        const u = pt[i];
        rq += Math.sqrt(pd[u] * qd[u]);
        rb += Math.sqrt(pd[u] * bd[u]);
      }
      sim = rq;
      const irq = rq > 0 ? 1 / rq : 0, irb = rb > 0 ? 1 / rb : 0;
      for (let i = 0; i < p.count; i++) {
        const u = pt[i];
        const ip = 1 / pd[u];
        const wq = Math.sqrt(qd[u] * ip), wb = Math.sqrt(bd[u] * ip);
        const w = wq * irq - wb * irb;
        wt[u] = w > 0 ? w : 0;
        bgl[u] = wq < wb ? pd[u] : 0;
      }
      // pass 2, over the cached samples: mean-shift vector and scale statistics
      let m0 = 0, mx = 0, my = 0, wk = 0, wd = 0, sbg = 0, sfg = 0;
      const iw2 = 1 / (w2 * w2), ih2 = 1 / (h2 * h2);
      for (let i = 0; i < n; i++) {
        const u = sBin[i];
        const w = wt[u];
        sbg += bgl[u];
        sfg += qd[u];
        if (w === 0) continue;
        const dx = sDx[i], dy = sDy[i];
        m0 += w;
        mx += dx * w;
        my += dy * w;
        wk += w * sK[i];
        wd += w * Math.sqrt(dx * dx * iw2 + dy * dy * ih2);
      }
      if (!(m0 > 0)) {
        if (ii === 0 && border < 100) {
          border *= 3; // nothing in the window: look wider once (fast motion)
          continue;
        }
        break;
      }
      valid = true;
      const nx = cx + mx / m0, ny = cy + my / m0;
      let hNew = h0;
      if (!fixedScale) {
        let reg1 = sfg > 0 ? bgShare - sbg / sfg : 0;
        if (reg1 > 0.05) reg1 = 0.05;
        else if (reg1 < -0.05) reg1 = -0.05;
        let reg2 = -Math.log(h0);
        if (reg2 > 0.1) reg2 = 0.1;
        else if (reg2 < -0.1) reg2 = -0.1;
        const ht = (1 - wk / m0) * h0 + (1 / h0) * (wd / m0) + reg1 + reg2;
        hNew = 0.7 * h0 + 0.3 * ht;
        if (!(hNew > 0.2)) hNew = 0.2;
        else if (hNew > 5) hNew = 5;
      }
      const moved = (nx - cx) * (nx - cx) + (ny - cy) * (ny - cy);
      const scaled = Math.abs(hNew - h0);
      cx = nx;
      cy = ny;
      h0 = hNew;
      // converged when neither the position nor the scale moves any more
      if (moved < 0.1 && scaled < 0.005) break;
      if (border > 5) border /= 3;
    }
    res.cx = cx;
    res.cy = cy;
    res.scale = h0;
    res.iterations = Math.min(ii + 1, maxIter);
    res.similarity = sim;
    res.valid = valid;
    return res;
  }

  /** Makes room for `n` cached samples (allocates only when a window is bigger than any before). */
  private reserve(n: number): void {
    if (n <= this.sBin.length) return;
    const cap = Math.max(n, 2 * this.sBin.length);
    this.sBin = new Uint16Array(cap);
    this.sDx = new Float32Array(cap);
    this.sDy = new Float32Array(cap);
    this.sK = new Float32Array(cap);
  }
}
