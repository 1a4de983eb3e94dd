import type { ColorBins } from './color-bins.js';
import { alignUp, sampleStep, type Bounds } from './region-histograms.js';
import type { SparseHistogram } from './sparse-histogram.js';

/** The best window a re-detection search found. */
export interface RedetectResult {
  cx: number;
  cy: number;
  /** Mean target likelihood in the window, 0..1. */
  score: number;
}

/**
 * Re-detection for a lost target: back-projects the likelihood q/(q + b) of the target model
 * against the background model (Possegger et al. 2015, object-vs-surroundings) on a coarse
 * grid over a search region (every `step`-th pixel), and slides a target-sized window over
 * its integral image to find the most target-like place. Buffers are sized once from the frame.
 */
export class Redetector {
  private readonly lik: Float32Array;
  private readonly integral: Float64Array;
  readonly result: RedetectResult = { cx: 0, cy: 0, score: 0 };

  constructor(frameW: number, frameH: number, binCount: number) {
    this.lik = new Float32Array(binCount);
    this.integral = new Float64Array((frameW + 1) * (frameH + 1));
  }

  /** Fills the per-bin likelihood table from the models (call when they change). */
  setModels(q: SparseHistogram, b: SparseHistogram): void {
    const l = this.lik, qd = q.data, bd = b.data;
    for (let u = 0; u < l.length; u++) {
      const qu = qd[u];
      l[u] = qu > 0 ? qu / (qu + bd[u] + 1e-4) : 0;
    }
  }

  search(
    data: Uint8Array | Uint8ClampedArray, channels: number, width: number, bins: ColorBins, region: Bounds,
    boxW: number, boxH: number, maxSamples: number,
  ): RedetectResult {
    const { lutR, lutG, lutB, offG, offB } = bins;
    const rw = region.x1 - region.x0, rh = region.y1 - region.y0;
    const step = sampleStep(rw, rh, maxSamples);
    const x0 = alignUp(region.x0, step), y0 = alignUp(region.y0, step);
    const gw = Math.max(0, Math.ceil((region.x1 - x0) / step)), gh = Math.max(0, Math.ceil((region.y1 - y0) / step));
    const res = this.result;
    res.score = 0;
    if (gw === 0 || gh === 0) return res;
    const I = this.integral, L = this.lik, stride = gw + 1;
    for (let i = 0; i <= gw; i++) I[i] = 0;
    for (let gy = 0; gy < gh; gy++) {
      const y = y0 + gy * step;
      let row = 0;
      const o = (gy + 1) * stride, po = gy * stride;
      I[o] = 0;
      for (let gx = 0, j = (y * width + x0) * channels, dj = step * channels; gx < gw; gx++, j += dj) {
        row += L[lutR[data[j]] + lutG[data[j + offG]] + lutB[data[j + offB]]];
        I[o + gx + 1] = I[po + gx + 1] + row;
      }
    }
    const kw = Math.min(gw, Math.max(1, Math.round(boxW / step))), kh = Math.min(gh, Math.max(1, Math.round(boxH / step)));
    const inv = 1 / (kw * kh);
    let best = -1, bx = 0, by = 0;
    for (let gy = 0; gy + kh <= gh; gy++) {
      const a = gy * stride, c = (gy + kh) * stride;
      for (let gx = 0; gx + kw <= gw; gx++) {
        const s = I[c + gx + kw] - I[c + gx] - I[a + gx + kw] + I[a + gx];
        if (s > best) {
          best = s;
          bx = gx;
          by = gy;
        }
      }
    }
    res.cx = x0 + (bx + kw / 2) * step - 0.5 * step;
    res.cy = y0 + (by + kh / 2) * step - 0.5 * step;
    res.score = best * inv;
    return res;
  }
}
