import { binBlue, binGreen, binRed } from './colour-bins.js';

/**
 * Cell features of a template for the correlation filter: a histogram of 9 unsigned
 * gradient orientations a cell, magnitude-weighted and block-normalised as Felzenszwalb's HOG
 * (each cell normalised by its four 2×2 blocks, truncated at 0.2, averaged), the cell's
 * mean intensity, and for colour targets the cell's mean opponent colours (R − G and
 * R + G − 2B, from the template's colour bins; 0 for gray targets), which tell apart
 * look-alikes of one shape and brightness. Orientation bins come from a lookup table on the
 * integer gradient, so no atan2 per pixel; `compute()` allocates nothing.
 */
export const HOG_ORIENTATIONS = 9;
/** Channels of `HogFeatures.data`: the orientations, intensity, then the two opponent colours. */
export const HOG_CHANNELS = HOG_ORIENTATIONS + 3;
/** Weight of the opponent colours against the orientations (each at most 0.4) and intensity (±0.5). */
const OPPONENT_GAIN = 1;

let ORIENTATION_LUT: Uint8Array | null = null;

/** Bin (0..8) of the unsigned orientation of the gradient (gx, gy), both in -255..255, at `(gy + 255) · 511 + gx + 255` (made once). */
export function orientationLut(): Uint8Array {
  if (ORIENTATION_LUT) return ORIENTATION_LUT;
  const lut = new Uint8Array(511 * 511);
  for (let gy = -255; gy <= 255; gy++) {
    for (let gx = -255; gx <= 255; gx++) {
      let a = Math.atan2(gy, gx);
      if (a < 0) a += Math.PI;
      let b = Math.floor((a / Math.PI) * HOG_ORIENTATIONS);
      if (b >= HOG_ORIENTATIONS) b = 0;
      lut[(gy + 255) * 511 + gx + 255] = b;
    }
  }
  ORIENTATION_LUT = lut;
  return lut;
}

export class HogFeatures {
  /** Template side in pixels. */
  readonly size: number;
  readonly cell: number;
  /** Cells a side. */
  readonly cells: number;
  /** Channel-major features: `data[ch * cells² + cellIndex]`. */
  readonly data: Float64Array;
  private readonly hist: Float64Array;
  private readonly energy: Float64Array;
  private readonly lut = orientationLut();

  /** `data`, if given, receives the features (the robust kernel's view, `HOG_CHANNELS` × cells²). */
  constructor(size: number, cell: number, data?: Float64Array) {
    if (size % cell !== 0) throw new RangeError(`template size ${size} must be a multiple of the cell size ${cell}`);
    this.size = size;
    this.cell = cell;
    this.cells = size / cell;
    const n = this.cells * this.cells;
    this.data = data ?? new Float64Array(HOG_CHANNELS * n);
    this.hist = new Float64Array(HOG_ORIENTATIONS * n);
    this.energy = new Float64Array(n);
  }

  /** Features of the `gray` template; `bins` (RGB colour bins, see `colourBin`) gives the opponent colours, null leaves them 0. */
  compute(gray: Float32Array, bins: Uint16Array | null = null): void {
    const S = this.size, G = this.cells, cs = this.cell, n = G * G, NO = HOG_ORIENTATIONS;
    const hist = this.hist, lut = this.lut, out = this.data;
    hist.fill(0);
    const inten = n * NO; // intensity channel offset
    for (let i = 0; i < n; i++) out[inten + i] = 0;
    for (let y = 0; y < S; y++) {
      const row = y * S, up = (y > 0 ? y - 1 : 0) * S, dn = (y < S - 1 ? y + 1 : S - 1) * S;
      const cellRow = ((y / cs) | 0) * G;
      for (let c = 0, x = 0; c < G; c++) {
        const cellIndex = cellRow + c, h0 = cellIndex * NO;
        let sum = out[inten + cellIndex];
        for (const e = x + cs; x < e; x++) {
          const l = x > 0 ? x - 1 : 0, r = x < S - 1 ? x + 1 : S - 1;
          const gx = gray[row + r] - gray[row + l];
          const gy = gray[dn + x] - gray[up + x];
          const mag = Math.sqrt(gx * gx + gy * gy);
          sum += gray[row + x];
          if (mag > 0) {
            const b = lut[((gy + 255.5) | 0) * 511 + ((gx + 255.5) | 0)];
            hist[h0 + b] += mag;
          }
        }
        out[inten + cellIndex] = sum;
      }
    }
    this.opponents(bins);
    const e = this.energy;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let b = 0, o = i * NO; b < NO; b++) s += hist[o + b] * hist[o + b];
      e[i] = s;
    }
    const norm = 1 / (cs * cs * 255);
    for (let i = 0; i < n; i++) out[inten + i] = out[inten + i] * norm - 0.5;
    for (let cy = 0; cy < G; cy++) {
      const ya = cy > 0 ? cy - 1 : 0, yb = cy < G - 1 ? cy + 1 : G - 1;
      for (let cx = 0; cx < G; cx++) {
        const xa = cx > 0 ? cx - 1 : 0, xb = cx < G - 1 ? cx + 1 : G - 1;
        const c0 = cy * G + cx;
        const ec = e[c0], eyA = e[ya * G + cx], eyB = e[yb * G + cx], exA = e[cy * G + xa], exB = e[cy * G + xb];
        const n1 = 1 / Math.sqrt(ec + eyA + exA + e[ya * G + xa] + 1e-4);
        const n2 = 1 / Math.sqrt(ec + eyA + exB + e[ya * G + xb] + 1e-4);
        const n3 = 1 / Math.sqrt(ec + eyB + exA + e[yb * G + xa] + 1e-4);
        const n4 = 1 / Math.sqrt(ec + eyB + exB + e[yb * G + xb] + 1e-4);
        for (let b = 0, o = c0 * NO; b < NO; b++) {
          const h = hist[o + b];
          const v1 = h * n1, v2 = h * n2, v3 = h * n3, v4 = h * n4;
          out[b * n + c0] = 0.5 * ((v1 < 0.2 ? v1 : 0.2) + (v2 < 0.2 ? v2 : 0.2) + (v3 < 0.2 ? v3 : 0.2) + (v4 < 0.2 ? v4 : 0.2));
        }
      }
    }
  }

  /** Mean opponent colours a cell, from RGB colour bins (32 levels a channel; channels 10 and 11). */
  private opponents(bins: Uint16Array | null): void {
    const S = this.size, G = this.cells, cs = this.cell, n = G * G, out = this.data;
    const o1 = (HOG_ORIENTATIONS + 1) * n, o2 = o1 + n;
    out.fill(0, o1, o2 + n);
    if (!bins) return;
    for (let y = 0; y < S; y++) {
      const row = y * S, cellRow = ((y / cs) | 0) * G;
      for (let c = 0, x = 0; c < G; c++) {
        let s1 = 0, s2 = 0;
        for (const e = x + cs; x < e; x++) {
          const b = bins[row + x], r = binRed(b), g = binGreen(b), bl = binBlue(b);
          s1 += r - g;
          s2 += r + g - 2 * bl;
        }
        out[o1 + cellRow + c] += s1;
        out[o2 + cellRow + c] += s2;
      }
    }
    const k1 = OPPONENT_GAIN / (31 * cs * cs), k2 = OPPONENT_GAIN / (62 * cs * cs);
    for (let i = 0; i < n; i++) {
      out[o1 + i] *= k1;
      out[o2 + i] *= k2;
    }
  }
}
