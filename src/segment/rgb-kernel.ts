/**
 * The integer mean-shift filter kernel, a bit-exact port of OpenCV's
 * `cv::pyrMeanShiftFiltering(src, dst, sp, sr, 0, termcrit)` (modules/imgproc/src/segmentation.cpp):
 *
 * - the spatial window is the square [cvRound(x - sp), cvRound(x + sp)] (sp as a float),
 *   clipped to the image, centred on the current (integer) position;
 * - a pixel joins when its squared colour distance to the current (integer) colour is
 *   ≤ cvRound(sr²);
 * - the new position and colour are the means over the joining pixels, each rounded half
 *   to even (cvRound of `sum * (1 / count)`);
 * - it stops after `maxIterations` steps, when the position does not move, or when
 *   |dx| + |dy| + |dc|² ≤ epsilon.
 *
 * Hot loop on flat typed arrays: a branchless colour test and SWAR sums (two channels in
 * one Int32 lane, so a joining pixel costs two masked adds), unrolled by three; the only
 * allocations are per call. Windows too wide for 16-bit lanes take the plain loop.
 */

import { cvRound } from '../image/round.js';

export { cvRound };

/** The window bounds OpenCV derives from a float radius: lo[i] = max(0, cvRound(i - sp)), hi[i] = min(n - 1, cvRound(i + sp)). */
export function windowBounds(n: number, sp: number, offset = 0): { lo: Int32Array; hi: Int32Array } {
  // `offset` is the image coordinate of index 0 (a tile of rows): ties round to even in image coordinates.
  const spf = Math.fround(sp);
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = cvRound(Math.fround(i + offset - spf)) - offset;
    const b = cvRound(Math.fround(i + offset + spf)) - offset;
    lo[i] = a < 0 ? 0 : a;
    hi[i] = b > n - 1 ? n - 1 : b;
  }
  return { lo, hi };
}

/** How far (in rows or columns) the windows of one pixel can reach: maxIterations · max window half-size. */
export function filterReach(spatialRadius: number, maxIterations: number): number {
  // the half-size of a window, cvRound(y + sp) - y, is at most ceil(sp)
  return maxIterations * Math.ceil(Math.fround(spatialRadius));
}

export interface RgbKernelParams {
  spatialRadius: number;
  colorRadius: number;
  maxIterations: number;
  epsilon: number;
}

/** The signature shared by the packed kernels (JS fast and plain, and the WebAssembly one's wrapper). */
export type PackedKernel = (
  px: Int32Array,
  bits: 8 | 10,
  width: number,
  rows: number,
  p: RgbKernelParams,
  rowStart: number,
  rowEnd: number,
  dst: Int32Array,
  rowOffset?: number,
  refine?: Uint8Array,
) => void;

/**
 * Filters rows [rowStart, rowEnd) of a packed 3-channel image `src` (`width` x `rows`),
 * writing them (packed, 3 channels) into `dst` from its first row. Windows are clipped to
 * `src`, so a tile needs `filterReach()` rows of halo on each side to agree with the whole image;
 * `rowOffset` is the image row of `src`'s first row (ties in the window bounds round in image coordinates).
 * The packed kernels also take an optional `refine` mask (one byte a pixel of `src`): pixels whose
 * byte is 0 are skipped, their `dst` entries left as the caller filled them (OpenCV's
 * pyramid refines only the pixels its mask marks).
 */
export function filterRgbRows(
  src: Uint8Array,
  width: number,
  rows: number,
  p: RgbKernelParams,
  rowStart: number,
  rowEnd: number,
  dst: Uint8Array,
  rowOffset = 0,
  kernel: PackedKernel = filterPackedRows,
): void {
  const n = width * rows;
  const px = new Int32Array(n);
  for (let k = 0, s = 0; k < n; k++, s += 3) px[k] = src[s] | (src[s + 1] << 8) | (src[s + 2] << 16);
  const out = new Int32Array(rowEnd - rowStart > 0 ? (rowEnd - rowStart) * width : 0);
  kernel(px, 8, width, rows, p, rowStart, rowEnd, out, rowOffset);
  for (let k = 0, d = 0; k < out.length; k++, d += 3) {
    const v = out[k];
    dst[d] = v & 255;
    dst[d + 1] = (v >> 8) & 255;
    dst[d + 2] = v >> 16;
  }
}

/**
 * Whether the widest window row fits the fast kernel's 16-bit lanes: at most 256 pixels
 * (Σx spans < 2^16) and width · maxChannel < 2^16 (channel sums).
 */
export function lanesFit(loX: Int32Array, hiX: Int32Array, bits: 8 | 10): boolean {
  let widest = 0;
  for (let j = 0; j < loX.length; j++) if (hiX[j] - loX[j] + 1 > widest) widest = hiX[j] - loX[j] + 1;
  return widest <= 256 && widest * ((1 << bits) - 1) <= 0xffff;
}

/**
 * The kernel on packed integer colours: c0 | c1 << bits | c2 << 2·bits, `bits` 8 (RGB) or
 * 10 (scaled Luv). Writes packed modes of rows [rowStart, rowEnd) into `dst`.
 *
 * SWAR: lane A holds c0 | c1 << 16, lane B holds c2 | (x mod 2^16) << 16. A window row's
 * sums of A and B (masked by the colour test) keep every channel sum below 2^16 when the row
 * is at most 256 pixels wide and width · maxChannel < 2^16, so they split exactly per row;
 * the row's Σx is recovered from its value mod 2^16 and its bounds rowCount · [minx, maxx].
 * Gives exactly the sums of the plain loop, so exactly its result.
 */
export function filterPackedRows(
  px: Int32Array,
  bits: 8 | 10,
  width: number,
  rows: number,
  p: RgbKernelParams,
  rowStart: number,
  rowEnd: number,
  dst: Int32Array,
  rowOffset = 0,
  refine?: Uint8Array,
): void {
  const { lo: loX, hi: hiX } = windowBounds(width, p.spatialRadius);
  if (!lanesFit(loX, hiX, bits)) {
    filterPackedRowsPlain(px, bits, width, rows, p, rowStart, rowEnd, dst, rowOffset, refine);
    return;
  }
  const mask = (1 << bits) - 1;
  const isr2 = cvRound(p.colorRadius * p.colorRadius);
  const maxIter = Math.max(1, Math.min(100, p.maxIterations | 0));
  const eps = Math.max(0, p.epsilon);
  const { lo: loY, hi: hiY } = windowBounds(rows, p.spatialRadius, rowOffset);
  const b2 = 2 * bits;
  const n = width * rows;
  const la = new Int32Array(n);
  const lb = new Int32Array(n);
  for (let y = 0, k = 0; y < rows; y++) {
    for (let x = 0; x < width; x++, k++) {
      const v = px[k];
      la[k] = (v & mask) | (((v >> bits) & mask) << 16);
      lb[k] = (v >> b2) | ((x & 0xffff) << 16);
    }
  }
  let d = 0;
  for (let i = rowStart; i < rowEnd; i++) {
    for (let j = 0; j < width; j++) {
      if (refine !== undefined && refine[i * width + j] === 0) {
        d++; // not refined: dst keeps what the caller put there
        continue;
      }
      const p0 = px[i * width + j];
      let c0 = p0 & mask;
      let c1 = (p0 >> bits) & mask;
      let c2 = p0 >> b2;
      let x0 = j;
      let y0 = i;
      for (let iter = 0; iter < maxIter; iter++) {
        const minx = loX[x0];
        const maxx = hiX[x0];
        const miny = loY[y0];
        const maxy = hiY[y0];
        let count = 0;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let sx = 0;
        let sy = 0;
        for (let y = miny; y <= maxy; y++) {
          let rowCount = 0;
          let sa = 0;
          let sb = 0;
          const end = y * width + maxx;
          let k = y * width + minx;
          for (; k <= end - 2; k += 3) {
            // three pixels a step; m = -1 when the pixel joins (distance² <= isr2), else 0
            const a = la[k];
            const b = lb[k];
            const a2 = la[k + 1];
            const b2_ = lb[k + 1];
            const a3 = la[k + 2];
            const b3 = lb[k + 2];
            const e0 = (a & 0xffff) - c0;
            const e1 = (a >>> 16) - c1;
            const e2 = (b & 0xffff) - c2;
            const g0 = (a2 & 0xffff) - c0;
            const g1 = (a2 >>> 16) - c1;
            const g2 = (b2_ & 0xffff) - c2;
            const h0 = (a3 & 0xffff) - c0;
            const h1 = (a3 >>> 16) - c1;
            const h2 = (b3 & 0xffff) - c2;
            const m = (Math.imul(e0, e0) + Math.imul(e1, e1) + Math.imul(e2, e2) - isr2 - 1) >> 31;
            const m2 = (Math.imul(g0, g0) + Math.imul(g1, g1) + Math.imul(g2, g2) - isr2 - 1) >> 31;
            const m3 = (Math.imul(h0, h0) + Math.imul(h1, h1) + Math.imul(h2, h2) - isr2 - 1) >> 31;
            sa = (sa + (a & m) + (a2 & m2) + (a3 & m3)) | 0;
            sb = (sb + (b & m) + (b2_ & m2) + (b3 & m3)) | 0;
            rowCount -= m + m2 + m3;
          }
          for (; k <= end; k++) {
            const a = la[k];
            const b = lb[k];
            const e0 = (a & 0xffff) - c0;
            const e1 = (a >>> 16) - c1;
            const e2 = (b & 0xffff) - c2;
            const m = (Math.imul(e0, e0) + Math.imul(e1, e1) + Math.imul(e2, e2) - isr2 - 1) >> 31;
            sa = (sa + (a & m)) | 0;
            sb = (sb + (b & m)) | 0;
            rowCount -= m;
          }
          s0 += sa & 0xffff;
          s1 += sa >>> 16;
          s2 += sb & 0xffff;
          // Σx of the row lies in rowCount · [minx, maxx], a span < 2^16: its value mod 2^16 fixes it
          const xlo = rowCount * minx;
          sx += xlo + (((sb >>> 16) - xlo) & 0xffff);
          count += rowCount;
          sy += (y + rowOffset) * rowCount; // image coordinates: ties round to even there
        }
        if (count === 0) break;
        const icount = 1 / count;
        const x1 = cvRound(sx * icount);
        const y1 = cvRound(sy * icount) - rowOffset;
        s0 = cvRound(s0 * icount);
        s1 = cvRound(s1 * icount);
        s2 = cvRound(s2 * icount);
        const dx = x1 - x0;
        const dy = y1 - y0;
        const f0 = s0 - c0;
        const f1 = s1 - c1;
        const f2 = s2 - c2;
        const stop =
          (dx === 0 && dy === 0) ||
          (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy) + f0 * f0 + f1 * f1 + f2 * f2 <= eps;
        x0 = x1;
        y0 = y1;
        c0 = s0;
        c1 = s1;
        c2 = s2;
        if (stop) break;
      }
      dst[d++] = c0 | (c1 << bits) | (c2 << b2);
    }
  }
}

/**
 * The plain per-pixel kernel (one packed load, three channel sums a pixel): the fallback for
 * windows too wide for 16-bit lanes, and the reference the fast kernel is tested against.
 */
export function filterPackedRowsPlain(
  px: Int32Array,
  bits: 8 | 10,
  width: number,
  rows: number,
  p: RgbKernelParams,
  rowStart: number,
  rowEnd: number,
  dst: Int32Array,
  rowOffset = 0,
  refine?: Uint8Array,
): void {
  const isr2 = cvRound(p.colorRadius * p.colorRadius);
  const maxIter = Math.max(1, Math.min(100, p.maxIterations | 0));
  const eps = Math.max(0, p.epsilon);
  const { lo: loX, hi: hiX } = windowBounds(width, p.spatialRadius);
  const { lo: loY, hi: hiY } = windowBounds(rows, p.spatialRadius, rowOffset);
  const mask = (1 << bits) - 1;
  const b2 = 2 * bits;
  let d = 0;
  for (let i = rowStart; i < rowEnd; i++) {
    for (let j = 0; j < width; j++) {
      if (refine !== undefined && refine[i * width + j] === 0) {
        d++; // not refined: dst keeps what the caller put there
        continue;
      }
      const p0 = px[i * width + j];
      let c0 = p0 & mask;
      let c1 = (p0 >> bits) & mask;
      let c2 = p0 >> b2;
      let x0 = j;
      let y0 = i;
      for (let iter = 0; iter < maxIter; iter++) {
        const minx = loX[x0];
        const maxx = hiX[x0];
        const miny = loY[y0];
        const maxy = hiY[y0];
        let count = 0;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let sx = 0;
        let sy = 0;
        for (let y = miny; y <= maxy; y++) {
          let rowCount = 0;
          const base = y * width;
          for (let x = minx; x <= maxx; x++) {
            const v = px[base + x];
            const t0 = v & mask;
            const t1 = (v >> bits) & mask;
            const t2 = v >> b2;
            const e0 = t0 - c0;
            const e1 = t1 - c1;
            const e2 = t2 - c2;
            // branchless: m = -1 when the pixel joins (distance² <= isr2), else 0
            const m = (Math.imul(e0, e0) + Math.imul(e1, e1) + Math.imul(e2, e2) - isr2 - 1) >> 31;
            s0 += t0 & m;
            s1 += t1 & m;
            s2 += t2 & m;
            sx += x & m;
            rowCount -= m;
          }
          count += rowCount;
          sy += (y + rowOffset) * rowCount; // image coordinates: ties round to even there
        }
        if (count === 0) break;
        const icount = 1 / count;
        const x1 = cvRound(sx * icount);
        const y1 = cvRound(sy * icount) - rowOffset;
        s0 = cvRound(s0 * icount);
        s1 = cvRound(s1 * icount);
        s2 = cvRound(s2 * icount);
        const dx = x1 - x0;
        const dy = y1 - y0;
        const f0 = s0 - c0;
        const f1 = s1 - c1;
        const f2 = s2 - c2;
        const stop =
          (dx === 0 && dy === 0) ||
          (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy) + f0 * f0 + f1 * f1 + f2 * f2 <= eps;
        x0 = x1;
        y0 = y1;
        c0 = s0;
        c1 = s1;
        c2 = s2;
        if (stop) break;
      }
      dst[d++] = c0 | (c1 << bits) | (c2 << b2);
    }
  }
}
