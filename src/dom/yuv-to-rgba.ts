/**
 * Conversion of a video frame's own pixel layout (the planes `VideoFrame.copyTo` gives without
 * a `format`) to RGBA, in script. Asking the browser for RGBA instead (`copyTo(…, { format:
 * 'RGBA' })`) makes Chromium convert through a graphics context that a Worker obtains from the
 * page's main thread on every call: about 0.3–0.8 ms of the page's time a frame, the very
 * time tracking in a Worker is meant to spare. (On the page itself the browser's conversion
 * is the cheaper, and `RegionGrabber` uses it there.) DOM-free.
 */

/** The formats `yuvToRgba` and `rgbxToRgba` read. */
export type NativeFormat = 'I420' | 'I420A' | 'NV12' | 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX';

/** True for a `VideoFrame.format` this module converts. */
export function isNativeFormat(format: string | null | undefined): format is NativeFormat {
  return format === 'I420' || format === 'I420A' || format === 'NV12' || format === 'RGBA' || format === 'RGBX' || format === 'BGRA' || format === 'BGRX';
}

/** Y′CbCr → R′G′B′ coefficients: R = y·(Y − yOffset) + rv·V′, G = y·(Y − yOffset) − gu·U′ − gv·V′, B = y·(Y − yOffset) + bu·U′, with U′ = U − 128, V′ = V − 128. */
export interface YuvMatrix {
  y: number;
  yOffset: number;
  rv: number;
  gu: number;
  gv: number;
  bu: number;
}

/** Luma weights (Kr, Kb) of the matrices a `VideoColorSpace` names. */
const LUMA: Record<string, [number, number]> = {
  bt709: [0.2126, 0.0722],
  bt470bg: [0.299, 0.114],
  smpte170m: [0.299, 0.114],
  'bt2020-ncl': [0.2627, 0.0593],
};

/**
 * The coefficients for a frame's colour space (`VideoFrame.colorSpace.matrix` and
 * `fullRange`); an unknown or missing matrix is read as BT.601 (smpte170m) and a missing range
 * as limited (16–235), as cameras send. Null for `'rgb'` (no Y′CbCr to convert).
 */
export function yuvMatrix(matrix: string | null | undefined, fullRange: boolean | null | undefined): YuvMatrix | null {
  if (matrix === 'rgb') return null;
  const [kr, kb] = LUMA[matrix ?? ''] ?? LUMA.smpte170m;
  const kg = 1 - kr - kb;
  const ys = fullRange ? 1 : 255 / 219, cs = fullRange ? 1 : 255 / 224;
  return {
    y: ys,
    yOffset: fullRange ? 0 : 16,
    rv: cs * 2 * (1 - kr),
    gu: (cs * 2 * (1 - kb) * kb) / kg,
    gv: (cs * 2 * (1 - kr) * kr) / kg,
    bu: cs * 2 * (1 - kb),
  };
}

/** Where the planes of a copied region lie in the source buffer (as `VideoFrame.copyTo` resolves: I420 Y, U, V; NV12 Y, UV). */
export interface PlaneLayout {
  offset: number;
  stride: number;
}

/**
 * Converts a `w` × `h` region in I420, I420A or NV12 (chroma subsampled 2×2; `planes` as
 * `copyTo` laid them out, the region's top-left at each plane's start) to RGBA at `dstOffset`
 * of `dst` (rows `dstStride` bytes apart, alpha 255). `Uint8ClampedArray` rounds and clamps.
 */
export function yuvToRgba(src: Uint8Array, format: 'I420' | 'I420A' | 'NV12', planes: readonly PlaneLayout[], w: number, h: number,
  m: YuvMatrix, dst: Uint8ClampedArray, dstOffset: number, dstStride: number): void {
  const yo = planes[0].offset, ys = planes[0].stride;
  const nv = format === 'NV12', step = nv ? 2 : 1;
  const uo = planes[1].offset, us = planes[1].stride;
  const vo = nv ? uo + 1 : planes[2].offset, vs = nv ? us : planes[2].stride;
  const ky = m.y, off = m.yOffset, rv = m.rv, gu = m.gu, gv = m.gv, bu = m.bu;
  for (let r = 0; r < h; r++) {
    const yRow = yo + r * ys, uRow = uo + (r >> 1) * us, vRow = vo + (r >> 1) * vs;
    let d = dstOffset + r * dstStride;
    // two pixels a chroma sample: its terms once
    for (let c = 0, k = 0; c < w; c += 2, k += step, d += 8) {
      const U = src[uRow + k] - 128, V = src[vRow + k] - 128;
      const cr = rv * V, cg = gu * U + gv * V, cb = bu * U;
      const Y0 = ky * (src[yRow + c] - off);
      dst[d] = Y0 + cr;
      dst[d + 1] = Y0 - cg;
      dst[d + 2] = Y0 + cb;
      dst[d + 3] = 255;
      if (c + 1 < w) {
        const Y1 = ky * (src[yRow + c + 1] - off);
        dst[d + 4] = Y1 + cr;
        dst[d + 5] = Y1 - cg;
        dst[d + 6] = Y1 + cb;
        dst[d + 7] = 255;
      }
    }
  }
}

/** Copies a `w` × `h` region of 4-byte pixels (RGBA, RGBX, BGRA, BGRX) to RGBA with alpha 255. */
export function rgbxToRgba(src: Uint8Array, format: 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX', plane: PlaneLayout, w: number, h: number,
  dst: Uint8ClampedArray, dstOffset: number, dstStride: number): void {
  const bgr = format === 'BGRA' || format === 'BGRX', ri = bgr ? 2 : 0, bi = bgr ? 0 : 2;
  for (let r = 0; r < h; r++) {
    let s = plane.offset + r * plane.stride, d = dstOffset + r * dstStride;
    for (let c = 0; c < w; c++, s += 4, d += 4) {
      dst[d] = src[s + ri];
      dst[d + 1] = src[s + 1];
      dst[d + 2] = src[s + bi];
      dst[d + 3] = 255;
    }
  }
}
