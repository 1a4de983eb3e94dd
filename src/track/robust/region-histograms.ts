import type { ColorBins } from './color-bins.js';
import type { SparseHistogram } from './sparse-histogram.js';

/** Integer bounds [x0, x1) × [y0, y1) that sampling may not leave (the frame, or a copied patch). */
export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Epanechnikov-weighted histogram of the ellipse centred at (cx, cy) with half axes (ax, ay),
 * sampled every `step` pixels on a grid aligned to the frame (Comaniciu, Ramesh, Meer 2003):
 * each pixel adds 1 − r² to its bin. Not normalised.
 */
export function kernelHistogram(
  data: Uint8Array | Uint8ClampedArray, channels: number, width: number, bins: ColorBins, bounds: Bounds,
  cx: number, cy: number, ax: number, ay: number, step: number, out: SparseHistogram,
): void {
  out.clear();
  const { lutR, lutG, lutB, offG, offB } = bins;
  const y0 = alignUp(Math.max(bounds.y0, Math.ceil(cy - ay)), step), y1 = Math.min(bounds.y1, Math.floor(cy + ay) + 1);
  const x0 = alignUp(Math.max(bounds.x0, Math.ceil(cx - ax)), step), x1 = Math.min(bounds.x1, Math.floor(cx + ax) + 1);
  const iax2 = 1 / (ax * ax), iay2 = 1 / (ay * ay);
  for (let y = y0; y < y1; y += step) {
    const dy = y - cy, ty = dy * dy * iay2;
    if (ty >= 1) continue;
    for (let x = x0, j = (y * width + x0) * channels, dj = step * channels; x < x1; x += step, j += dj) {
      const dx = x - cx, r2 = dx * dx * iax2 + ty;
      if (r2 >= 1) continue;
      out.add(lutR[data[j]] + lutG[data[j + offG]] + lutB[data[j + offB]], 1 - r2);
    }
  }
}

/**
 * Uniform histogram of the ring between the box [bx0, bx1) × [by0, by1) and the box grown by
 * `grow` times its half size on each side (ASMS's background), sampled every `step` pixels.
 */
export function ringHistogram(
  data: Uint8Array | Uint8ClampedArray, channels: number, width: number, bins: ColorBins, bounds: Bounds,
  bx0: number, by0: number, bx1: number, by1: number, grow: number, step: number, out: SparseHistogram,
): void {
  out.clear();
  const { lutR, lutG, lutB, offG, offB } = bins;
  const gx = Math.max(2, ((bx1 - bx0) / 2) * grow), gy = Math.max(2, ((by1 - by0) / 2) * grow);
  const y0 = alignUp(Math.max(bounds.y0, Math.floor(by0 - gy)), step), y1 = Math.min(bounds.y1, Math.ceil(by1 + gy));
  const x0 = alignUp(Math.max(bounds.x0, Math.floor(bx0 - gx)), step), x1 = Math.min(bounds.x1, Math.ceil(bx1 + gx));
  for (let y = y0; y < y1; y += step) {
    const inside = y >= by0 && y < by1;
    for (let x = x0, j = (y * width + x0) * channels, dj = step * channels; x < x1; x += step, j += dj) {
      if (inside && x >= bx0 && x < bx1) continue;
      out.add(lutR[data[j]] + lutG[data[j + offG]] + lutB[data[j + offB]], 1);
    }
  }
}

/** Smallest multiple of `step` that is ≥ v (v ≥ 0). */
export function alignUp(v: number, step: number): number {
  const r = v % step;
  return r === 0 ? v : v + step - r;
}

/** Sampling step so that about `maxSamples` pixels of a `w`×`h` area are visited. */
export function sampleStep(w: number, h: number, maxSamples: number): number {
  return Math.max(1, Math.floor(Math.sqrt((w * h) / maxSamples)));
}
