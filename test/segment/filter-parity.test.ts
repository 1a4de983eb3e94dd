// Parity of meanShiftFilter(colorSpace 'rgb') with OpenCV's pyrMeanShiftFiltering(maxLevel 0),
// and with maxLevel 1..3 (the pyramid), against fixtures made by Debian's python3-opencv (test/segment/fixtures/make_fixtures.py).
import { describe, expect, it } from 'vitest';
import { meanShiftFilter } from '../../src/segment/index.js';
import { manifest, readRgb } from './fixtures.js';

function mismatches(a: Uint8Array | Uint8ClampedArray, b: Uint8Array | Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 3) {
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
  }
  return n;
}

describe(`meanShiftFilter rgb = OpenCV ${manifest.opencv} pyrMeanShiftFiltering`, () => {
  it('has fixtures', () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(30);
    for (const level of [1, 2, 3]) expect(manifest.cases.filter((c) => c.maxLevel === level).length).toBeGreaterThanOrEqual(12);
  });
  for (const c of manifest.cases) {
    it(`${c.output}`, async () => {
      const src = await readRgb(c.input);
      const want = await readRgb(c.output);
      const got = meanShiftFilter(src, {
        colorSpace: 'rgb',
        spatialRadius: c.spatialRadius,
        colorRadius: c.colorRadius,
        maxIterations: c.maxIterations,
        epsilon: c.epsilon,
        maxLevel: c.maxLevel ?? 0,
      });
      expect(got.width).toBe(c.width);
      expect(got.channels).toBe(3);
      // the fixture must be a real test: OpenCV changed pixels
      expect(c.changedPixels).toBeGreaterThan(0);
      // and a pyramid case must not be answerable by the plain filter
      if (c.maxLevel) expect(c.differsFromLevel0).toBeGreaterThan(0);
      expect(mismatches(got.data, want.data)).toBe(0);
    });
  }
});
