import { cvRound } from '../image/round.js';
import type { Rect } from '../image/types.js';
import type { IntRect } from './mean-shift-window.js';

/**
 * Checks a target box given to `tracker.init()` and returns it in integer pixels, clipped
 * to the frame. Non-finite or non-positive sizes and boxes wholly outside the frame are
 * RangeErrors that say what was wrong.
 */
export function checkTarget(target: Rect, width: number, height: number): IntRect {
  if (target == null || typeof target !== 'object') {
    throw new TypeError(`target must be a Rect { x, y, width, height }, got ${String(target)}`);
  }
  const { x, y, width: w, height: h } = target;
  if (![x, y, w, h].every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new RangeError(`target must have finite x, y, width and height, got ${x}, ${y}, ${w}, ${h}`);
  }
  if (!(w > 0) || !(h > 0)) throw new RangeError(`target must have a positive width and height, got ${w}x${h}`);
  const x0 = Math.max(0, cvRound(x)), y0 = Math.max(0, cvRound(y));
  const x1 = Math.min(width, cvRound(x + w)), y1 = Math.min(height, cvRound(y + h));
  if (x1 <= x0 || y1 <= y0) {
    throw new RangeError(
      `target ${JSON.stringify({ x, y, width: w, height: h })} lies outside the ${width}x${height} frame; give a box that overlaps the frame`,
    );
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Throws a clear error when a frame's size differs from the one the tracker was initialised on. */
export function checkFrameSize(width: number, height: number, expectedW: number, expectedH: number): void {
  if (width !== expectedW || height !== expectedH) {
    throw new RangeError(
      `frame is ${width}x${height} but the tracker was initialised on ${expectedW}x${expectedH} frames; call init() again with a frame of the new size`,
    );
  }
}

/** True when every pixel of the region has R = G = B (a grayscale picture stored as colour). */
export function isGrayRegion(data: Uint8Array | Uint8ClampedArray, channels: number, frameWidth: number, r: IntRect): boolean {
  if (channels === 1) return true;
  for (let y = r.y; y < r.y + r.height; y++) {
    for (let x = r.x, j = (y * frameWidth + x) * channels; x < r.x + r.width; x++, j += channels) {
      if (data[j] !== data[j + 1] || data[j] !== data[j + 2]) return false;
    }
  }
  return true;
}
