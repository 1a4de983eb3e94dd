import { checkImage, type ImageLike } from './types.js';

/**
 * RGB → HSV with OpenCV's 8-bit conventions (cv::COLOR_RGB2HSV on CV_8U): H in 0..179
 * (degrees / 2), S and V in 0..255, computed with OpenCV's fixed-point division tables so
 * the result is bit-identical to cv::cvtColor.
 */

const HSV_SHIFT = 12;
const HSV_ROUND = 1 << (HSV_SHIFT - 1);

function makeTables(): { sdiv: Int32Array; hdiv: Int32Array } {
  const sdiv = new Int32Array(256);
  const hdiv = new Int32Array(256);
  for (let i = 1; i < 256; i++) {
    // saturate_cast<int>(double) rounds half to even; none of these values is an exact tie
    sdiv[i] = Math.round((255 << HSV_SHIFT) / i);
    hdiv[i] = Math.round((180 << HSV_SHIFT) / (6 * i));
  }
  return { sdiv, hdiv };
}

/** OpenCV's `sdiv_table` (255·2¹²/v) and `hdiv_table180` (180·2¹²/(6·d)). */
export const HSV_TABLES = makeTables();
const SDIV = HSV_TABLES.sdiv;
const HDIV = HSV_TABLES.hdiv;

/** Hue (0..179) of one RGB pixel, exactly as OpenCV's 8-bit RGB2HSV. */
export function hueOf(r: number, g: number, b: number): number {
  let v = r > g ? r : g;
  if (b > v) v = b;
  let mn = r < g ? r : g;
  if (b < mn) mn = b;
  const diff = v - mn;
  let h = v === r ? g - b : v === g ? b - r + 2 * diff : r - g + 4 * diff;
  h = (h * HDIV[diff] + HSV_ROUND) >> HSV_SHIFT;
  return h < 0 ? h + 180 : h;
}

/** Saturation (0..255) of one RGB pixel, exactly as OpenCV's 8-bit RGB2HSV. */
export function saturationOf(r: number, g: number, b: number): number {
  let v = r > g ? r : g;
  if (b > v) v = b;
  let mn = r < g ? r : g;
  if (b < mn) mn = b;
  return ((v - mn) * SDIV[v] + HSV_ROUND) >> HSV_SHIFT;
}

/**
 * Writes H, S, V of one pixel into `out[offset..offset+2]`. The hot loops in histogram and
 * back projection inline the same arithmetic; this is the readable reference.
 */
export function rgbToHsvPixel(r: number, g: number, b: number, out: Uint8Array | number[], offset = 0): void {
  let v = r > g ? r : g;
  if (b > v) v = b;
  let mn = r < g ? r : g;
  if (b < mn) mn = b;
  const diff = v - mn;
  const s = (diff * SDIV[v] + HSV_ROUND) >> HSV_SHIFT;
  let h = v === r ? g - b : v === g ? b - r + 2 * diff : r - g + 4 * diff;
  h = (h * HDIV[diff] + HSV_ROUND) >> HSV_SHIFT;
  out[offset] = h < 0 ? h + 180 : h;
  out[offset + 1] = s;
  out[offset + 2] = v;
}

/** Converts an RGB or RGBA image to a 3-channel HSV image (OpenCV 8-bit conventions). */
export function rgbToHsv(image: ImageLike, out?: Uint8Array): ImageLike & { channels: 3 } {
  const c = checkImage(image);
  if (c === 1) throw new TypeError('rgbToHsv needs an RGB or RGBA image, got a grayscale one (channels: 1)');
  const n = image.width * image.height;
  const dst = out ?? new Uint8Array(n * 3);
  if (dst.length !== n * 3) throw new TypeError(`rgbToHsv: out has ${dst.length} values, needs ${n * 3}`);
  const src = image.data;
  for (let i = 0, j = 0, k = 0; i < n; i++, j += c, k += 3) {
    rgbToHsvPixel(src[j], src[j + 1], src[j + 2], dst, k);
  }
  return { data: dst, width: image.width, height: image.height, channels: 3 };
}

/** OpenCV's fixed-point RGB→gray (cv::COLOR_RGB2GRAY on CV_8U): (4899 R + 9617 G + 1868 B + 2¹³) >> 14. */
export function grayOf(r: number, g: number, b: number): number {
  return (r * 4899 + g * 9617 + b * 1868 + 8192) >> 14;
}

/** Converts an image to one channel of gray (a grayscale image is copied). */
export function toGray(image: ImageLike, out?: Uint8Array): ImageLike & { channels: 1 } {
  const c = checkImage(image);
  const n = image.width * image.height;
  const dst = out ?? new Uint8Array(n);
  if (dst.length !== n) throw new TypeError(`toGray: out has ${dst.length} values, needs ${n}`);
  const src = image.data;
  if (c === 1) dst.set(src);
  else for (let i = 0, j = 0; i < n; i++, j += c) dst[i] = grayOf(src[j], src[j + 1], src[j + 2]);
  return { data: dst, width: image.width, height: image.height, channels: 1 };
}
