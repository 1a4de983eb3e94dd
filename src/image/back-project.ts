import { HSV_TABLES } from './color.js';
import { BinIndexer, binLookup, type Histogram } from './histogram.js';
import { saturateU8 } from './round.js';
import { checkImage, clipRect, type ImageLike, type Rect } from './types.js';

/** See `BackProjector.hueKernelParams`. */
export interface HueKernelParams {
  /** Weight by hue index h + 30 (192 bytes), then weight by bin (16 bytes, when binMul > 0). */
  table: Uint8Array;
  /** bin = (((hh << binShift) + binAdd) · binMul + 2^14) >> 15 for every hue hh in 0..179; 0: use the table. */
  binMul: number;
  binShift: number;
  binAdd: number;
  vLo: number;
  vHi: number;
  sLoK: number;
  sHiK: number;
}

/**
 * A formula bin = (((hh << shift) + add) · mul + 2^14) >> 15 (the kernel's i16x8.q15mulr_sat_s),
 * 16-bit lanes throughout, that gives `lut[hh]` for every hue hh in 0..179; null when none
 * is found near the ideal slope. Each candidate (shift, mul) bounds `add` by one interval a hue.
 */
export function findBinFormula(lut: Int32Array): { mul: number; shift: number; add: number } | null {
  const bins = lut[179] + 1;
  for (let shift = 0; shift <= 7; shift++) {
    const c = 1 << shift;
    const ideal = Math.round((32768 * bins) / 180 / c);
    for (let mul = Math.max(1, ideal - 300); mul <= Math.min(32767, ideal + 300); mul++) {
      let lo = -Infinity, hi = Infinity;
      for (let hh = 0; hh < 180 && lo <= hi; hh++) {
        const L = lut[hh];
        lo = Math.max(lo, Math.ceil((L * 32768 - 16384) / mul) - hh * c);
        hi = Math.min(hi, Math.ceil(((L + 1) * 32768 - 16384) / mul) - 1 - hh * c);
      }
      // the kernel's 16-bit lanes: add - 30c and add + 150c as constants, (hh << shift) + add
      if (lo <= hi && lo - 30 * c >= -32768 && lo + 180 * c <= 32767) return { mul, shift, add: lo };
    }
  }
  return null;
}

/** The integers 0..255 that pass `!(x < lo || x > hi)`, as [first, last] (first > last when none). */
function passInterval(lo: number, hi: number): [number, number] {
  let a = 0;
  while (a < 256 && (a < lo || a > hi)) a++;
  let b = 255;
  while (b >= a && (b < lo || b > hi)) b--;
  return [a, b];
}

/**
 * A histogram compiled for back projection: each pixel maps to the value of its bin.
 * Build it once per histogram (e.g. at tracker init) and project many frames with it.
 */
export class BackProjector {
  readonly hist: Histogram;
  private readonly indexer: BinIndexer;
  /** Bin value as a byte (saturate_cast<uchar>(value · scale)), as calcBackProject writes into 8-bit maps. */
  private readonly weights8: Uint8Array;
  /** Bin value · scale, for float maps. */
  private readonly weightsF: Float32Array;
  /** Fast path for the hue histogram: hue (0..179) → byte weight. */
  private readonly hue8: Uint8Array | null;
  private readonly hueF: Float32Array | null;

  constructor(hist: Histogram, scale = 1) {
    this.hist = hist;
    this.indexer = new BinIndexer(hist);
    const n = hist.data.length;
    this.weights8 = new Uint8Array(n);
    this.weightsF = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      this.weights8[i] = saturateU8(hist.data[i] * scale);
      this.weightsF[i] = hist.data[i] * scale;
    }
    if (hist.space === 'hue') {
      const lut = binLookup(hist.bins[0], 0, 180);
      this.hue8 = new Uint8Array(256);
      this.hueF = new Float32Array(256);
      for (let h = 0; h < 256; h++) {
        const b = lut[h];
        this.hue8[h] = b < 0 ? 0 : this.weights8[b];
        this.hueF[h] = b < 0 ? 0 : this.weightsF[b];
      }
    } else {
      this.hue8 = null;
      this.hueF = null;
    }
  }

  /**
   * What the WebAssembly kernel needs to project this histogram (hue histograms only, else
   * null): the byte weight of each hue index h + 30 (0..180; 192 bytes, the hue range test
   * folded in), and the V and S range tests as integer intervals, S as bounds on
   * diff · sdiv[V] (S = (diff · sdiv[V] + 2^11) >> 12). Exactly the tests of `projectRows`.
   */
  hueKernelParams(): HueKernelParams | null {
    const hue8 = this.hue8;
    if (!hue8) return null;
    const r = this.hist.range;
    const hMin = r ? r.hMin : 0, hMax = r ? r.hMax : 255;
    const sMin = r ? r.sMin : 0, sMax = r ? r.sMax : 255;
    const vMin = r ? r.vMin : 0, vMax = r ? r.vMax : 255;
    const table = new Uint8Array(208);
    for (let idx = 0; idx <= 180; idx++) {
      const h = idx < 30 ? idx + 150 : idx - 30;
      table[idx] = h < hMin || h > hMax ? 0 : hue8[h];
    }
    const [vLo, vHi] = passInterval(vMin, vMax);
    const [sLo, sHi] = passInterval(sMin, sMax);
    const none = vLo > vHi || sLo > sHi;
    // the bin formula, when there is one and every hue passes the hue range
    let bin: { mul: number; shift: number; add: number } | null = null;
    if (this.hist.bins[0] <= 16 && !(0 < hMin) && !(179 > hMax)) {
      const lut = binLookup(this.hist.bins[0], 0, 180);
      bin = findBinFormula(lut);
      if (bin) for (let b = 0; b < this.hist.bins[0]; b++) table[192 + b] = this.weights8[b];
    }
    return {
      table,
      binMul: bin ? bin.mul : 0,
      binShift: bin ? bin.shift : 0,
      binAdd: bin ? bin.add : 0,
      vLo: none ? 255 : vLo,
      vHi: none ? 0 : vHi,
      sLoK: none ? 2 ** 30 : sLo * 4096 - 2048,
      sHiK: none ? 0 : (sHi + 1) * 4096 - 2048,
    };
  }

  /**
   * Writes the back projection of `rect` (default: the whole frame) of `image` into `out`,
   * a caller-owned map of the whole frame (width × height); pixels outside `rect` are not
   * touched. Allocates nothing.
   */
  project(image: ImageLike, out: Uint8Array | Uint8ClampedArray | Float32Array, rect?: Rect | null): void {
    const c = checkImage(image);
    const { width, height } = image;
    if (out.length !== width * height) {
      throw new TypeError(`back projection buffer has ${out.length} values but the frame has ${width}x${height} = ${width * height} pixels`);
    }
    let x0 = 0, y0 = 0, x1 = width, y1 = height;
    if (rect) {
      const r = clipRect(rect, width, height);
      x0 = Math.floor(r.x);
      y0 = Math.floor(r.y);
      x1 = x0 + Math.floor(r.width);
      y1 = y0 + Math.floor(r.height);
    }
    this.projectRows(image.data, c, width, out, x0, y0, x1, y1);
  }

  /** The hot loop, on an already checked frame and an integer region. */
  projectRows(
    data: Uint8Array | Uint8ClampedArray,
    c: number,
    width: number,
    out: Uint8Array | Uint8ClampedArray | Float32Array,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
  ): void {
    const float = out instanceof Float32Array;
    const range = this.hist.range;
    if (this.hue8 && c !== 1) {
      const lut: Uint8Array | Float32Array = float ? this.hueF! : this.hue8;
      const sdiv = HSV_TABLES.sdiv, hdiv = HSV_TABLES.hdiv;
      const sMin = range ? range.sMin : 0, sMax = range ? range.sMax : 255;
      const vMin = range ? range.vMin : 0, vMax = range ? range.vMax : 255;
      const hMin = range ? range.hMin : 0, hMax = range ? range.hMax : 255;
      for (let y = y0; y < y1; y++) {
        let p = y * width + x0;
        let j = p * c;
        for (let x = x0; x < x1; x++, p++, j += c) {
          const r = data[j], g = data[j + 1], b = data[j + 2];
          let v = r > g ? r : g;
          if (b > v) v = b;
          if (v < vMin || v > vMax) {
            out[p] = 0;
            continue;
          }
          let mn = r < g ? r : g;
          if (b < mn) mn = b;
          const diff = v - mn;
          const s = (diff * sdiv[v] + 2048) >> 12;
          if (s < sMin || s > sMax) {
            out[p] = 0;
            continue;
          }
          let h = v === r ? g - b : v === g ? b - r + 2 * diff : r - g + 4 * diff;
          h = (h * hdiv[diff] + 2048) >> 12;
          if (h < 0) h += 180;
          out[p] = h < hMin || h > hMax ? 0 : lut[h];
        }
      }
      return;
    }
    const idx = this.indexer;
    const w: Uint8Array | Float32Array = float ? this.weightsF : this.weights8;
    for (let y = y0; y < y1; y++) {
      let p = y * width + x0;
      let j = p * c;
      for (let x = x0; x < x1; x++, p++, j += c) {
        const b = c === 1 ? idx.indexGray(data[j]) : idx.index(data[j], data[j + 1], data[j + 2]);
        out[p] = b < 0 ? 0 : w[b];
      }
    }
  }
}

/**
 * Back projection (OpenCV's calcBackProject): each pixel of `rect` (default: the whole
 * frame) gets the value of its histogram bin times `scale`, into `out`, a caller-owned map
 * of the whole frame. 8-bit maps get saturate_cast<uchar> (rounded, clamped to 0..255) as
 * OpenCV writes them; Float32Array maps get the value itself. Pixels failing the
 * histogram's HSV range get 0 (the sample's `prob &= mask`).
 *
 * For many frames with one histogram, build a `BackProjector` once instead.
 */
export function backProject(
  image: ImageLike,
  hist: Histogram,
  out: Uint8Array | Uint8ClampedArray | Float32Array,
  rect?: Rect | null,
  scale = 1,
): void {
  new BackProjector(hist, scale).project(image, out, rect);
}
