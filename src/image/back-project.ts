import { HSV_TABLES } from './color.js';
import { BinIndexer, binLookup, type Histogram } from './histogram.js';
import { saturateU8 } from './round.js';
import { checkImage, clipRect, type ImageLike, type Rect } from './types.js';

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
