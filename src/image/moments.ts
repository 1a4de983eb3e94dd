import { clipRect, type ProbabilityImage, type Rect } from './types.js';

/** Spatial and central image moments up to order 3 (OpenCV's cv::Moments, without nu). */
export interface Moments {
  m00: number;
  m10: number;
  m01: number;
  m20: number;
  m11: number;
  m02: number;
  m30: number;
  m21: number;
  m12: number;
  m03: number;
  mu20: number;
  mu11: number;
  mu02: number;
  mu30: number;
  mu21: number;
  mu12: number;
  mu03: number;
}

/**
 * Raw moments of the region (x, y, w, h) of a single-channel map, with coordinates
 * relative to the region's top-left corner (as OpenCV's moments of a ROI), written into
 * `out` = [m00, m10, m01, m20, m11, m02]. `order` 1 computes only the first three.
 * Integer (8-bit) maps are summed exactly. Allocates nothing; the region must lie inside.
 */
export function regionMoments(
  data: Uint8Array | Uint8ClampedArray | Float32Array,
  stride: number,
  x: number,
  y: number,
  w: number,
  h: number,
  order: 1 | 2,
  out: Float64Array,
): Float64Array {
  let m00 = 0, m10 = 0, m01 = 0, m20 = 0, m11 = 0, m02 = 0;
  for (let j = 0; j < h; j++) {
    let s0 = 0, s1 = 0, s2 = 0;
    const row = (y + j) * stride + x;
    if (order === 1) {
      for (let i = 0; i < w; i++) {
        const v = data[row + i];
        s0 += v;
        s1 += i * v;
      }
    } else {
      for (let i = 0; i < w; i++) {
        const v = data[row + i];
        const iv = i * v;
        s0 += v;
        s1 += iv;
        s2 += i * iv;
      }
    }
    m00 += s0;
    m10 += s1;
    m01 += j * s0;
    m20 += s2;
    m11 += j * s1;
    m02 += j * j * s0;
  }
  out[0] = m00;
  out[1] = m10;
  out[2] = m01;
  out[3] = m20;
  out[4] = m11;
  out[5] = m02;
  return out;
}

/**
 * Image moments of `rect` (default: the whole map) of a single-channel map, coordinates
 * relative to the rect's top-left corner, as OpenCV's `moments(prob(rect))`.
 */
export function moments(prob: ProbabilityImage, rect?: Rect | null): Moments {
  const { width, height, data } = prob;
  if (data.length !== width * height) {
    throw new TypeError(`probability map has ${data.length} values but ${width}x${height} needs ${width * height}`);
  }
  const r = clipRect(rect ?? { x: 0, y: 0, width, height }, width, height);
  const x0 = Math.floor(r.x), y0 = Math.floor(r.y), w = Math.floor(r.width), h = Math.floor(r.height);
  let m00 = 0, m10 = 0, m01 = 0, m20 = 0, m11 = 0, m02 = 0, m30 = 0, m21 = 0, m12 = 0, m03 = 0;
  for (let j = 0; j < h; j++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const row = (y0 + j) * width + x0;
    for (let i = 0; i < w; i++) {
      const v = data[row + i];
      s0 += v;
      s1 += i * v;
      s2 += i * i * v;
      s3 += i * i * i * v;
    }
    m00 += s0;
    m10 += s1;
    m01 += j * s0;
    m20 += s2;
    m11 += j * s1;
    m02 += j * j * s0;
    m30 += s3;
    m21 += j * s2;
    m12 += j * j * s1;
    m03 += j * j * j * s0;
  }
  let cx = 0, cy = 0;
  if (Math.abs(m00) > Number.EPSILON) {
    const inv = 1 / m00; // as OpenCV's completeMomentState, for bit-identical results
    cx = m10 * inv;
    cy = m01 * inv;
  }
  return {
    m00, m10, m01, m20, m11, m02, m30, m21, m12, m03,
    mu20: m20 - m10 * cx,
    mu11: m11 - m10 * cy,
    mu02: m02 - m01 * cy,
    mu30: m30 - cx * (3 * m20 - 2 * cx * m10),
    mu21: m21 - cx * (2 * m11 - 2 * cy * m10) - cy * m20,
    mu12: m12 - cy * (2 * m11 - 2 * cx * m01) - cx * m02,
    mu03: m03 - cy * (3 * m02 - 2 * cy * m01),
  };
}
