// cv::pyrDown / cv::pyrUp on their own against OpenCV (fixtures/pyramid.json, made by
// fixtures/make_fixtures.py with Debian's python3-opencv), and the pyramid's checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pyrDownPacked, pyrUpPacked, reflect101, refineMask, type PackedImage } from '../../src/segment/pyramid.js';
import { meanShiftFilter, segmentImage } from '../../src/segment/index.js';
import { FIXTURES } from './fixtures.js';

interface Raw {
  width: number;
  height: number;
  data: string;
}
const steps = JSON.parse(readFileSync(join(FIXTURES, 'pyramid.json'), 'utf8')) as {
  opencv: string;
  steps: (Raw & { down: Raw; up: Raw[] })[];
};

function toPacked(r: Raw): PackedImage {
  const b = Buffer.from(r.data, 'base64');
  expect(b.length).toBe(r.width * r.height * 3);
  const px = new Int32Array(r.width * r.height);
  // OpenCV's bytes are BGR: our channel 0 is its byte 2 (as when cv2.imread reads a file we read as RGB)
  for (let k = 0; k < px.length; k++) px[k] = b[3 * k + 2] | (b[3 * k + 1] << 8) | (b[3 * k] << 16);
  return { px, width: r.width, height: r.height };
}

function differing(a: Int32Array, b: Int32Array): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) n++;
  return n;
}

describe(`pyrDown / pyrUp = OpenCV ${steps.opencv}`, () => {
  it('has fixtures of odd and even sizes', () => {
    expect(steps.steps.length).toBeGreaterThanOrEqual(6);
    expect(steps.steps.some((s) => s.width % 2 === 1 && s.height % 2 === 1 && s.width > 5)).toBe(true);
  });
  for (const s of steps.steps) {
    it(`pyrDown ${s.width}x${s.height}`, () => {
      const got = pyrDownPacked(toPacked(s), 8);
      expect([got.width, got.height]).toEqual([s.down.width, s.down.height]);
      expect(differing(got.px, toPacked(s.down).px)).toBe(0);
    });
    for (const u of s.up) {
      it(`pyrUp ${s.width}x${s.height} -> ${u.width}x${u.height}`, () => {
        const got = pyrUpPacked(toPacked(s), 8, u.width, u.height);
        expect(differing(got.px, toPacked(u).px)).toBe(0);
      });
    }
  }
  it('pyrUp refuses a size that is not 2n or 2n-1', () => {
    const img = { px: new Int32Array(12), width: 4, height: 3 };
    expect(() => pyrUpPacked(img, 8, 9, 6)).toThrow(/2n or 2n-1/);
    expect(() => pyrUpPacked(img, 8, 6, 6)).toThrow(/got 6x6/);
  });
});

describe('pyramid pieces', () => {
  it('reflect101 as borderInterpolate', () => {
    expect([-2, -1, 0, 4, 5, 6].map((p) => reflect101(p, 5))).toEqual([2, 1, 0, 4, 3, 2]);
    expect(reflect101(-1, 1)).toBe(0);
    expect(reflect101(3, 2)).toBe(1);
  });
  it('refine mask: a coarse edge marks (2i+1, 2j-1), dilated 3x3; flat areas stay unmarked', () => {
    // 5x5 coarse: left two columns black, the rest white -> edges at coarse columns 1 and 2
    const px = new Int32Array(25);
    for (let k = 0; k < 25; k++) px[k] = k % 5 >= 2 ? 0xffffff : 0;
    const m = refineMask({ px, width: 5, height: 5 }, 8, 10, 10, 16);
    const rows: string[] = [];
    for (let y = 0; y < 10; y++) rows.push(Array.from(m.subarray(y * 10, y * 10 + 10)).join(''));
    // marks at rows 3, 5, 7 (i = 1..3), columns 1 and 3 (j = 1, 2); dilated: rows 2..8, columns 0..4
    expect(rows).toEqual([
      '0000000000',
      '0000000000',
      '1111100000',
      '1111100000',
      '1111100000',
      '1111100000',
      '1111100000',
      '1111100000',
      '1111100000',
      '0000000000',
    ]);
    // a difference below the threshold marks nothing
    const faint = new Int32Array(25);
    for (let k = 0; k < 25; k++) faint[k] = k % 5 >= 2 ? 3 : 0; // distance² 9 < 16
    expect(refineMask({ px: faint, width: 5, height: 5 }, 8, 10, 10, 16).some((v) => v !== 0)).toBe(false);
  });
  it('maxLevel is checked, and segmentImage takes it', () => {
    const img = { data: new Uint8Array(8 * 6 * 3).fill(100), width: 8, height: 6, channels: 3 as const };
    for (const bad of [-1, 9, 1.5, Number.NaN]) {
      expect(() => meanShiftFilter(img, { maxLevel: bad })).toThrow(/maxLevel must be an integer in 0\.\.8/);
    }
    const seg = segmentImage(img, { maxLevel: 2, colorSpace: 'rgb' });
    expect(seg.regionCount).toBe(1);
    // Luv works with the pyramid too: a flat image stays flat
    expect(Array.from(meanShiftFilter(img, { maxLevel: 3 }).data.slice(0, 6))).toEqual([100, 100, 100, 100, 100, 100]);
  });
});
