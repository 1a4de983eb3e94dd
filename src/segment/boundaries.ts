/** Drawing helpers for segmentation results: region boundaries and region-mean images. */
import type { ImageLike } from '../image/types.js';
import { checkImage } from '../image/types.js';
import type { SegmentRegion } from './segment-image.js';

/** 1 where a pixel's label differs from its right or lower neighbour, else 0. */
export function regionBoundaryMask(labels: Int32Array, width: number, height: number): Uint8Array {
  if (labels.length !== width * height) {
    throw new RangeError(`labels has ${labels.length} values but ${width}x${height} needs ${width * height}`);
  }
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0, q = y * width; x < width; x++, q++) {
      const l = labels[q];
      if ((x + 1 < width && labels[q + 1] !== l) || (y + 1 < height && labels[q + width] !== l)) mask[q] = 1;
    }
  }
  return mask;
}

/** Options of {@link drawRegionBoundaries}. */
export interface DrawBoundariesOptions {
  /**
   * Boundary colour [r, g, b] or [r, g, b, a], or 'contrast': black on light pixels and white
   * on dark ones (by the pixel's luma, 0.299 R + 0.587 G + 0.114 B against 128), so that
   * boundaries show on any colour. Default [255, 40, 40, 255].
   */
  color?: readonly number[] | 'contrast';
}

/** A copy of `image` as RGBA with the region boundaries of `labels` painted in `color`. */
export function drawRegionBoundaries(
  image: ImageLike,
  labels: Int32Array,
  options: DrawBoundariesOptions = {},
): ImageLike & { channels: 4 } {
  const c = checkImage(image);
  const { width, height } = image;
  const mask = regionBoundaryMask(labels, width, height);
  const contrast = options.color === 'contrast';
  const [r, g, b, a = 255] = contrast ? [0, 0, 0, 255] : ((options.color as readonly number[] | undefined) ?? [255, 40, 40, 255]);
  const out = new Uint8ClampedArray(width * height * 4);
  const src = image.data;
  for (let q = 0; q < width * height; q++) {
    const o = q * 4;
    if (mask[q] && contrast) {
      const luma = c === 1 ? src[q] : 0.299 * src[q * c] + 0.587 * src[q * c + 1] + 0.114 * src[q * c + 2];
      const v = luma >= 128 ? 0 : 255;
      out[o] = out[o + 1] = out[o + 2] = v;
      out[o + 3] = 255;
    } else if (mask[q]) {
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = a;
    } else if (c === 1) {
      out[o] = out[o + 1] = out[o + 2] = src[q];
      out[o + 3] = 255;
    } else {
      out[o] = src[q * c];
      out[o + 1] = src[q * c + 1];
      out[o + 2] = src[q * c + 2];
      out[o + 3] = c === 4 ? src[q * 4 + 3] : 255;
    }
  }
  return { data: out, width, height, channels: 4 };
}

/** An RGBA image with every region painted in its mean colour (`regions[l].color`). */
export function paintRegions(
  labels: Int32Array,
  regions: readonly SegmentRegion[],
  width: number,
  height: number,
): ImageLike & { channels: 4 } {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let q = 0; q < width * height; q++) {
    const col = regions[labels[q]].color;
    out[q * 4] = col[0];
    out[q * 4 + 1] = col[1];
    out[q * 4 + 2] = col[2];
    out[q * 4 + 3] = 255;
  }
  return { data: out, width, height, channels: 4 };
}
