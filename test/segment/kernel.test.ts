// The fast kernel (SWAR lanes, unrolled) against the plain per-pixel kernel: equal bit for bit
// on random and piecewise images, many radii, borders, tiles, 8-bit and 10-bit channels, and
// the lanes at their limits (saturated channels in the widest rows the fast path takes).
import { describe, expect, it } from 'vitest';
import { filterPackedRows, filterPackedRowsPlain, lanesFit, windowBounds, type RgbKernelParams } from '../../src/segment/rgb-kernel.js';
import { blocks, radiiMatrix, saturated, uniform, type Maker } from './packed-images.js';

function same(px: Int32Array, bits: 8 | 10, w: number, h: number, p: RgbKernelParams, rowStart = 0, rowEnd = h, rowOffset = 0): void {
  const fast = new Int32Array((rowEnd - rowStart) * w).fill(-1);
  const plain = new Int32Array((rowEnd - rowStart) * w).fill(-2);
  filterPackedRows(px, bits, w, h, p, rowStart, rowEnd, fast, rowOffset);
  filterPackedRowsPlain(px, bits, w, h, p, rowStart, rowEnd, plain, rowOffset);
  let diff = 0;
  for (let k = 0; k < fast.length; k++) if (fast[k] !== plain[k]) diff++;
  expect(diff).toBe(0);
}

describe('fast kernel = plain kernel', () => {
  radiiMatrix(same);
  it('more iterations and epsilon 0, and a single iteration', () => {
    const px = blocks(31, 19, 8, 3);
    for (const [maxIterations, epsilon] of [[20, 0], [1, 1], [3, 2]]) {
      same(px, 8, 31, 19, { spatialRadius: 5, colorRadius: 10, maxIterations, epsilon });
    }
  });
  it('borders: images narrower or shorter than the window, one row, one column', () => {
    const p = { spatialRadius: 7, colorRadius: 30, maxIterations: 5, epsilon: 1 };
    for (const [w, h] of [[1, 1], [1, 20], [20, 1], [3, 5], [14, 9], [16, 16]]) same(blocks(w, h, 8, w * 31 + h), 8, w, h, p);
  });
  it('tiles: a band of rows with an odd row offset', () => {
    const px = blocks(40, 30, 8, 11);
    same(px, 8, 40, 30, { spatialRadius: 4.5, colorRadius: 12, maxIterations: 5, epsilon: 1 }, 7, 21, 13);
  });
  it('lanes at their limits: saturated channels in the widest rows of the fast path', () => {
    const widest = (w: number, sp: number): number => {
      const { lo, hi } = windowBounds(w, sp);
      return Math.max(...Array.from(lo, (l, j) => hi[j] - l + 1));
    };
    // 8-bit: rows of 255 pixels (sp 127.4) sum to 255·255 in a 16-bit lane
    expect(widest(300, 127.4)).toBe(255);
    expect(lanesFit(windowBounds(300, 127.4).lo, windowBounds(300, 127.4).hi, 8)).toBe(true);
    same(saturated(300, 3, 8, 0), 8, 300, 3, { spatialRadius: 127.4, colorRadius: 1, maxIterations: 2, epsilon: 1 });
    same(uniform(300, 3, 8, 4), 8, 300, 3, { spatialRadius: 127.4, colorRadius: 300, maxIterations: 2, epsilon: 1 });
    // 10-bit: rows of 63 pixels (sp 31.4) of 1023
    expect(widest(90, 31.4)).toBe(63);
    expect(lanesFit(windowBounds(90, 31.4).lo, windowBounds(90, 31.4).hi, 10)).toBe(true);
    same(saturated(90, 4, 10, 0), 10, 90, 4, { spatialRadius: 31.4, colorRadius: 1, maxIterations: 2, epsilon: 1 });
    // one step wider does not fit
    expect(lanesFit(windowBounds(90, 31.5).lo, windowBounds(90, 31.5).hi, 10)).toBe(false);
    expect(lanesFit(windowBounds(300, 128.5).lo, windowBounds(300, 128.5).hi, 8)).toBe(false);
  });
  it('falls back to the plain loop past the lanes (wide windows) with the same result', () => {
    same(uniform(300, 2, 8, 5), 8, 300, 2, { spatialRadius: 140, colorRadius: 200, maxIterations: 3, epsilon: 1 });
    same(blocks(100, 3, 10, 6), 10, 100, 3, { spatialRadius: 40, colorRadius: 60, maxIterations: 3, epsilon: 1 });
  });
  it('columns past 2^16: Σx recovered from its value mod 2^16', () => {
    const w = 70000;
    const px = blocks(w, 2, 8, 9);
    same(px, 8, w, 2, { spatialRadius: 3, colorRadius: 20, maxIterations: 3, epsilon: 0 });
  });
});
