// Images of any size: streaming over bands equals one band, progress and cancellation, radii
// bounded by the image, the kernel in use (and the warning when WebAssembly is refused),
// and a large generated image segmented in a child process under a memory cap.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filterModes, filterModesInBands, meanShiftFilter } from '../../src/segment/filter.js';
import { segmentKernel, useWasmKernel } from '../../src/segment/filter-tile.js';
import { segmentFiltered, segmentImage } from '../../src/segment/segment-image.js';
import { photoScene } from '../../bench/scenes.js';

const W = 160;
const H = 120;
const image = { data: photoScene(W, H, 'smooth', 7), width: W, height: H, channels: 3 as const };

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  useWasmKernel(true);
});

describe('streaming over bands', () => {
  for (const colorSpace of ['rgb', 'luv'] as const) {
    it(`${colorSpace}: bands of 1 000 pixels (20 bands) = one band, filtered and segmented`, () => {
      const one = filterModesInBands(image, { colorSpace }, W * H);
      const progress: number[] = [];
      const many = filterModesInBands(image, { colorSpace, onProgress: (f) => progress.push(f) }, 1000);
      expect(progress.length).toBe(Math.ceil(H / Math.floor(1000 / W)) + 1);
      expect(progress[0]).toBe(0);
      expect(progress.at(-1)).toBe(1);
      for (let k = 1; k < progress.length; k++) expect(progress[k]).toBeGreaterThan(progress[k - 1]);
      expect(Buffer.compare(Buffer.from(many.rgb), Buffer.from(one.rgb))).toBe(0);
      if (colorSpace === 'luv') expect(Buffer.compare(Buffer.from(many.modes!.buffer), Buffer.from(one.modes!.buffer))).toBe(0);
      const a = segmentFiltered(image, one, { colorSpace });
      const b = segmentFiltered(image, many, { colorSpace });
      expect(b.regionCount).toBe(a.regionCount);
      expect(Buffer.compare(Buffer.from(b.labels.buffer), Buffer.from(a.labels.buffer))).toBe(0);
    });
  }
});

describe('progress and cancellation', () => {
  it('segmentImage reports progress from 0 to 1', () => {
    const seen: number[] = [];
    segmentImage(image, { onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, k) => k === 0 || f >= seen[k - 1])).toBe(true);
  });
  it('an aborted signal stops the work with an AbortError, before or between bands', () => {
    const before = new AbortController();
    before.abort();
    expect(() => meanShiftFilter(image, { signal: before.signal })).toThrow(/cancelled|aborted/i);
    const during = new AbortController();
    let calls = 0;
    const run = (): unknown =>
      filterModesInBands(
        image,
        {
          signal: during.signal,
          onProgress: (f) => {
            calls++;
            if (f >= 0.1) during.abort();
          },
        },
        1000,
      );
    expect(run).toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(calls).toBe(3); // 0, 0.05, 0.1: it stopped there, not after all 20 bands
  });
});

describe('radii bounded by the image', () => {
  it('spatialRadius past what the image can use: a RangeError naming the largest useful value', () => {
    const small = { data: new Uint8Array(64 * 48 * 3), width: 64, height: 48, channels: 3 as const };
    expect(() => meanShiftFilter(small, { spatialRadius: 1000 })).toThrow(
      'spatialRadius 1000 is larger than the 64x48 image can use (a window of half-size 63 already covers it all): pass spatialRadius <= 63',
    );
    expect(() => segmentImage(small, { spatialRadius: 64 })).toThrow(/pass spatialRadius <= 63/);
    // the default and radii up to 32 work on any image
    expect(meanShiftFilter({ data: new Uint8Array(3 * 2 * 3), width: 3, height: 2, channels: 3 }, { spatialRadius: 32 }).width).toBe(3);
    expect(() => meanShiftFilter(small, { colorRadius: 500, colorSpace: 'rgb' })).toThrow(/colorRadius 500 is larger than any rgb colour distance \(442\)/);
  });
});

describe('the kernel in use', () => {
  it("segmentKernel() is 'wasm' here, 'js' when switched off", () => {
    expect(segmentKernel()).toBe('wasm');
    useWasmKernel(false);
    expect(segmentKernel()).toBe('js');
  });
  it('WebAssembly refused (as by a CSP): one console warning, the JS kernel, the same result', async () => {
    vi.resetModules();
    const Real = WebAssembly;
    const refused = new Proxy(Real, {
      get(target, key) {
        if (key === 'Module') {
          return function Module(): never {
            throw new Real.CompileError(
              "WebAssembly.Module(): Refused to compile or instantiate WebAssembly module because 'wasm-eval' is not an allowed source of script",
            );
          };
        }
        return Reflect.get(target, key) as unknown;
      },
    });
    vi.stubGlobal('WebAssembly', refused);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fresh = { ...(await import('../../src/segment/filter.js')), ...(await import('../../src/segment/filter-tile.js')), ...(await import('../../src/segment/wasm-kernel.js')) };
    expect(fresh.segmentKernel()).toBe('js');
    expect(fresh.wasmKernelRefusal()).toMatch(/Refused to compile/);
    const out = fresh.filterModes(image, { colorSpace: 'rgb' });
    fresh.filterModes(image, { colorSpace: 'rgb' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/WebAssembly was refused.*wasm-unsafe-eval/);
    vi.unstubAllGlobals();
    expect(Buffer.compare(Buffer.from(out.rgb), Buffer.from(filterModes(image, { colorSpace: 'rgb' }).rgb))).toBe(0);
  });
});

describe('a large image in bounded memory (child process)', () => {
  // CI: 2 MP (about 10 s); by hand: MODESEEK_LARGE_MP=50 npx vitest run test/segment/large-images.test.ts
  const mp = Number(process.env.MODESEEK_LARGE_MP ?? 2);
  it(`segments a generated ${mp} MP image with peak RSS under 1 GB, equal to the untiled filter on a crop`, () => {
    const script = join(import.meta.dirname, 'large-image-child.ts');
    const out = execFileSync(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', script, String(mp)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as {
      width: number; height: number; regionCount: number; labelsOk: boolean; cropDiffering: number; cropPixels: number;
      maxRssMB: number; baselineRssMB: number; seconds: number;
    };
    console.log(`large image: ${JSON.stringify(r)}`);
    expect(r.width * r.height).toBeGreaterThanOrEqual(mp * 1e6 * 0.99);
    expect(r.labelsOk).toBe(true);
    expect(r.regionCount).toBeGreaterThan(10);
    expect(r.cropPixels).toBeGreaterThan(10_000);
    expect(r.cropDiffering).toBe(0);
    expect(r.maxRssMB).toBeLessThan(1024);
    // and it scales: 14 bytes a pixel are kept (input, filtered, Luv modes, labels); at most
    // 16 a pixel plus 120 MB of bands, regions and garbage above the process's baseline
    expect(r.maxRssMB - r.baselineRssMB).toBeLessThan((16 * r.width * r.height) / 2 ** 20 + 120);
  }, 600_000);
});
