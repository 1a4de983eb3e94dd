import type { Rect } from '../image/types.js';
import { trackerReadMargin } from '../track/read-margin.js';

/** An integer region of a frame, [x, x + width) × [y, y + height). */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The region of the frame to refresh before tracking from `box`: the box dilated by `reach`
 * times its larger side plus `extra` pixels on every side (about 3× the box with the
 * default reach 1), clipped to the frame,
 * with even corners (4:2:0 frames copy at even positions). Writes into `out`.
 *
 * Mean shift only reads the back projection around the window's path, and the lazy back
 * projection grows a quarter of the window beyond what it reads, so this covers any
 * motion up to about half the box's size per frame; `regionCovers()` tells when a result
 * went beyond it.
 */
export function refreshRegion(box: Rect, frameWidth: number, frameHeight: number, out: Region, reach = 1, extra = 32): Region {
  const d = Math.ceil(Math.max(box.width, box.height) * reach) + extra;
  return clipEven(box.x - d, box.y - d, box.x + box.width + d, box.y + box.height + d, frameWidth, frameHeight, out);
}

/** Clips [x0, x1) × [y0, y1) to the frame with even corners (the far corner rounds up, then clips). */
export function clipEven(x0: number, y0: number, x1: number, y1: number, frameWidth: number, frameHeight: number, out: Region): Region {
  const ax = Math.max(0, Math.floor(x0) & ~1);
  const ay = Math.max(0, Math.floor(y0) & ~1);
  const bx = Math.min(frameWidth, (Math.ceil(x1) + 1) & ~1);
  const by = Math.min(frameHeight, (Math.ceil(y1) + 1) & ~1);
  out.x = ax;
  out.y = ay;
  out.width = Math.max(0, bx - ax);
  out.height = Math.max(0, by - ay);
  return out;
}

/** How far beyond its window a tracker may read pixels (`trackerReadMargin` of src/track). */
export const readMargin = trackerReadMargin;

/**
 * True when `box` grown by `readMargin(box)` (and clipped to the frame) lies inside `region`:
 * then every pixel the tracker read around its final window was fresh.
 */
export function regionCovers(region: Region, box: Rect, frameWidth: number, frameHeight: number): boolean {
  const m = readMargin(box);
  const x0 = Math.max(0, Math.floor(box.x - m)), y0 = Math.max(0, Math.floor(box.y - m));
  const x1 = Math.min(frameWidth, Math.ceil(box.x + box.width + m));
  const y1 = Math.min(frameHeight, Math.ceil(box.y + box.height + m));
  return x0 >= region.x && y0 >= region.y && x1 <= region.x + region.width && y1 <= region.y + region.height;
}
