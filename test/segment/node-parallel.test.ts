import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentImage } from '../../src/segment/index.js';
import { filterModes } from '../../src/segment/filter.js';
import { createSegmentPool, type SegmentPool } from '../../src/segment/node/parallel.js';
import { readRgb } from './fixtures.js';

describe('worker_threads pool', () => {
  let pool: SegmentPool;
  beforeAll(async () => {
    pool = await createSegmentPool({ workers: 2 });
  });
  afterAll(async () => {
    await pool.close();
  });
  it('filters exactly as the single call (rgb and luv), reporting progress', async () => {
    const img = await readRgb('gradient96x72.png');
    for (const colorSpace of ['rgb', 'luv'] as const) {
      const o = { colorSpace, spatialRadius: 4.5, colorRadius: colorSpace === 'rgb' ? 10 : 5 };
      const progress: number[] = [];
      const par = await pool.filterModes(img, o, { onProgress: (f) => progress.push(f), bandsPerWorker: 3 });
      const one = filterModes(img, o);
      expect(Buffer.compare(Buffer.from(par.rgb), Buffer.from(one.rgb))).toBe(0);
      expect(progress).toEqual([0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1]);
    }
  });
  it('segments as the single call', async () => {
    const img = await readRgb('edges64x48.png');
    const a = await pool.segment(img, { minRegionSize: 10 });
    const b = segmentImage(img, { minRegionSize: 10 });
    expect(a.regionCount).toBe(b.regionCount);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
  });
  it('can be cancelled', async () => {
    const img = await readRgb('edges64x48.png');
    const ac = new AbortController();
    const p = pool.filter(img, {}, { signal: ac.signal, onProgress: (f) => f > 0 && ac.abort() });
    await expect(p).rejects.toThrow(/cancel|abort/i);
  });
});
