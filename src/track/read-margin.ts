import type { Rect } from '../image/types.js';

/**
 * How far beyond its final window a tracker may read pixels of the frame it tracked:
 * CamShift's 10 px growth of the window plus the lazy back projection's margin (a quarter of
 * the window grown by 10 px a side, at least 8 px), plus 2 px of rounding. Code that feeds
 * trackers only part of a frame (the browser's region grabbing) refreshes at least this much
 * around the box.
 */
export function trackerReadMargin(box: Rect): number {
  return 10 + Math.max(8, Math.ceil((Math.max(box.width, box.height) + 20) / 4)) + 2;
}
