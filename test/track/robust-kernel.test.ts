import { afterEach, describe, expect, it } from 'vitest';
import { SyntheticSequence } from '../../src/cli/synthetic-sequence.js';
import { RobustTracker } from '../../src/track/robust/robust-tracker.js';
import { CorrelationFilter } from '../../src/track/robust/correlation-filter.js';
import { Fft2d } from '../../src/track/robust/fft2d.js';
import { GrayPlane } from '../../src/track/robust/gray-plane.js';
import { PatchSampler } from '../../src/track/robust/patch-sampler.js';
import { HOG_CHANNELS, HogFeatures } from '../../src/track/robust/hog-features.js';
import { RobustKernel, useRobustKernel } from '../../src/track/robust/robust-kernel.js';
import { rotateTemplate, turnCoefficients } from '../../src/track/robust/rotate-template.js';

/** Seeded uniform numbers in 0..1. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
}

/** A 128×128 template: smooth shading, edges and noise (every orientation and strength), 0..255. */
function template(seed: number, gray: Float32Array, bins: Uint16Array): void {
  const r = lcg(seed), S = 128;
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const v = 128 + 90 * Math.sin(x / (5 + 7 * r()) + y / 9) * Math.cos(y / 6) + 30 * (r() - 0.5) + ((x > 40 && x < 80 && y > 30) ? 25 : 0);
      gray[y * S + x] = Math.max(0, Math.min(255, v));
      bins[y * S + x] = Math.floor(r() * 32768);
    }
  }
}

/** How many elements of two arrays of one length differ in any bit (Object.is). */
function differing(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) d++;
  return d;
}

afterEach(() => useRobustKernel(true));

describe('RobustKernel (the robust tracker in WebAssembly)', () => {
  const k = RobustKernel.create(128, 4, 2);

  it('is available in Node (WebAssembly SIMD)', () => {
    expect(k).not.toBeNull();
  });

  it('computes the HOG cell features bit for bit as HogFeatures.compute, with and without colour bins', () => {
    const js = new HogFeatures(128, 4);
    for (const seed of [1, 2, 3]) {
      for (const withBins of [true, false]) {
        template(seed, k!.gray[0], k!.bins[0]);
        k!.hog(0, withBins);
        js.compute(k!.gray[0], withBins ? k!.bins[0] : null);
        expect(k!.features[0].length).toBe(HOG_CHANNELS * 32 * 32);
        expect(differing(k!.features[0], js.data)).toBe(0);
      }
    }
    // another geometry: 64-pixel templates in 8-pixel cells (the scalar opponent-colour loop)
    const k8 = RobustKernel.create(64, 8, 1)!, js8 = new HogFeatures(64, 8), r = lcg(11);
    for (let i = 0; i < 64 * 64; i++) {
      k8.gray[0][i] = Math.floor(r() * 256);
      k8.bins[0][i] = Math.floor(r() * 32768);
    }
    k8.hog(0, true);
    js8.compute(k8.gray[0], k8.bins[0]);
    expect(differing(k8.features[0], js8.data)).toBe(0);
    expect(() => RobustKernel.create(96, 4, 1)).toThrow(/power of two/);
    // a flat template has no gradient: every orientation 0, the intensity its level
    k!.gray[1].fill(51);
    k!.hog(1, false);
    expect(k!.features[1][0]).toBe(0);
    expect(k!.features[1][9 * 1024]).toBeCloseTo(51 / 255 - 0.5, 12);
  });

  it('samples templates bit for bit as PatchSampler does, from a plane of the frame it converts (1, 3 and 4 channels, both binnings)', () => {
    const W = 300, H = 200, r = lcg(4);
    for (const c of [1, 3, 4] as const) {
      const frame = Uint8Array.from({ length: W * H * c }, (_, i) => Math.floor(r() * 256) ^ (i % 7));
      for (const gray of [false, true]) {
        const kk = RobustKernel.create(128, 4, 1)!;
        const js = new PatchSampler(128), wasm = new PatchSampler(128, kk, 0);
        const jsPlane = new GrayPlane(16), wasmPlane = new GrayPlane(16, kk);
        // inside, across the border, enlarged, shrunk (under 2: the plane), shrunk by 2 or more
        // (a staged copy of the frame), on one axis only
        for (const [cx, cy, ww, wh] of [[150, 100, 90, 70], [10, 190, 60, 80], [150, 100, 40, 30], [140, 90, 250, 180], [150, 100, 290, 260], [150, 100, 270, 100]]) {
          jsPlane.newFrame();
          wasmPlane.newFrame();
          js.sample({ data: frame, width: W, height: H, channels: c }, { cx, cy, w: ww, h: wh }, gray, jsPlane);
          wasm.sample({ data: frame, width: W, height: H, channels: c }, { cx, cy, w: ww, h: wh }, gray, wasmPlane);
          if (ww < 256 && wh < 256) expect(wasmPlane.inKernel).toBe(true); // sampled by the kernel
          let d = 0;
          for (let i = 0; i < js.gray.length; i++) if (!Object.is(js.gray[i], wasm.gray[i]) || js.bins[i] !== wasm.bins[i]) d++;
          expect(d).toBe(0);
        }
      }
    }
  });

  it('samples a window too large for its staging area with the JS loop (the same template)', () => {
    const W = 700, H = 500, r = lcg(6), frame = Uint8Array.from({ length: W * H * 4 }, () => Math.floor(r() * 256));
    const small = RobustKernel.create(128, 4, 1)!, large = RobustKernel.create(128, 4, 1, W * H * 4)!;
    const js = new PatchSampler(128), a = new PatchSampler(128, small, 0), b = new PatchSampler(128, large, 0);
    for (const s of [js, a, b]) s.sample({ data: frame, width: W, height: H, channels: 4 }, { cx: 350, cy: 250, w: 600, h: 450 }, false, new GrayPlane(16));
    for (const s of [a, b]) {
      let d = 0;
      for (let i = 0; i < js.gray.length; i++) if (!Object.is(js.gray[i], s.gray[i]) || js.bins[i] !== s.bins[i]) d++;
      expect(d).toBe(0);
    }
    expect(small.stageRect(frame, 4, W, 0, 0, 600, 450)).toBe(false);
    expect(large.stageRect(frame, 4, W, 0, 0, 600, 450)).toBe(true);
  });

  it('turns a template in place bit for bit as rotateTemplate does (square and tall windows, small and large turns)', () => {
    const kk = RobustKernel.create(128, 4, 2)!, S = 128;
    const src = { gray: new Float32Array(S * S), bins: new Uint16Array(S * S) }, js = { gray: new Float32Array(S * S), bins: new Uint16Array(S * S) };
    const k = { uu: 1, uv: 0, vu: 0, vv: 1 };
    let changed = 0;
    for (const [seed, sx, sy, deg] of [[1, 1, 1, 5], [2, 1, 1.6, -5], [3, 2, 1, 17.5], [4, 1, 1, 90], [5, 0.7, 1.3, -140], [6, 1, 1, 0], [7, 1.5, 0.75, 380]] as const) {
      template(seed, src.gray, src.bins);
      kk.gray[1].set(src.gray);
      kk.bins[1].set(src.bins);
      rotateTemplate(src, js, S, sx, sy, deg);
      kk.turn(1, turnCoefficients(sx, sy, deg, k));
      let d = 0;
      for (let i = 0; i < S * S; i++) if (!Object.is(js.gray[i], kk.gray[1][i]) || js.bins[i] !== kk.bins[1][i]) d++;
      expect(d).toBe(0);
      if (deg !== 0) for (let i = 0; i < S * S; i++) if (js.gray[i] !== src.gray[i]) changed++;
    }
    expect(changed).toBeGreaterThan(6 * S * S * 0.5); // the turns did move the pixels
  });

  it('transforms forward and back bit for bit as Fft2d, on its own grid and on arrays it copies', () => {
    const r = lcg(9), n = 32 * 32;
    const re = Float64Array.from({ length: n }, () => r() - 0.5), im = Float64Array.from({ length: n }, () => r() - 0.5);
    const js = new Fft2d(32, 32), wasm = new Fft2d(32, 32, k);
    const a = [re.slice(), im.slice()], b = [re.slice(), im.slice()];
    js.forward(a[0], a[1]);
    wasm.forward(b[0], b[1]);
    expect(differing(b[0], a[0]) + differing(b[1], a[1])).toBe(0);
    expect(a[0]).not.toEqual(re); // it did transform
    js.inverse(a[0], a[1]);
    k!.fftRe.set(b[0]);
    k!.fftIm.set(b[1]);
    wasm.inverse(k!.fftRe, k!.fftIm);
    expect(differing(k!.fftRe, a[0]) + differing(k!.fftIm, a[1])).toBe(0);
    for (let i = 0; i < n; i++) expect(a[0][i]).toBeCloseTo(re[i], 12);
  });

  it('transforms, responds and trains the correlation filter bit for bit as its JS loops (odd and even channel counts, with and without support)', () => {
    for (const C of [HOG_CHANNELS, HOG_CHANNELS - 2, 5]) {
      for (const support of [false, true]) {
        const kk = RobustKernel.create(128, 4, 2)!;
        const js = new CorrelationFilter(32, C, 2), wasm = new CorrelationFilter(32, C, 2, kk);
        const r = lcg(C + (support ? 100 : 0));
        const f = [0, 1].map(() => Float64Array.from({ length: HOG_CHANNELS * 1024 }, () => r() - 0.5));
        for (const cf of [js, wasm]) {
          cf.setLabel(2.5);
          if (support) cf.setSupport(10.5, 8, 22, 24.25, 0.3);
        }
        const responses: Float64Array[][] = [[], []];
        for (let step = 0; step < 4; step++) {
          for (const [i, cf] of [js, wasm].entries()) {
            for (const slot of [0, 1]) {
              // the kernel reads the features of its own slots; the JS filter the same numbers
              kk.features[slot].set(f[(slot + step) % 2]);
              cf.transform(cf === wasm ? kk.features[slot] : f[(slot + step) % 2], slot);
            }
            responses[i].push(Float64Array.from(cf.respond(1)));
            cf.train(0.3, step % 2, step === 2 ? 1.5 : 0, step === 2 ? -2 : 0);
          }
        }
        for (let step = 0; step < 4; step++) expect(differing(responses[1][step], responses[0][step])).toBe(0);
        // and the filter learnt: its responses changed
        expect(differing(responses[0][3], responses[0][1])).toBeGreaterThan(0);
      }
    }
  });

  it('gives a tracker the same boxes, frame for frame, as the JS loops (with and without the turn search)', () => {
    for (const [channels, rotationStep, rotationSearch] of [[4, 0, 'unsure'], [1, 0, 'unsure'], [4, 5, 'always'], [4, 5, 'unsure']] as const) {
      const seq = new SyntheticSequence({ width: 320, height: 240, frames: 40, channels, scaleChange: 0.3, seed: 5 });
      const plain = new RobustTracker({ rotationStep, rotationSearch }), fast = new RobustTracker({ rotationStep, rotationSearch });
      // the choice is made at init()
      useRobustKernel(false);
      plain.init(seq.frame(0), seq.truth(0));
      useRobustKernel(true);
      fast.init(seq.frame(0), seq.truth(0));
      let moved = false, turned = 0;
      for (let f = 1; f < 40; f++) {
        const pr = plain.track(seq.frame(f)), a = { ...pr.box }, angle = pr.rotatedBox.angle, b = fast.track(seq.frame(f));
        expect(b.box).toEqual(a);
        expect(b.rotatedBox.angle).toBe(angle);
        if (a.x !== seq.truth(0).x) moved = true;
        if (angle !== 0) turned++;
      }
      expect(moved).toBe(true);
      // the turned samples were compared too
      if (rotationStep > 0) expect(turned, rotationSearch).toBeGreaterThan(5);
      else expect(turned).toBe(0);
    }
  });

  it('is not made when switched off (the JS loops run instead)', () => {
    useRobustKernel(false);
    expect(RobustKernel.create(128, 4, 1)).toBeNull();
  });
});

describe('the committed WebAssembly module', () => {
  it('is the build of kernel.as (npm run build:wasm)', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = new URL('../../src/track/robust/wasm/build.mjs', import.meta.url);
    // exits non-zero (and execFileSync throws) when kernel-wasm.ts is stale
    const out = execFileSync(process.execPath, [script.pathname, '--check'], { encoding: 'utf8' });
    expect(out).toContain('up to date');
  }, 120_000);
});
