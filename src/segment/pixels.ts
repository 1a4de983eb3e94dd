/** Conversions between ImageLike (1, 3 or 4 channels) and the packed 3-channel buffers the kernels use. */
import { checkImage, type ImageLike } from '../image/types.js';
import { MAX_PIXELS } from './options.js';

/** Checks an image for filtering: a non-empty, not-too-large ImageLike. Returns its channel count. */
export function checkSegmentInput(image: ImageLike, what = 'image'): 1 | 3 | 4 {
  const c = checkImage(image, what);
  if (image.width === 0 || image.height === 0) {
    throw new RangeError(`${what} is empty (${image.width}x${image.height}); pass an image at least 1x1`);
  }
  if (image.width * image.height > MAX_PIXELS) {
    throw new RangeError(
      `${what} is ${image.width}x${image.height} = ${image.width * image.height} pixels, more than the ` +
        `${MAX_PIXELS} that fit in memory at once; downscale it or filter it in tiles of rows (planTiles)`,
    );
  }
  return c;
}

/**
 * Packs any ImageLike into interleaved 3-channel bytes (gray is replicated; alpha dropped).
 * A 3-channel image without `out` is returned as a view of its own data, not copied (the
 * filters only read it).
 */
export function toRgb3(image: ImageLike, out?: Uint8Array): Uint8Array {
  const c = image.channels ?? 4;
  const n = image.width * image.height;
  if (c === 3 && out === undefined) {
    const s = image.data;
    return s instanceof Uint8Array ? s.subarray(0, n * 3) : new Uint8Array(s.buffer, s.byteOffset, n * 3);
  }
  const dst = out ?? new Uint8Array(n * 3);
  const src = image.data;
  if (c === 3) {
    dst.set(src.subarray(0, n * 3));
  } else if (c === 4) {
    for (let i = 0, j = 0, k = 0; i < n; i++, j += 4, k += 3) {
      dst[k] = src[j];
      dst[k + 1] = src[j + 1];
      dst[k + 2] = src[j + 2];
    }
  } else {
    for (let i = 0, k = 0; i < n; i++, k += 3) {
      const v = src[i];
      dst[k] = v;
      dst[k + 1] = v;
      dst[k + 2] = v;
    }
  }
  return dst;
}

/**
 * Unpacks 3-channel bytes into an image shaped like `like` (same channel count; alpha is
 * copied from `like`; gray output is the mean of the three channels, rounded). For a
 * 3-channel `like` the result holds `rgb` itself (no copy) when the array types agree.
 */
export function fromRgb3(rgb: Uint8Array, like: ImageLike): ImageLike {
  const c = like.channels ?? 4;
  const n = like.width * like.height;
  if (c === 3 && !(like.data instanceof Uint8ClampedArray) && rgb.length === n * 3) {
    return { data: rgb, width: like.width, height: like.height, channels: 3 };
  }
  const data = like.data instanceof Uint8ClampedArray ? new Uint8ClampedArray(n * c) : new Uint8Array(n * c);
  if (c === 3) {
    data.set(rgb.subarray(0, n * 3));
  } else if (c === 4) {
    const a = like.data;
    for (let i = 0, j = 0, k = 0; i < n; i++, j += 4, k += 3) {
      data[j] = rgb[k];
      data[j + 1] = rgb[k + 1];
      data[j + 2] = rgb[k + 2];
      data[j + 3] = a[j + 3];
    }
  } else {
    for (let i = 0, k = 0; i < n; i++, k += 3) data[i] = Math.round((rgb[k] + rgb[k + 1] + rgb[k + 2]) / 3);
  }
  return c === 4 && like.channels === undefined
    ? { data, width: like.width, height: like.height }
    : { data, width: like.width, height: like.height, channels: c };
}
