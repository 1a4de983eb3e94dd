import { HSV_TABLES, grayOf } from './color.js';
import { checkImage, clipRect, type ImageLike, type Rect } from './types.js';

/**
 * Colour histograms of an image region under a mask, with OpenCV's calcHist binning
 * (uniform ranges, bin = floor(v·bins/(hi−lo) − lo·bins/(hi−lo)), values outside [lo, hi)
 * ignored), and their normalisation.
 *
 * A histogram's feature space is one of:
 * - `'hue'`: OpenCV hue 0..179 (range [0, 180)), the CamShift sample's model;
 * - `'hue-saturation'`: hue × saturation (ranges [0, 180) × [0, 256));
 * - `'rgb'`: red × green × blue (each [0, 256));
 * - `'intensity'`: gray level (OpenCV's RGB→gray; a grayscale image's own values).
 */
export type HistogramSpace = 'hue' | 'hue-saturation' | 'rgb' | 'intensity';

/**
 * Pixels that count, as OpenCV's `inRange(hsv, (hMin, sMin, vMin), (hMax, sMax, vMax))`,
 * bounds inclusive. The CamShift sample uses `{ sMin: 60, vMin: 32, vMax: 255 }`.
 */
export interface HsvRange {
  hMin?: number;
  hMax?: number;
  sMin?: number;
  sMax?: number;
  vMin?: number;
  vMax?: number;
}

/** Options of {@link calcHistogram}: the feature space, the bins and the pixel mask. */
export interface HistogramOptions {
  /** Feature space. Default `'hue'`. */
  space?: HistogramSpace;
  /**
   * Bins per dimension: a number for every dimension, or one number a dimension.
   * Defaults: hue 16; hue-saturation [30, 32]; rgb [8, 8, 8]; intensity 16.
   */
  bins?: number | number[];
  /** HSV thresholds a pixel must pass to count (ignored for grayscale images except V). */
  range?: HsvRange | null;
  /** A caller's mask, one byte a pixel of the whole frame: non-zero pixels count. */
  mask?: Uint8Array | Uint8ClampedArray | null;
}

/** A histogram: its feature space, bins per dimension, and the bin values (row-major, last dimension fastest). */
export interface Histogram {
  space: HistogramSpace;
  bins: number[];
  data: Float32Array;
  /** The HSV range the histogram was made (and is back-projected) under. */
  range: Required<HsvRange> | null;
}

/** The CamShift sample's pixel mask: S ≥ 60 and 32 ≤ V ≤ 255. */
export const CAMSHIFT_RANGE: Readonly<Required<HsvRange>> = Object.freeze({
  hMin: 0,
  hMax: 255,
  sMin: 60,
  sMax: 255,
  vMin: 32,
  vMax: 255,
});

const DEFAULT_BINS: Record<HistogramSpace, number[]> = {
  hue: [16],
  'hue-saturation': [30, 32],
  rgb: [8, 8, 8],
  intensity: [16],
};

const RANGES: Record<HistogramSpace, [number, number][]> = {
  hue: [[0, 180]],
  'hue-saturation': [
    [0, 180],
    [0, 256],
  ],
  rgb: [
    [0, 256],
    [0, 256],
    [0, 256],
  ],
  intensity: [[0, 256]],
};

/**
 * OpenCV's 8-bit lookup from value to bin (calcHistLookupTables_8u): -1 outside [lo, hi).
 */
export function binLookup(bins: number, lo: number, hi: number): Int32Array {
  const a = bins / (hi - lo);
  const b = -lo * a;
  const t = new Int32Array(256);
  for (let j = 0; j < 256; j++) {
    if (j >= lo && j < hi) {
      let idx = Math.floor(j * a + b);
      if (idx > bins - 1) idx = bins - 1;
      if (idx < 0) idx = 0;
      t[j] = idx;
    } else t[j] = -1;
  }
  return t;
}

function resolveBins(space: HistogramSpace, bins: number | number[] | undefined): number[] {
  const dims = RANGES[space].length;
  const out = bins === undefined ? DEFAULT_BINS[space].slice() : typeof bins === 'number' ? new Array(dims).fill(bins) : bins.slice();
  if (out.length !== dims) throw new RangeError(`a '${space}' histogram has ${dims} dimension(s), got ${out.length} bin counts`);
  for (const b of out) {
    if (!Number.isInteger(b) || b < 1 || b > 256) throw new RangeError(`bins must be integers in 1..256, got ${b}`);
  }
  return out;
}

function resolveRange(range: HsvRange | null | undefined): Required<HsvRange> | null {
  if (!range) return null;
  return {
    hMin: range.hMin ?? 0,
    hMax: range.hMax ?? 255,
    sMin: range.sMin ?? 0,
    sMax: range.sMax ?? 255,
    vMin: range.vMin ?? 0,
    vMax: range.vMax ?? 255,
  };
}

/** Creates an empty histogram. */
export function createHistogram(options: HistogramOptions = {}): Histogram {
  const space = options.space ?? 'hue';
  if (!(space in RANGES)) throw new RangeError(`histogram space must be 'hue', 'hue-saturation', 'rgb' or 'intensity', got '${space}'`);
  const bins = resolveBins(space, options.bins);
  const size = bins.reduce((p, b) => p * b, 1);
  return { space, bins, data: new Float32Array(size), range: resolveRange(options.range) };
}

/**
 * Per-pixel bin computation for a histogram, compiled once into lookup tables, shared by
 * `calcHistogram` and `backProject` (one definition of "which bin does this pixel fall in").
 * `index(r, g, b)` returns the flat bin index, or -1 when the pixel is outside the ranges or
 * fails the HSV range test.
 */
export class BinIndexer {
  readonly space: HistogramSpace;
  private readonly lut0: Int32Array;
  private readonly lut1: Int32Array;
  private readonly lut2: Int32Array;
  private readonly stride0: number;
  private readonly stride1: number;
  private readonly hasRange: boolean;
  private readonly hMin: number;
  private readonly hMax: number;
  private readonly sMin: number;
  private readonly sMax: number;
  private readonly vMin: number;
  private readonly vMax: number;

  constructor(hist: Pick<Histogram, 'space' | 'bins' | 'range'>) {
    this.space = hist.space;
    const ranges = RANGES[hist.space];
    const luts = ranges.map(([lo, hi], d) => binLookup(hist.bins[d], lo, hi));
    this.lut0 = luts[0];
    this.lut1 = luts[1] ?? luts[0];
    this.lut2 = luts[2] ?? luts[0];
    this.stride0 = hist.bins.slice(1).reduce((p, b) => p * b, 1);
    this.stride1 = hist.bins.length > 2 ? hist.bins[2] : 1;
    const r = hist.range;
    this.hasRange = r !== null;
    this.hMin = r?.hMin ?? 0;
    this.hMax = r?.hMax ?? 255;
    this.sMin = r?.sMin ?? 0;
    this.sMax = r?.sMax ?? 255;
    this.vMin = r?.vMin ?? 0;
    this.vMax = r?.vMax ?? 255;
  }

  /** Flat bin index of a colour pixel, or -1. */
  index(r: number, g: number, b: number): number {
    const space = this.space;
    if (space === 'rgb' && !this.hasRange) {
      const i0 = this.lut0[r], i1 = this.lut1[g], i2 = this.lut2[b];
      return (i0 | i1 | i2) < 0 ? -1 : i0 * this.stride0 + i1 * this.stride1 + i2;
    }
    if (space === 'intensity' && !this.hasRange) return this.lut0[grayOf(r, g, b)];
    // HSV, inlined from rgbToHsvPixel
    let v = r > g ? r : g;
    if (b > v) v = b;
    let mn = r < g ? r : g;
    if (b < mn) mn = b;
    const diff = v - mn;
    const s = (diff * HSV_TABLES.sdiv[v] + 2048) >> 12;
    let h = v === r ? g - b : v === g ? b - r + 2 * diff : r - g + 4 * diff;
    h = (h * HSV_TABLES.hdiv[diff] + 2048) >> 12;
    if (h < 0) h += 180;
    if (this.hasRange && (h < this.hMin || h > this.hMax || s < this.sMin || s > this.sMax || v < this.vMin || v > this.vMax)) return -1;
    switch (space) {
      case 'hue':
        return this.lut0[h];
      case 'hue-saturation': {
        const i0 = this.lut0[h], i1 = this.lut1[s];
        return (i0 | i1) < 0 ? -1 : i0 * this.stride0 + i1;
      }
      case 'rgb': {
        const i0 = this.lut0[r], i1 = this.lut1[g], i2 = this.lut2[b];
        return (i0 | i1 | i2) < 0 ? -1 : i0 * this.stride0 + i1 * this.stride1 + i2;
      }
      default:
        return this.lut0[grayOf(r, g, b)];
    }
  }

  /** Flat bin index of a gray pixel (grayscale images): its value is H=0, S=0, V=gray. */
  indexGray(gray: number): number {
    if (this.hasRange && (gray < this.vMin || gray > this.vMax || 0 < this.sMin || 0 < this.hMin)) return -1;
    switch (this.space) {
      case 'intensity':
        return this.lut0[gray];
      case 'rgb': {
        const i = this.lut0[gray];
        return i < 0 ? -1 : i * this.stride0 + this.lut1[gray] * this.stride1 + this.lut2[gray];
      }
      case 'hue':
        return this.lut0[0];
      default: {
        const i0 = this.lut0[0], i1 = this.lut1[0];
        return (i0 | i1) < 0 ? -1 : i0 * this.stride0 + i1;
      }
    }
  }
}

/**
 * Accumulates the histogram of `rect` (default: the whole image) of `image`, counting only
 * pixels that pass `options.range` and `options.mask`. Like OpenCV's calcHist with
 * `accumulate = false`: the histogram starts from zero.
 */
export function calcHistogram(image: ImageLike, rect?: Rect | null, options: HistogramOptions = {}, out?: Histogram): Histogram {
  const c = checkImage(image);
  const hist = out ?? createHistogram(options);
  const { width, height, data } = image;
  const r = clipRect(rect ?? { x: 0, y: 0, width, height }, width, height);
  const mask = options.mask ?? null;
  if (mask && mask.length !== width * height) {
    throw new TypeError(`histogram mask has ${mask.length} values but the image has ${width * height} pixels`);
  }
  const idx = new BinIndexer(hist);
  const h = hist.data;
  h.fill(0);
  const x0 = Math.floor(r.x), y0 = Math.floor(r.y);
  const x1 = x0 + Math.floor(r.width), y1 = y0 + Math.floor(r.height);
  for (let y = y0; y < y1; y++) {
    let p = y * width + x0;
    for (let x = x0; x < x1; x++, p++) {
      if (mask && mask[p] === 0) continue;
      const j = p * c;
      const b = c === 1 ? idx.indexGray(data[j]) : idx.index(data[j], data[j + 1], data[j + 2]);
      if (b >= 0) h[b] += 1;
    }
  }
  return hist;
}

/**
 * Normalises a histogram in place. `'minmax'` maps its minimum to `lo` and its maximum to
 * `hi` (OpenCV's `normalize(h, h, lo, hi, NORM_MINMAX)`, the CamShift sample's 0..255);
 * `'sum'` scales it to sum to `hi` (a probability distribution when `hi` is 1).
 * An all-zero histogram stays zero.
 */
export function normalizeHistogram(hist: Histogram, norm: 'minmax' | 'sum' = 'minmax', lo = 0, hi = 255): Histogram {
  const h = hist.data;
  if (norm === 'sum') {
    let s = 0;
    for (let i = 0; i < h.length; i++) s += h[i];
    if (s > 0) {
      const k = hi / s;
      for (let i = 0; i < h.length; i++) h[i] = h[i] * k;
    }
    return hist;
  }
  let mn = Infinity, mx = -Infinity;
  for (let i = 0; i < h.length; i++) {
    if (h[i] < mn) mn = h[i];
    if (h[i] > mx) mx = h[i];
  }
  // As OpenCV's normalize() for a float histogram: scale = (hi - lo) · (1 / (max - min)) and
  // shift = lo - min · scale, both rounded to single precision, then convertTo's
  // dst = src · scale + shift in single precision (so the minimum lands exactly on lo).
  const scale = Math.fround((hi - lo) * (mx - mn > Number.EPSILON ? 1 / (mx - mn) : 0));
  const shift = Math.fround(Math.fround(lo) - Math.fround(mn * scale));
  for (let i = 0; i < h.length; i++) h[i] = Math.fround(h[i] * scale) + shift;
  return hist;
}
