/**
 * The WebAssembly SIMD back-projection kernel against OpenCV.js (cvtColor RGB2HSV, inRange,
 * calcBackProject, bitwise_and: the CamShift sample's recipe) on every one of the 2^24 colours,
 * for the sample's histogram (the kernel's bin formula) and for one with a hue range (its
 * table), RGB and RGBA; on random images for other bins and ranges; its window moments against
 * `regionMoments`; and the committed module against its source.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { WasmFrameKernel, wasmBackProjectionAvailable } from '../../src/image/back-project-wasm.js';
import { BackProjector, findBinFormula } from '../../src/image/back-project.js';
import { binLookup, CAMSHIFT_RANGE, calcHistogram, normalizeHistogram, type Histogram, type HsvRange } from '../../src/image/histogram.js';
import { regionMoments } from '../../src/image/moments.js';
import { loadOpenCV, type CV } from '../helpers/opencv.js';
import { randInt, rng } from '../helpers/random.js';

let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCV();
});

/** OpenCV.js: the recipe's masked back projection of an RGB image with `hist` under `range`. */
function cvBackProject(rgb: Uint8Array, w: number, h: number, hist: Histogram, range: Required<HsvRange>): Uint8Array {
  const src = cv.matFromArray(h, w, cv.CV_8UC3, rgb);
  const hsv = new cv.Mat();
  cv.cvtColor(src, hsv, cv.COLOR_RGB2HSV);
  const lo = new cv.Mat(h, w, cv.CV_8UC3, [range.hMin, range.sMin, range.vMin, 0]);
  const hi = new cv.Mat(h, w, cv.CV_8UC3, [range.hMax, range.sMax, range.vMax, 0]);
  const mask = new cv.Mat();
  cv.inRange(hsv, lo, hi, mask);
  const hm = cv.matFromArray(hist.bins[0], 1, cv.CV_32FC1, Array.from(hist.data));
  const all = new cv.MatVector();
  all.push_back(hsv);
  const bp = new cv.Mat();
  cv.calcBackProject(all, [0], hm, bp, [0, 180], 1);
  cv.bitwise_and(bp, mask, bp);
  const out = new Uint8Array(bp.data);
  for (const m of [src, hsv, lo, hi, mask, hm, all, bp]) m.delete();
  return out;
}

/** A normalised hue histogram of a random region of a random image, as a tracker makes one. */
function sampleHistogram(seed: number, bins: number, range: HsvRange): Histogram {
  const r = rng(seed);
  const W = 64, H = 48;
  const rgb = new Uint8Array(W * H * 3);
  for (let i = 0; i < rgb.length; i++) rgb[i] = randInt(r, 0, 255);
  const hist = calcHistogram({ data: rgb, width: W, height: H, channels: 3 }, { x: 5, y: 4, width: 40, height: 30 }, { space: 'hue', bins, range });
  return normalizeHistogram(hist, 'minmax', 0, 255);
}

/** Runs the kernel over a whole image (RGB or RGBA) and returns its map. */
function kernelProject(rgb: Uint8Array, w: number, h: number, hist: Histogram, channels: 3 | 4): Uint8Array {
  const params = new BackProjector(hist).hueKernelParams()!;
  const k = new WasmFrameKernel(w, h, params);
  let data = rgb;
  if (channels === 4) {
    data = new Uint8Array(w * h * 4);
    for (let i = 0, j = 0; i < w * h; i++, j += 4) {
      data[j] = rgb[i * 3];
      data[j + 1] = rgb[i * 3 + 1];
      data[j + 2] = rgb[i * 3 + 2];
      data[j + 3] = (i * 37) & 255; // alpha must not matter
    }
  }
  k.stage(data);
  k.project(channels, 0, 0, w, h);
  return k.prob.slice();
}

function countDiff(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

/** Every colour, 2^20 a chunk: chunk c holds red values 16c..16c+15 (as 1024 x 1024). */
function colourChunk(c: number): Uint8Array {
  const out = new Uint8Array((1 << 20) * 3);
  for (let i = 0, j = 0; i < 1 << 20; i++, j += 3) {
    const v = (c << 20) | i;
    out[j] = v >>> 16;
    out[j + 1] = (v >>> 8) & 255;
    out[j + 2] = v & 255;
  }
  return out;
}

describe('WebAssembly SIMD back projection = OpenCV.js', () => {
  it('runs here (Node 20 has WebAssembly SIMD)', () => {
    expect(wasmBackProjectionAvailable()).toBe(true);
  });

  const FULL_RANGE: Required<HsvRange> = { hMin: 0, hMax: 255, sMin: 0, sMax: 255, vMin: 0, vMax: 255 };
  const HUE_RANGE: Required<HsvRange> = { hMin: 20, hMax: 150, sMin: 30, sMax: 200, vMin: 10, vMax: 240 };

  it('every colour: the sample histogram (16 bins, S >= 60, 32 <= V), RGB and RGBA (bin formula)', () => {
    const hist = sampleHistogram(1, 16, CAMSHIFT_RANGE);
    expect(new BackProjector(hist).hueKernelParams()!.binMul).toBeGreaterThan(0);
    let passed = 0;
    for (let c = 0; c < 16; c++) {
      const rgb = colourChunk(c);
      const ref = cvBackProject(rgb, 1024, 1024, hist, CAMSHIFT_RANGE);
      expect(countDiff(kernelProject(rgb, 1024, 1024, hist, 3), ref), `chunk ${c} RGB`).toBe(0);
      expect(countDiff(kernelProject(rgb, 1024, 1024, hist, 4), ref), `chunk ${c} RGBA`).toBe(0);
      for (const v of ref) if (v > 0) passed++;
    }
    // the histogram really weighs many colours, and the mask really drops many
    expect(passed).toBeGreaterThan(1 << 22);
    expect(passed).toBeLessThan(1 << 24);
  }, 300_000);

  it('every colour: 30 bins under a hue, saturation and value range, RGB (table lookup)', () => {
    const hist = sampleHistogram(2, 30, HUE_RANGE);
    expect(new BackProjector(hist).hueKernelParams()!.binMul).toBe(0);
    for (let c = 0; c < 16; c++) {
      const rgb = colourChunk(c);
      expect(countDiff(kernelProject(rgb, 1024, 1024, hist, 3), cvBackProject(rgb, 1024, 1024, hist, HUE_RANGE)), `chunk ${c}`).toBe(0);
    }
  }, 300_000);

  it('random images: bins 1 to 180, several ranges, odd sizes, RGB and RGBA', () => {
    const r = rng(3);
    const ranges = [CAMSHIFT_RANGE, FULL_RANGE, HUE_RANGE, { ...FULL_RANGE, sMin: 255 }, { ...FULL_RANGE, vMin: 0, vMax: 0 }, { ...FULL_RANGE, hMin: 179 }];
    for (const bins of [1, 2, 3, 7, 8, 11, 15, 16, 17, 30, 45, 90, 180]) {
      for (const range of ranges) {
        const w = randInt(r, 1, 70), h = randInt(r, 1, 20);
        const rgb = new Uint8Array(w * h * 3);
        for (let i = 0; i < rgb.length; i++) rgb[i] = randInt(r, 0, 255);
        // greys, primaries and the V / S thresholds' neighbours
        for (let i = 0; i < Math.min(w * h, 64); i++) {
          const g = randInt(r, 0, 255);
          const kind = i % 4;
          rgb.set(kind === 0 ? [g, g, g] : kind === 1 ? [g, 0, 0] : kind === 2 ? [0, g, g >> 1] : [31 + (i & 3), 32, 33], i * 3);
        }
        const hist = sampleHistogram(bins * 7 + ranges.indexOf(range), bins, range);
        const ref = cvBackProject(rgb, w, h, hist, range as Required<HsvRange>);
        expect(countDiff(kernelProject(rgb, w, h, hist, 3), ref), `bins ${bins} range ${JSON.stringify(range)}`).toBe(0);
        expect(countDiff(kernelProject(rgb, w, h, hist, 4), ref), `bins ${bins} range ${JSON.stringify(range)} RGBA`).toBe(0);
      }
    }
  });

  it('a sub-rectangle: its pixels as the reference; outside it, the reference or untouched', () => {
    const r = rng(4);
    const w = 77, h = 23;
    const rgb = new Uint8Array(w * h * 3);
    for (let i = 0; i < rgb.length; i++) rgb[i] = randInt(r, 0, 255);
    const hist = sampleHistogram(5, 16, CAMSHIFT_RANGE);
    const ref = cvBackProject(rgb, w, h, hist, CAMSHIFT_RANGE);
    const k = new WasmFrameKernel(w, h, new BackProjector(hist).hueKernelParams()!);
    k.stage(rgb);
    for (const [x0, y0, x1, y1] of [[3, 2, 40, 9], [0, 0, 1, 1], [60, 20, 77, 23], [17, 5, 18, 22], [10, 10, 10, 20]]) {
      k.prob.fill(7);
      k.project(3, x0, y0, x1, y1);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const v = k.prob[y * w + x], inside = x >= x0 && x < x1 && y >= y0 && y < y1;
          if (inside) expect(v).toBe(ref[y * w + x]);
          else if (v !== 7) expect(v).toBe(ref[y * w + x]);
        }
      }
    }
  });
});

describe('the bin formula', () => {
  it('gives OpenCV\'s bin of every hue for 1 to 16 bins', () => {
    for (let bins = 1; bins <= 16; bins++) {
      const lut = binLookup(bins, 0, 180);
      const f = findBinFormula(lut);
      expect(f, `bins ${bins}`).not.toBeNull();
      for (let hh = 0; hh < 180; hh++) {
        // i16x8.q15mulr_sat_s
        const q = Math.floor((((hh << f!.shift) + f!.add) * f!.mul + 16384) / 32768);
        expect(q, `bins ${bins} hue ${hh}`).toBe(lut[hh]);
      }
    }
  });
});

describe('WebAssembly SIMD moments = regionMoments', () => {
  it('random maps and windows: narrow, wider than a 256-pixel chunk, tails, orders 1 and 2', () => {
    const r = rng(6);
    const hist = sampleHistogram(1, 16, CAMSHIFT_RANGE);
    for (let t = 0; t < 60; t++) {
      const w = randInt(r, 1, 700), h = randInt(r, 1, 40);
      const k = new WasmFrameKernel(w, h, new BackProjector(hist).hueKernelParams()!);
      const saturated = t % 5 === 0;
      for (let i = 0; i < w * h; i++) k.prob[i] = saturated ? 255 : r() < 0.3 ? 0 : randInt(r, 0, 255);
      const map = k.prob.slice();
      for (let q = 0; q < 5; q++) {
        const x = randInt(r, 0, w - 1), y = randInt(r, 0, h - 1);
        const ww = q === 0 ? w - x : randInt(r, 1, w - x), hh = randInt(r, 1, h - y);
        for (const order of [1, 2] as const) {
          const a = regionMoments(map, w, x, y, ww, hh, order, new Float64Array(6));
          const b = k.moments(x, y, ww, hh, order, new Float64Array(6));
          expect(Array.from(b), `${w}x${h} window ${x},${y} ${ww}x${hh} order ${order}`).toEqual(Array.from(a));
        }
      }
    }
  });
});

describe('the committed WebAssembly module', () => {
  it('is the build of kernel.as (npm run build:wasm)', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = new URL('../../src/image/wasm/build.mjs', import.meta.url);
    // exits non-zero (and execFileSync throws) when kernel-wasm.ts is stale
    const out = execFileSync(process.execPath, [script.pathname, '--check'], { encoding: 'utf8' });
    expect(out).toContain('up to date');
  }, 120_000);
});
