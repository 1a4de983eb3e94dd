import { describe, expect, it } from 'vitest';
import { drawRegionBoundaries, meanShiftFilter, paintRegions, segmentImage } from '../../src/segment/index.js';
import { filterTile } from '../../src/segment/filter-tile.js';
import { fuseRegions } from '../../src/segment/fuse-regions.js';
import { placeTile, planTiles, tileHalo, tileTask } from '../../src/segment/tiles.js';
import { regionBoundaryMask } from '../../src/segment/boundaries.js';
import { resolveFilterOptions } from '../../src/segment/options.js';
import { readRgb } from './fixtures.js';

/** A w x h RGB image painted by f(x, y) => [r, g, b]. */
function paint(w: number, h: number, f: (x: number, y: number) => number[]) {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(f(x, y), (y * w + x) * 3);
  return { data, width: w, height: h, channels: 3 as const };
}

describe('meanShiftFilter, hand-checkable', () => {
  it('leaves a flat image unchanged in both colour spaces', () => {
    const img = paint(9, 7, () => [10, 200, 30]);
    expect(Array.from(meanShiftFilter(img, { colorSpace: 'rgb' }).data)).toEqual(Array.from(img.data));
    expect(Array.from(meanShiftFilter(img).data)).toEqual(Array.from(img.data));
  });
  it('averages a pixel with its in-range neighbours only (rgb, one step)', () => {
    // 3x1: [100, 104, 200] in every channel, sp 1, sr 7 (isr2 49): pixel 0 sees 100 and 104 (3·16 = 48 ≤ 49)
    const img = paint(3, 1, (x) => { const v = [100, 104, 200][x]; return [v, v, v]; });
    const out = meanShiftFilter(img, { colorSpace: 'rgb', spatialRadius: 1, colorRadius: 7, maxIterations: 1 });
    // pixel 0: mean 102, x = cvRound(0.5) = 0; pixel 1: 100, 104 → 102; pixel 2: alone
    expect(Array.from(out.data)).toEqual([102, 102, 102, 102, 102, 102, 200, 200, 200]);
  });
  it('rounds means half to even, as cvRound', () => {
    // 2x1, values 1 and 2: mean 1.5 → 2; values 2 and 3: mean 2.5 → 2
    const a = meanShiftFilter(paint(2, 1, (x) => [1 + x, 2 + x, 2 + x]), { colorSpace: 'rgb', spatialRadius: 1, colorRadius: 2, maxIterations: 1 });
    expect(Array.from(a.data)).toEqual([2, 2, 2, 2, 2, 2]);
  });
  it('keeps alpha and the channel count of RGBA and gray images', () => {
    const rgba = { data: new Uint8ClampedArray([10, 20, 30, 7, 12, 22, 32, 9]), width: 2, height: 1 };
    const out = meanShiftFilter(rgba, { colorSpace: 'rgb', spatialRadius: 1, colorRadius: 5 });
    expect(out.channels).toBeUndefined();
    expect(out.data).toBeInstanceOf(Uint8ClampedArray);
    expect(Array.from(out.data)).toEqual([11, 21, 31, 7, 11, 21, 31, 9]);
    const gray = { data: new Uint8Array([50, 50, 200]), width: 3, height: 1, channels: 1 as const };
    expect(Array.from(meanShiftFilter(gray, { colorSpace: 'rgb' }).data)).toEqual([50, 50, 200]);
  });
  it('smooths noise in Luv but keeps a strong edge', () => {
    const img = paint(20, 10, (x, y) => (x < 10 ? [100 + ((x + y) % 2), 100, 100] : [20, 180, 60 + ((x * y) % 2)]));
    const out = meanShiftFilter(img, { spatialRadius: 3, colorRadius: 8 });
    for (let y = 0; y < 10; y++) {
      expect(Math.abs(out.data[(y * 20 + 2) * 3] - 100)).toBeLessThanOrEqual(1);
      const r = (y * 20 + 15) * 3;
      expect(Math.abs(out.data[r] - 20) + Math.abs(out.data[r + 1] - 180)).toBeLessThanOrEqual(2);
    }
  });
});

describe('bad input gets clear errors', () => {
  const img = paint(4, 4, () => [1, 2, 3]);
  it('rejects non-positive or non-finite radii and bad options', () => {
    expect(() => meanShiftFilter(img, { spatialRadius: -1 })).toThrow(/spatialRadius must be a finite number > 0, got -1/);
    expect(() => meanShiftFilter(img, { colorRadius: 0 })).toThrow(/colorRadius must be a finite number > 0, got 0/);
    expect(() => meanShiftFilter(img, { colorRadius: NaN })).toThrow(RangeError);
    expect(() => meanShiftFilter(img, { maxIterations: 0 })).toThrow(/maxIterations must be an integer in 1..100/);
    expect(() => meanShiftFilter(img, { epsilon: -1 })).toThrow(/epsilon/);
    expect(() => meanShiftFilter(img, { colorSpace: 'lab' as 'luv' })).toThrow(/colorSpace must be 'luv' or 'rgb', got lab/);
    expect(() => segmentImage(img, { minRegionSize: -3 })).toThrow(/minRegionSize must be an integer >= 0/);
  });
  it('rejects empty, malformed and too large images', () => {
    expect(() => meanShiftFilter({ data: new Uint8Array(0), width: 0, height: 0 })).toThrow(/empty \(0x0\)/);
    expect(() => meanShiftFilter({ data: new Uint8Array(5), width: 2, height: 2, channels: 3 })).toThrow(/needs 12/);
    expect(() => meanShiftFilter(null as never)).toThrow(TypeError);
    // a fake too-large image: the size check comes before any allocation
    const huge = { data: { length: 20000 * 20000 * 3 } as unknown as Uint8Array, width: 20000, height: 20000, channels: 3 as const };
    Object.setPrototypeOf(huge.data, Uint8Array.prototype);
    expect(() => meanShiftFilter(huge)).toThrow(/more than the 100000000 that fit in memory at once/);
  });
});

describe('segmentImage', () => {
  it('finds two flat halves with their sizes, colours and boxes', () => {
    const img = paint(6, 4, (x) => (x < 2 ? [200, 0, 0] : [0, 0, 200]));
    const r = segmentImage(img, { minRegionSize: 0 });
    expect(r.regionCount).toBe(2);
    expect(Array.from(r.labels)).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1]);
    expect(r.regions[0]).toMatchObject({ label: 0, size: 8, color: [200, 0, 0], box: { x: 0, y: 0, width: 2, height: 4 } });
    expect(r.regions[1]).toMatchObject({ label: 1, size: 16, color: [0, 0, 200], box: { x: 2, y: 0, width: 4, height: 4 } });
    expect(r.filtered.width).toBe(6);
  });
  it('merges a small region into its most similar neighbour', () => {
    // left red, right green; a 2x2 speck of dark red inside the green half
    const img = paint(10, 6, (x, y) => (x >= 6 && x < 8 && y >= 2 && y < 4 ? [150, 10, 10] : x < 5 ? [220, 0, 0] : [0, 220, 0]));
    const opts = { colorSpace: 'rgb' as const, spatialRadius: 1, colorRadius: 4 };
    const keep = segmentImage(img, { ...opts, minRegionSize: 0 });
    expect(keep.regionCount).toBe(3);
    const merged = segmentImage(img, { ...opts, minRegionSize: 5 });
    expect(merged.regionCount).toBe(2);
    // the speck (only touches green) must join green: its only neighbour
    expect(merged.labels[2 * 10 + 6]).toBe(merged.labels[0 * 10 + 9]);
    expect(merged.regions.map((g) => g.size).sort((a, b) => a - b)).toEqual([30, 30]);
  });
  it('merges a small region touching two neighbours into the closer colour', () => {
    // a 1x2 speck on the border between red (left) and green (right), coloured near red
    const img = paint(8, 4, (x, y) => (x === 4 && y < 2 ? [200, 30, 0] : x < 4 ? [220, 0, 0] : [0, 220, 0]));
    const r = segmentImage(img, { colorSpace: 'rgb', spatialRadius: 1, colorRadius: 4, minRegionSize: 3 });
    expect(r.regionCount).toBe(2);
    expect(r.labels[4]).toBe(r.labels[0]);
  });
  it('fuses adjacent regions whose mean modes are within the colour radius (transitive closure)', () => {
    // modes (v, 0, 0) along a row, hr 4.5: seeded at 0 the first region takes the 4s but not the 8
    // (8 > 4.5 from the seed); its mean is 28/8 = 3.5, within 4.5 of 8, so the two fuse
    const line = (vals: number[]) => {
      const m = new Uint8Array(vals.length * 3);
      vals.forEach((v, i) => (m[i * 3] = v));
      return m;
    };
    expect(fuseRegions(line([0, 4, 4, 4, 4, 4, 4, 4, 8]), 9, 1, 4.5, 0).regionCount).toBe(1);
    // with 9 the means are 5.5 apart: two regions
    const two = fuseRegions(line([0, 4, 4, 4, 4, 4, 4, 4, 9]), 9, 1, 4.5, 0);
    expect(two.regionCount).toBe(2);
    expect(Array.from(two.labels)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe('boundaries', () => {
  it('marks pixels whose right or lower neighbour has another label', () => {
    const labels = new Int32Array([0, 0, 1, 0, 0, 1, 2, 2, 2]);
    expect(Array.from(regionBoundaryMask(labels, 3, 3))).toEqual([0, 1, 0, 1, 1, 1, 0, 0, 0]);
    const img = paint(3, 3, () => [9, 9, 9]);
    const drawn = drawRegionBoundaries(img, labels, { color: [1, 2, 3] });
    expect(Array.from(drawn.data.subarray(0, 8))).toEqual([9, 9, 9, 255, 1, 2, 3, 255]);
    const painted = paintRegions(labels, [{ color: [1, 1, 1] }, { color: [2, 2, 2] }, { color: [3, 3, 3] }] as never, 3, 3);
    expect(painted.data[4 * 8]).toBe(3);
  });
});

describe('row tiles give exactly the whole-image result', () => {
  for (const colorSpace of ['rgb', 'luv'] as const) {
    for (const [file, sp, parts] of [['texture96x72.png', 2.5, 5], ['edges64x48.png', 7, 4], ['noise64x48.png', 3, 7]] as const) {
      it(`${colorSpace} ${file} sp ${sp} in ${parts} bands`, async () => {
        const img = await readRgb(file);
        const o = resolveFilterOptions({ colorSpace, spatialRadius: sp, colorRadius: colorSpace === 'rgb' ? 12 : 6 });
        const whole = filterTile({ rgb: img.data, width: img.width, rows: img.height, rowOffset: 0, rowStart: 0, rowEnd: img.height, options: o });
        const bands = planTiles(img.height, parts, tileHalo(o));
        expect(bands.length).toBe(parts);
        // bands that start on odd image rows check that ties round in image coordinates
        if (file !== 'edges64x48.png') expect(bands.some((b) => b.haloStart % 2 === 1)).toBe(true);
        const rgb = new Uint8Array(img.data.length);
        const modes = new Int32Array(img.width * img.height);
        for (const b of bands) placeTile(b, img.width, filterTile(tileTask(img.data, img.width, b, o)), rgb, modes);
        expect(Buffer.compare(Buffer.from(rgb), Buffer.from(whole.rgb))).toBe(0);
        if (colorSpace === 'luv') expect(Buffer.compare(Buffer.from(modes.buffer), Buffer.from(whole.modes!.buffer))).toBe(0);
      });
    }
  }
  it('too small a halo would differ (the halo matters)', async () => {
    const img = await readRgb('texture96x72.png');
    const o = resolveFilterOptions({ colorSpace: 'rgb', spatialRadius: 7, colorRadius: 30 });
    const whole = filterTile({ rgb: img.data, width: img.width, rows: img.height, rowOffset: 0, rowStart: 0, rowEnd: img.height, options: o });
    const rgb = new Uint8Array(img.data.length);
    for (const b of planTiles(img.height, 4, 1)) placeTile(b, img.width, filterTile(tileTask(img.data, img.width, b, o)), rgb);
    expect(Buffer.compare(Buffer.from(rgb), Buffer.from(whole.rgb))).not.toBe(0);
  });
});
