// The WebAssembly SIMD kernel against the plain JS kernel: equal bit for bit on the matrix of
// kernel.test.ts (random and piecewise images, radii, borders, tiles, 8-bit and 10-bit
// channels, its 16-bit accumulators at their limits), and the fallback where it cannot run.
import { describe, expect, it } from 'vitest';
import { filterPackedRows, filterPackedRowsPlain, windowBounds, type RgbKernelParams } from '../../src/segment/rgb-kernel.js';
import { filterPackedRowsWasm, wasmKernelAvailable, wasmLanesFit } from '../../src/segment/wasm-kernel.js';
import { filterModes } from '../../src/segment/filter.js';
import { useWasmKernel } from '../../src/segment/filter-tile.js';
import { blocks, pack, radiiMatrix, saturated, uniform, type Maker } from './packed-images.js';
import { photoScene } from '../../bench/scenes.js';

/** Runs both kernels; the wasm one must run (not fall back) and agree everywhere. */
function same(px: Int32Array, bits: 8 | 10, w: number, h: number, p: RgbKernelParams, rowStart = 0, rowEnd = h, rowOffset = 0): void {
  const wasm = new Int32Array((rowEnd - rowStart) * w).fill(-1);
  const plain = new Int32Array((rowEnd - rowStart) * w).fill(-2);
  expect(filterPackedRowsWasm(px, bits, w, h, p, rowStart, rowEnd, wasm, rowOffset)).toBe(true);
  filterPackedRowsPlain(px, bits, w, h, p, rowStart, rowEnd, plain, rowOffset);
  let diff = 0;
  for (let k = 0; k < wasm.length; k++) if (wasm[k] !== plain[k]) diff++;
  expect(diff).toBe(0);
}

describe('WebAssembly SIMD kernel = plain kernel', () => {
  it('runs here (Node 20 has WebAssembly SIMD)', () => {
    expect(wasmKernelAvailable()).toBe(true);
  });
  radiiMatrix(same);
  it('more iterations and epsilon 0, a single iteration, a fractional epsilon', () => {
    const px = blocks(31, 19, 8, 3);
    for (const [maxIterations, epsilon] of [[20, 0], [1, 1], [3, 2], [5, 2.5]]) {
      same(px, 8, 31, 19, { spatialRadius: 5, colorRadius: 10, maxIterations, epsilon });
    }
  });
  it('borders: images narrower or shorter than the window, one row, one column, widths around 8', () => {
    const p = { spatialRadius: 7, colorRadius: 30, maxIterations: 5, epsilon: 1 };
    for (const [w, h] of [[1, 1], [1, 20], [20, 1], [3, 5], [7, 7], [8, 3], [9, 4], [14, 9], [15, 2], [16, 16], [17, 5]]) {
      same(blocks(w, h, 8, w * 31 + h), 8, w, h, p);
      same(uniform(w, h, 10, w * 17 + h), 10, w, h, { ...p, colorRadius: 300 });
    }
  });
  it('tiles: bands of rows with odd row offsets and odd row counts', () => {
    const px = blocks(40, 30, 8, 11);
    same(px, 8, 40, 30, { spatialRadius: 4.5, colorRadius: 12, maxIterations: 5, epsilon: 1 }, 7, 21, 13);
    same(px, 8, 40, 30, { spatialRadius: 7, colorRadius: 6.5, maxIterations: 5, epsilon: 1 }, 3, 4, 5);
    const luv = blocks(33, 27, 10, 12);
    same(luv, 10, 33, 27, { spatialRadius: 2.5, colorRadius: 19.5, maxIterations: 5, epsilon: 1 }, 5, 22, 7);
  });
  it('photo-like scene, the benchmark settings', () => {
    const rgb = photoScene(120, 90, 'textured');
    const px = new Int32Array(120 * 90);
    for (let k = 0, s = 0; k < px.length; k++, s += 3) px[k] = pack(rgb[s], rgb[s + 1], rgb[s + 2], 8);
    same(px, 8, 120, 90, { spatialRadius: 7, colorRadius: 6.5, maxIterations: 5, epsilon: 1 });
  });
  it('accumulators at their limits: saturated channels, the largest windows the lanes take', () => {
    // 10-bit, sp 9.5: windows of 21 x 21 (3 vectors a row): 21 · 3 · 1023 = 64449 < 2^16
    const { lo, hi } = windowBounds(60, 9.5);
    expect(wasmLanesFit(lo, hi, lo, hi, 10)).toBe(true);
    expect(Math.max(...Array.from(lo, (l, j) => hi[j] - l + 1))).toBe(21);
    same(saturated(60, 60, 10, 0), 10, 60, 60, { spatialRadius: 9.5, colorRadius: 1, maxIterations: 2, epsilon: 1 });
    same(uniform(60, 60, 10, 2), 10, 60, 60, { spatialRadius: 9.5, colorRadius: 3000, maxIterations: 2, epsilon: 1 });
    // 8-bit: windows of 33 x 33 (5 vectors a row): 33 · 5 · 255 = 42075
    const b = windowBounds(70, 16.4);
    expect(wasmLanesFit(b.lo, b.hi, b.lo, b.hi, 8)).toBe(true);
    same(saturated(70, 70, 8, 0), 8, 70, 70, { spatialRadius: 16.4, colorRadius: 1, maxIterations: 2, epsilon: 1 });
    same(uniform(70, 70, 8, 3), 8, 70, 70, { spatialRadius: 16.4, colorRadius: 500, maxIterations: 2, epsilon: 1 });
  });
  it('declines (returns false, writes nothing) past its lanes, and the filter then falls back', () => {
    const px = uniform(80, 80, 10, 5);
    const out = new Int32Array(80 * 80).fill(-7);
    const p = { spatialRadius: 12, colorRadius: 60, maxIterations: 2, epsilon: 1 };
    const b = windowBounds(80, 12);
    expect(wasmLanesFit(b.lo, b.hi, b.lo, b.hi, 10)).toBe(false);
    expect(filterPackedRowsWasm(px, 10, 80, 80, p, 0, 80, out)).toBe(false);
    expect(out.every((v) => v === -7)).toBe(true);
    // a huge colour radius (isr2 past 2^30) is left to JS too
    expect(filterPackedRowsWasm(px, 10, 80, 80, { ...p, spatialRadius: 2, colorRadius: 40000 }, 0, 80, out)).toBe(false);
  });
  it('a refine mask: masked-out pixels keep the values the caller put there, the others are filtered alike', () => {
    const w = 37;
    const h = 23;
    const px = blocks(w, h, 8, 21);
    const mask = new Uint8Array(w * h);
    for (let k = 0; k < mask.length; k++) mask[k] = (k * 7919) % 5 < 2 ? 1 : 0;
    const p = { spatialRadius: 4, colorRadius: 15, maxIterations: 5, epsilon: 1 };
    const wasm = new Int32Array(w * h).map((_, k) => -k - 1);
    const plain = new Int32Array(w * h).map((_, k) => -k - 1);
    const fast = new Int32Array(w * h).map((_, k) => -k - 1);
    const full = new Int32Array(w * h);
    expect(filterPackedRowsWasm(px, 8, w, h, p, 0, h, wasm, 0, mask)).toBe(true);
    filterPackedRowsPlain(px, 8, w, h, p, 0, h, plain, 0, mask);
    filterPackedRows(px, 8, w, h, p, 0, h, fast, 0, mask);
    filterPackedRowsPlain(px, 8, w, h, p, 0, h, full);
    for (let k = 0; k < w * h; k++) {
      const want = mask[k] ? full[k] : -k - 1;
      if (wasm[k] !== want || plain[k] !== want || fast[k] !== want) throw new Error(`pixel ${k}: ${wasm[k]} ${plain[k]} ${fast[k]}, want ${want}`);
    }
    expect(mask.some((v) => v === 0) && mask.some((v) => v === 1)).toBe(true);
  });
  it('columns past 2^16: x sums in f64 from offsets', () => {
    const w = 70000;
    same(blocks(w, 2, 8, 9), 8, w, 2, { spatialRadius: 3, colorRadius: 20, maxIterations: 3, epsilon: 0 });
  });
  it('filterModes gives the same result with the wasm kernel and without (rgb and luv)', () => {
    const rgb = photoScene(64, 48, 'smooth');
    const image = { data: rgb, width: 64, height: 48, channels: 3 as const };
    for (const colorSpace of ['rgb', 'luv'] as const) {
      useWasmKernel(false);
      const js = filterModes(image, { colorSpace });
      useWasmKernel(true);
      const wasm = filterModes(image, { colorSpace });
      expect(Buffer.compare(Buffer.from(wasm.rgb), Buffer.from(js.rgb))).toBe(0);
    }
  });
});

describe('the committed WebAssembly module', () => {
  it('is the build of kernel.as (npm run build:wasm)', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = new URL('../../src/segment/wasm/build.mjs', import.meta.url);
    // exits non-zero (and execFileSync throws) when kernel-wasm.ts is stale
    const out = execFileSync(process.execPath, [script.pathname, '--check'], { encoding: 'utf8' });
    expect(out).toContain('up to date');
  }, 120_000);
});
