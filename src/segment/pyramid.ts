/**
 * OpenCV's Gaussian pyramid (`cv::pyrDown`, `cv::pyrUp`, 8-bit, BORDER_REFLECT_101) and the
 * pyramid of `cv::pyrMeanShiftFiltering(src, dst, sp, sr, maxLevel)`
 * (modules/imgproc/src/segmentation.cpp), bit for bit:
 *
 * - pyrDown: 5x5 kernel [1 4 6 4 1]ᵀ[1 4 6 4 1], every other pixel, (sum + 128) >> 8, size
 *   ((w + 1) >> 1) x ((h + 1) >> 1);
 * - pyrUp: the image with zeros between its pixels (2w x 2h, reflected there), convolved with
 *   the same kernel times 4, (sum + 32) >> 6, cropped to the finer level's size (with OpenCV's
 *   own last row when that size is odd, see pyrUpPacked);
 * - the pyramid filters the coarsest level whole, then for each finer level takes pyrUp of
 *   the coarser result and re-filters (from the level's own pixels, radius sp / 2^level, at
 *   least 1) only where the coarser result has an edge: an interior coarse pixel (i, j) with a
 *   neighbour (of 8) at squared colour distance ≥ max(round(sr²), 16) marks the fine pixel
 *   (2i + 1, 2j - 1) — OpenCV's offsets, kept as they are — and the marks are dilated 3x3.
 *
 * Works on packed integer colours (c0 | c1 << bits | c2 << 2·bits), so the same code serves
 * 8-bit RGB and the 10-bit scaled Luv of colorSpace 'luv'. DOM-free, no Node module.
 */
import { cvRound } from '../image/round.js';
import type { PackedKernel, RgbKernelParams } from './rgb-kernel.js';

/** OpenCV's largest maxLevel (MAX_LEVELS in segmentation.cpp). */
export const MAX_PYRAMID_LEVEL = 8;

/** A packed image: one Int32 a pixel. */
export interface PackedImage {
  px: Int32Array;
  width: number;
  height: number;
}

/** borderInterpolate(p, n, BORDER_REFLECT_101): gfedcb|abcdefgh|gfedcba. */
export function reflect101(p: number, n: number): number {
  if (n === 1) return 0;
  while (p < 0 || p >= n) p = p < 0 ? -p : 2 * n - 2 - p;
  return p;
}

interface Taps {
  /** taps a destination index */
  k: number;
  idx: Int32Array;
  wt: Int32Array;
}

/** pyrDown taps: destination i reads 2i - 2 .. 2i + 2, reflected, weights 1 4 6 4 1. */
function downTaps(n: number, dn: number): Taps {
  const W = [1, 4, 6, 4, 1];
  const idx = new Int32Array(dn * 5);
  const wt = new Int32Array(dn * 5);
  for (let i = 0; i < dn; i++) {
    for (let t = 0; t < 5; t++) {
      idx[i * 5 + t] = reflect101(2 * i + t - 2, n);
      wt[i * 5 + t] = W[t];
    }
  }
  return { k: 5, idx, wt };
}

/**
 * pyrUp taps: destination i of the zero-interleaved grid of `grid` positions reads
 * i - 2 .. i + 2 reflected in that grid; only even positions hold pixels (source index / 2).
 * At most 3 non-zero taps.
 */
function upTaps(dn: number, grid: number): Taps {
  const W = [1, 4, 6, 4, 1];
  const idx = new Int32Array(dn * 3);
  const wt = new Int32Array(dn * 3);
  for (let i = 0; i < dn; i++) {
    let t = 0;
    for (let k = 0; k < 5; k++) {
      const u = reflect101(i + k - 2, grid);
      if ((u & 1) === 0) {
        idx[i * 3 + t] = u >> 1;
        wt[i * 3 + t] = W[k];
        t++;
      }
    }
  }
  return { k: 3, idx, wt };
}

/** The horizontal pass of source row `sy` into `out` from `o`: 3 sums a destination column. */
function horizontal(src: PackedImage, bits: number, sy: number, dw: number, tx: Taps, out: Int32Array, o: number): void {
  const { px, width } = src;
  const m = (1 << bits) - 1;
  const b2 = 2 * bits;
  const { k: kx, idx: ix, wt: wx } = tx;
  const base = sy * width;
  for (let x = 0, d = o; x < dw; x++, d += 3) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let u = 0; u < kx; u++) {
      const v = px[base + ix[x * kx + u]];
      const g = wx[x * kx + u];
      s0 += g * (v & m);
      s1 += g * ((v >> bits) & m);
      s2 += g * (v >> b2);
    }
    out[d] = s0;
    out[d + 1] = s1;
    out[d + 2] = s2;
  }
}

/** A separable integer filter with row taps and column taps, rounded by `shift` bits. */
function separable(src: PackedImage, bits: number, dw: number, dh: number, tx: Taps, ty: Taps, shift: number): PackedImage {
  const half = 1 << (shift - 1);
  const SLOTS = 8; // the taps of one destination row span at most 5 source rows
  const cache = new Int32Array(SLOTS * dw * 3);
  const cachedRow = new Int32Array(SLOTS).fill(-1);
  const acc = new Int32Array(dw * 3);
  const out = new Int32Array(dw * dh);
  const { k: ky, idx: iy, wt: wy } = ty;
  for (let y = 0; y < dh; y++) {
    acc.fill(0);
    for (let t = 0; t < ky; t++) {
      const w = wy[y * ky + t];
      if (w === 0) continue;
      const sy = iy[y * ky + t];
      const slot = sy % SLOTS;
      const o = slot * dw * 3;
      if (cachedRow[slot] !== sy) {
        horizontal(src, bits, sy, dw, tx, cache, o);
        cachedRow[slot] = sy;
      }
      for (let d = 0; d < dw * 3; d++) acc[d] += w * cache[o + d];
    }
    for (let x = 0, d = 0, q = y * dw; x < dw; x++, d += 3, q++) {
      out[q] = ((acc[d] + half) >> shift) | (((acc[d + 1] + half) >> shift) << bits) | (((acc[d + 2] + half) >> shift) << (2 * bits));
    }
  }
  return { px: out, width: dw, height: dh };
}

/** cv::pyrDown with its default size and border: ((w + 1) >> 1) x ((h + 1) >> 1). */
export function pyrDownPacked(src: PackedImage, bits: 8 | 10): PackedImage {
  const dw = (src.width + 1) >> 1;
  const dh = (src.height + 1) >> 1;
  return separable(src, bits, dw, dh, downTaps(src.width, dw), downTaps(src.height, dh), 8);
}

/** cv::pyrUp to a `dw` x `dh` image, each 2·n or 2·n - 1 (the finer level's size). */
export function pyrUpPacked(src: PackedImage, bits: 8 | 10, dw: number, dh: number): PackedImage {
  const okW = dw === 2 * src.width || dw === 2 * src.width - 1;
  const okH = dh === 2 * src.height || dh === 2 * src.height - 1;
  if (!okW || !okH) {
    throw new RangeError(`pyrUp of ${src.width}x${src.height} must be 2n or 2n-1 each way, got ${dw}x${dh}`);
  }
  const tx = upTaps(dw, 2 * src.width);
  const out = separable(src, bits, dw, dh, tx, upTaps(dh, 2 * src.height), 6);
  if (dh % 2 === 1 && src.height > 1) {
    // OpenCV writes an odd height's last row twice, as row 2h - 2 (r[h-2] + 7·r[h-1]) and as
    // the clamped row 2h - 1 (8·r[h-1]); which write lands last depends on its loop: the
    // vector part (interleaved bytes in blocks of 8, then one of 4) keeps 8·r[h-1], the
    // scalar tail the first. Kept as OpenCV 4.6 (SSE2 build) does it, with OpenCV's bytes
    // in BGR order (cv2.imread's): our channel c is OpenCV's byte 2 - c of the pixel.
    const row = new Int32Array(dw * 3);
    horizontal(src, bits, src.height - 1, dw, tx, row, 0);
    const bytes = dw * 3;
    const vec = 8 * Math.floor(bytes / 8) + (bytes % 8 >= 4 ? 4 : 0);
    const m = (1 << bits) - 1;
    const q0 = (dh - 1) * dw;
    for (let b = 0; b < vec; b++) {
      const x = (b / 3) | 0;
      const c = 2 - (b - 3 * x);
      const sh = c * bits;
      const v = (8 * row[3 * x + c] + 32) >> 6;
      out.px[q0 + x] = (out.px[q0 + x] & ~(m << sh)) | (v << sh);
    }
  }
  return out;
}

/**
 * The refinement mask of one finer level (`dw` x `dh`) from the coarser level's result, as
 * pyrMeanShiftFiltering builds it: marks at (2i + 1, 2j - 1) for interior coarse pixels with a
 * neighbour at squared distance ≥ isr22, then a 3x3 dilation clipped to the image.
 */
export function refineMask(coarse: PackedImage, bits: 8 | 10, dw: number, dh: number, isr22: number): Uint8Array {
  const { px, width: cw, height: ch } = coarse;
  const m = (1 << bits) - 1;
  const b2 = 2 * bits;
  const marks = new Uint8Array(dw * dh);
  const offs = [-1, 1, -cw - 1, -cw, -cw + 1, cw - 1, cw, cw + 1];
  for (let i = 1; i < ch - 1; i++) {
    for (let j = 1; j < cw - 1; j++) {
      const k = i * cw + j;
      const v = px[k];
      const c0 = v & m;
      const c1 = (v >> bits) & m;
      const c2 = v >> b2;
      for (let t = 0; t < 8; t++) {
        const u = px[k + offs[t]];
        const e0 = c0 - (u & m);
        const e1 = c1 - ((u >> bits) & m);
        const e2 = c2 - (u >> b2);
        if (e0 * e0 + e1 * e1 + e2 * e2 >= isr22) {
          marks[(1 + 2 * i) * dw + 2 * j - 1] = 1;
          break;
        }
      }
    }
  }
  // 3x3 dilation (cv::dilate with the default kernel; outside the image does not count)
  const rowMax = new Uint8Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    const b = y * dw;
    for (let x = 0; x < dw; x++) {
      rowMax[b + x] = marks[b + x] | (x > 0 ? marks[b + x - 1] : 0) | (x < dw - 1 ? marks[b + x + 1] : 0);
    }
  }
  const out = new Uint8Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    const b = y * dw;
    for (let x = 0; x < dw; x++) {
      out[b + x] = rowMax[b + x] | (y > 0 ? rowMax[b + x - dw] : 0) | (y < dh - 1 ? rowMax[b + x + dw] : 0);
    }
  }
  return out;
}

/** The spatial radius pyrMeanShiftFiltering uses at a level: max(float(sp / 2^level), 1). */
export function levelRadius(spatialRadius: number, level: number): number {
  return Math.max(Math.fround(spatialRadius / (1 << level)), 1);
}

/**
 * pyrMeanShiftFiltering's pyramid over a packed image: returns the packed modes of every
 * pixel. `kernel` is the packed kernel (WebAssembly or JS); maxLevel 0 is the plain filter.
 */
export function filterPyramid(
  image: PackedImage,
  bits: 8 | 10,
  p: RgbKernelParams,
  maxLevel: number,
  kernel: PackedKernel,
): Int32Array {
  const levels: PackedImage[] = [image];
  for (let l = 1; l <= maxLevel; l++) levels.push(pyrDownPacked(levels[l - 1], bits));
  const top = levels[maxLevel];
  let dst: PackedImage = { px: new Int32Array(top.width * top.height), width: top.width, height: top.height };
  kernel(top.px, bits, top.width, top.height, { ...p, spatialRadius: levelRadius(p.spatialRadius, maxLevel) }, 0, top.height, dst.px, 0);
  const isr22 = Math.max(cvRound(p.colorRadius * p.colorRadius), 16);
  for (let l = maxLevel - 1; l >= 0; l--) {
    const s = levels[l];
    const up = pyrUpPacked(dst, bits, s.width, s.height);
    const mask = refineMask(dst, bits, s.width, s.height, isr22);
    kernel(s.px, bits, s.width, s.height, { ...p, spatialRadius: levelRadius(p.spatialRadius, l) }, 0, s.height, up.px, 0, mask);
    dst = up;
  }
  return dst.px;
}
