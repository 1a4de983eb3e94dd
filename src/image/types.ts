/**
 * DOM-free pixel types shared by every part of modeseek.
 *
 * `ImageLike` is shaped so that a browser `ImageData` fits as is (RGBA), while Node code
 * can hand in any typed array of pixels.
 */

/** Number of interleaved channels: 1 grayscale, 3 RGB, 4 RGBA (the default). */
export type Channels = 1 | 3 | 4;

/** An 8-bit image, interleaved, row-major, no row padding. `ImageData` fits as is. */
export interface ImageLike {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
  /** 1 grayscale, 3 RGB, 4 RGBA. Default 4 (as `ImageData`). */
  channels?: Channels;
}

/** An axis-aligned box in pixels of the frame, 0-based top-left corner. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A rotated box: centre, size and angle in radians (OpenCV's RotatedRect, angle in radians). */
export interface RotatedRect {
  cx: number;
  cy: number;
  width: number;
  height: number;
  angle: number;
}

/**
 * A single-channel map of weights (a back projection, a probability image).
 * 8-bit maps hold 0..255; float maps any non-negative weights.
 */
export interface ProbabilityImage {
  data: Uint8Array | Uint8ClampedArray | Float32Array;
  width: number;
  height: number;
}

/** The channel count of an image, with the RGBA default applied. */
export function channelsOf(image: ImageLike): Channels {
  return image.channels ?? 4;
}

/**
 * Checks an image's shape and returns its channel count. Throws a TypeError naming the
 * expected and actual data length when they disagree.
 */
export function checkImage(image: ImageLike, what = 'image'): Channels {
  if (image == null || typeof image !== 'object') {
    throw new TypeError(`${what} must be an object { data, width, height, channels? }, got ${String(image)}`);
  }
  const { width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new TypeError(`${what} width and height must be non-negative integers, got ${width}x${height}`);
  }
  const c = channelsOf(image);
  if (c !== 1 && c !== 3 && c !== 4) {
    throw new TypeError(`${what}.channels must be 1, 3 or 4, got ${String(c)}`);
  }
  const data = image.data as unknown;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new TypeError(`${what}.data must be a Uint8Array or Uint8ClampedArray`);
  }
  const expected = width * height * c;
  if ((data as Uint8Array).length !== expected) {
    throw new TypeError(
      `${what}.data has ${(data as Uint8Array).length} values but ${width}x${height}x${c} needs ${expected}` +
        (c === 4 ? ' (channels defaults to 4, RGBA; pass channels: 3 or 1 for RGB or grayscale data)' : ''),
    );
  }
  return c;
}

/** Integer rectangle intersection of `r` with the image `[0,w)x[0,h)`; width/height may become 0. */
export function clipRect(r: Rect, width: number, height: number, out: Rect = { x: 0, y: 0, width: 0, height: 0 }): Rect {
  const x0 = Math.max(0, Math.min(width, r.x));
  const y0 = Math.max(0, Math.min(height, r.y));
  const x1 = Math.max(0, Math.min(width, r.x + r.width));
  const y1 = Math.max(0, Math.min(height, r.y + r.height));
  out.x = x0;
  out.y = y0;
  out.width = Math.max(0, x1 - x0);
  out.height = Math.max(0, y1 - y0);
  return out;
}

/** The four corners of a rotated box, in order, as OpenCV's RotatedRect::points. */
export function rotatedRectPoints(r: RotatedRect): [number, number][] {
  const b = Math.cos(r.angle) * 0.5;
  const a = Math.sin(r.angle) * 0.5;
  const p0: [number, number] = [r.cx - a * r.height - b * r.width, r.cy + b * r.height - a * r.width];
  const p1: [number, number] = [r.cx + a * r.height - b * r.width, r.cy - b * r.height - a * r.width];
  const p2: [number, number] = [2 * r.cx - p0[0], 2 * r.cy - p0[1]];
  const p3: [number, number] = [2 * r.cx - p1[0], 2 * r.cy - p1[1]];
  return [p0, p1, p2, p3];
}
