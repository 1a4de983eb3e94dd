import type { ColorBins } from './color-bins.js';
import { alignUp, sampleStep, type Bounds } from './region-histograms.js';
import type { SparseHistogram } from './sparse-histogram.js';

/**
 * Scale from the target likelihood's mass, as CamShift reads size from the zeroth moment but
 * on the discriminative likelihood q/(q + b) of the target model against its surroundings
 * (Possegger et al. 2015): the likelihood summed over a window twice the box's size, divided
 * by the likelihood density of the target, estimates the target's area.
 */
export class LikelihoodScale {
  private readonly lik: Float32Array;
  /** Mean likelihood over the box and over the window, from the last `measure()`. */
  inside = 0;
  window = 0;

  constructor(binCount: number) {
    this.lik = new Float32Array(binCount);
  }

  /**
   * Fills the per-bin likelihood from the models. Only q's listed bins can be non-zero, and a
   * model's list only grows (blending adds bins), so it visits those, not every bin.
   */
  setModels(q: SparseHistogram, b: SparseHistogram): void {
    const l = this.lik, qd = q.data, bd = b.data, t = q.touched;
    for (let i = 0; i < q.count; i++) {
      const u = t[i], qu = qd[u];
      l[u] = qu > 0 ? qu / (qu + bd[u] + 1e-6) : 0;
    }
  }

  /**
   * Sums the likelihood over the box (cx, cy, w, h) and over the box grown `grow` times,
   * sampling at most `maxSamples` pixels; sets `inside` (mean over the box, per pixel) and
   * `window` (sum over the grown window, in pixels of likelihood).
   */
  measure(
    data: Uint8Array | Uint8ClampedArray, channels: number, width: number, bins: ColorBins, bounds: Bounds,
    cx: number, cy: number, w: number, h: number, grow: number, maxSamples: number,
  ): void {
    const { lutR, lutG, lutB, offG, offB } = bins;
    const L = this.lik;
    const step = sampleStep(w * grow, h * grow, maxSamples);
    const bx0 = cx - w / 2, bx1 = cx + w / 2, by0 = cy - h / 2, by1 = cy + h / 2;
    const y0 = alignUp(Math.max(bounds.y0, Math.ceil(cy - (h * grow) / 2)), step), y1 = Math.min(bounds.y1, Math.floor(cy + (h * grow) / 2) + 1);
    const x0 = alignUp(Math.max(bounds.x0, Math.ceil(cx - (w * grow) / 2)), step), x1 = Math.min(bounds.x1, Math.floor(cx + (w * grow) / 2) + 1);
    let sIn = 0, nIn = 0, sAll = 0;
    for (let y = y0; y < y1; y += step) {
      const rowIn = y >= by0 && y < by1;
      for (let x = x0, j = (y * width + x0) * channels, dj = step * channels; x < x1; x += step, j += dj) {
        const l = L[lutR[data[j]] + lutG[data[j + offG]] + lutB[data[j + offB]]];
        sAll += l;
        if (rowIn && x >= bx0 && x < bx1) {
          sIn += l;
          nIn++;
        }
      }
    }
    this.inside = nIn > 0 ? sIn / nIn : 0;
    this.window = sAll * step * step;
  }
}
