import { channelsOf, type ImageLike } from '../../image/types.js';
import type { Span, TargetBox } from './boxes.js';
import { colourBin } from './colour-bins.js';
import type { GrayPlane } from './gray-plane.js';
import type { RobustKernel } from './robust-kernel.js';

/**
 * Resamples a window of a frame (any size, any aspect, partly outside the frame) into a fixed
 * `size` × `size` template: a gray plane (bilinear; the mean of 2×2 nearest pixels when
 * shrinking by 2 or more, so large windows do not alias) and a colour-bin plane (nearest pixel). Pixels outside the frame
 * repeat the border. The per-column and per-row tables are reused: `sample()` allocates nothing.
 */
export class PatchSampler {
  readonly size: number;
  /** Gray level 0..255 of each template pixel (row-major). */
  readonly gray: Float32Array;
  /** Colour bin of each template pixel (see `colourBin`). */
  readonly bins: Uint16Array;
  private readonly x0: Int32Array;
  private readonly x1: Int32Array;
  private readonly wx: Float32Array;
  private readonly y0: Int32Array;
  private readonly y1: Int32Array;
  private readonly wy: Float32Array;
  private readonly xn: Int32Array;
  private readonly yn: Int32Array;
  /** The frame rectangle a bilinear sample reads (asked of the gray plane). */
  private readonly read: Span = { x0: 0, y0: 0, x1: 0, y1: 0 };

  /**
   * With a `kernel` (made for this size), the template, its bins and the tables are the
   * kernel's `slot`, and the kernel samples from a plane it holds.
   */
  constructor(size: number, private readonly kernel: RobustKernel | null = null, private readonly slot = 0) {
    this.size = size;
    const n = 2 * size, t = kernel?.tables[slot];
    this.gray = kernel ? kernel.gray[slot] : new Float32Array(size * size);
    this.bins = kernel ? kernel.bins[slot] : new Uint16Array(size * size);
    this.x0 = t ? t.x0 : new Int32Array(n);
    this.x1 = t ? t.x1 : new Int32Array(n);
    this.wx = t ? t.wx : new Float32Array(n);
    this.y0 = t ? t.y0 : new Int32Array(n);
    this.y1 = t ? t.y1 : new Int32Array(n);
    this.wy = t ? t.wy : new Float32Array(n);
    this.xn = t ? t.xn : new Int32Array(size);
    this.yn = t ? t.yn : new Int32Array(size);
  }

  /**
   * Samples a `window` of a frame (centre and size, frame pixels). `gray` selects the colour
   * binning: true reads one intensity (32 bins), false RGB (32 levels a channel). `plane`
   * holds the frame's gray for bilinear sampling (converted there if it lacks the window's
   * pixels).
   */
  sample(frame: ImageLike, window: TargetBox, gray: boolean, plane: GrayPlane): void {
    const { data, width, height } = frame, channels = channelsOf(frame);
    const { cx, cy, w: ww, h: wh } = window;
    const S = this.size, sx = ww / S, sy = wh / S;
    const tapsX = sx >= 2 ? 2 : 1, tapsY = sy >= 2 ? 2 : 1;
    fillAxis(this.x0, this.x1, this.wx, this.xn, cx - ww / 2, sx, S, tapsX, width);
    fillAxis(this.y0, this.y1, this.wy, this.yn, cy - wh / 2, sy, S, tapsY, height);
    const c = channels, one = c === 1, g1 = one ? 0 : 1, g2 = one ? 0 : 2;
    const { x0, x1, wx, y0, y1, wy, xn, yn } = this;
    const out = this.gray, bins = this.bins;
    const scale = 1 / (tapsX * tapsY);
    const grayBins = gray || one;
    // bilinear: the gray of every source pixel read, once (a template pixel reads four, and an
    // enlarged window reads each many times); the tables are monotonic, so the first and last
    // entries bound the region
    if (tapsX === 1 && tapsY === 1) {
      const r = this.read;
      r.x0 = x0[0];
      r.y0 = y0[0];
      r.x1 = x1[S - 1] + 1;
      r.y1 = y1[S - 1] + 1;
      plane.cover(frame, r, grayBins);
      if (this.kernel && plane.inKernel) {
        this.kernel.sample(this.slot, plane.stride, plane.x0, plane.y0);
        return;
      }
    }
    // shrinking: the kernel reads the taps from a copy of the rectangle they span (which the
    // tables bound, as below, with the nearest pixels inside it)
    else if (this.kernel && this.kernel.stageRect(data, c, width, Math.min(x0[0], xn[0]), Math.min(y0[0], yn[0]),
      Math.max(x1[S * tapsX - 1], xn[S - 1]) + 1, Math.max(y1[S * tapsY - 1], yn[S - 1]) + 1)) {
      this.kernel.sampleTaps(this.slot, tapsX, tapsY, grayBins);
      return;
    }
    const src = plane.data, sx0 = plane.x0, sy0 = plane.y0, sw = plane.stride;
    for (let v = 0; v < S; v++) {
      const o = v * S;
      if (tapsX === 1 && tapsY === 1) {
        // bilinear on the gray of the source rows, converted once (see below)
        const ra = (y0[v] - sy0) * sw, rb = (y1[v] - sy0) * sw, fy = wy[v];
        for (let i = 0; i < S; i++) {
          const xa = x0[i] - sx0, xb = x1[i] - sx0, f = wx[i];
          const ga0 = src[ra + xa], ga1 = src[ra + xb], gb0 = src[rb + xa], gb1 = src[rb + xb];
          const ta = ga0 + f * (ga1 - ga0), tb = gb0 + f * (gb1 - gb0);
          out[o + i] = ta + fy * (tb - ta);
        }
      } else {
        // shrinking by 2 or more: the mean of the taps' nearest pixels (a box filter, no aliasing)
        for (let i = 0; i < S; i++) out[o + i] = 0;
        for (let t = 0; t < tapsY; t++) {
          const k = v * tapsY + t, row = (wy[k] < 0.5 ? y0[k] : y1[k]) * width;
          for (let i = 0, q = 0; i < S; i++) {
            let sum = 0;
            for (let u = 0; u < tapsX; u++, q++) {
              const j = (row + (wx[q] < 0.5 ? x0[q] : x1[q])) * c;
              sum += 0.299 * data[j] + 0.587 * data[j + g1] + 0.114 * data[j + g2];
            }
            out[o + i] += sum;
          }
        }
        for (let i = 0; i < S; i++) out[o + i] *= scale;
      }
      // colour bins at the nearest pixel
      const row = yn[v] * width;
      for (let i = 0; i < S; i++) bins[o + i] = colourBin(data, (row + xn[i]) * c, g1, g2, grayBins);
    }
  }
}

/** Source indices (clamped to the frame) and weights of every tap of every template column/row. */
function fillAxis(i0: Int32Array, i1: Int32Array, w: Float32Array, nearest: Int32Array,
  start: number, step: number, S: number, taps: number, limit: number): void {
  const last = limit - 1;
  for (let i = 0; i < S; i++) {
    for (let t = 0; t < taps; t++) {
      const f = start + (i + (t + 0.5) / taps) * step - 0.5;
      let a = Math.floor(f);
      const frac = f - a;
      let b = a + 1;
      a = a < 0 ? 0 : a > last ? last : a;
      b = b < 0 ? 0 : b > last ? last : b;
      const k = i * taps + t;
      i0[k] = a;
      i1[k] = b;
      w[k] = frac;
    }
    const n = Math.floor(start + (i + 0.5) * step);
    nearest[i] = n < 0 ? 0 : n > last ? last : n;
  }
}
