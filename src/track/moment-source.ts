import { regionMoments } from '../image/moments.js';
import type { ProbabilityImage } from '../image/types.js';

/**
 * Where window mean shift gets its moments from. A plain probability map, or a tracker's
 * lazily back-projected frame (which projects only the pixels a window visits).
 * `moments` writes [m00, m10, m01, m20, m11, m02] of the region, coordinates relative to
 * its corner, into `out`; the region always lies inside the frame.
 */
export interface MomentSource {
  readonly width: number;
  readonly height: number;
  moments(x: number, y: number, w: number, h: number, order: 1 | 2, out: Float64Array): Float64Array;
}

/** A MomentSource over a whole probability map. */
export class MapMomentSource implements MomentSource {
  readonly width: number;
  readonly height: number;
  private readonly data: ProbabilityImage['data'];

  constructor(prob: ProbabilityImage) {
    const { width, height, data } = prob;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new TypeError(`probability map must have a positive integer size, got ${width}x${height}`);
    }
    if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray || data instanceof Float32Array)) {
      throw new TypeError('probability map data must be a Uint8Array, Uint8ClampedArray or Float32Array');
    }
    if (data.length !== width * height) {
      throw new TypeError(`probability map has ${data.length} values but ${width}x${height} needs ${width * height}`);
    }
    this.width = width;
    this.height = height;
    this.data = data;
  }

  moments(x: number, y: number, w: number, h: number, order: 1 | 2, out: Float64Array): Float64Array {
    return regionMoments(this.data, this.width, x, y, w, h, order, out);
  }
}
