/**
 * The classic trackers where their window covers most or all of the frame (CamShift's, on real
 * video), which the WebAssembly SIMD kernel projects: the same windows as OpenCV.js running the
 * sample's recipe frame by frame, and the same results as the JS loops (`wasm: false`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HistogramTracker } from '../../src/index.js';
import { SyntheticSequence } from '../../src/cli/synthetic-sequence.js';
import type { LazyBackProjection } from '../../src/track/lazy-back-projection.js';
import { loadOpenCV, type CV } from '../helpers/opencv.js';
import { randInt, rng } from '../helpers/random.js';

const TERM_EPS_COUNT = 3; // TermCriteria::COUNT | TermCriteria::EPS

let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCV();
});

/**
 * Frames of noise of every colour (much of it too dark or grey for the mask), with a small
 * red disc moving over it: the back projection has mass everywhere, so CamShift's window
 * spans the frame, or nearly.
 */
function noiseFrames(W: number, H: number, n: number, channels: 3 | 4): Uint8ClampedArray[] {
  const r = rng(11);
  const out: Uint8ClampedArray[] = [];
  for (let i = 0; i < n; i++) {
    const f = new Uint8ClampedArray(W * H * channels);
    const cx = W / 2 + (W / 4) * Math.cos(i / 5), cy = H / 2 + (H / 4) * Math.sin(i / 7);
    for (let y = 0, p = 0; y < H; y++) {
      for (let x = 0; x < W; x++, p += channels) {
        if ((x - cx) ** 2 + (y - cy) ** 2 < 30) f.set([230, 20, 30], p);
        else f.set([randInt(r, 0, 255), randInt(r, 0, 255), randInt(r, 0, 255)], p);
        if (channels === 4) f[p + 3] = 255;
      }
    }
    out.push(f);
  }
  return out;
}

const lazyOf = (t: HistogramTracker) => (t as unknown as { lazy: LazyBackProjection }).lazy;

/** The sample's recipe in OpenCV.js on RGBA or RGB frames. */
function recipe(W: number, H: number, channels: 3 | 4, first: Uint8ClampedArray, target: { x: number; y: number; width: number; height: number }, method: 'camshift' | 'meanshift') {
  const frame = new cv.Mat(H, W, channels === 4 ? cv.CV_8UC4 : cv.CV_8UC3);
  const hsv = new cv.Mat(), mask = new cv.Mat(), prob = new cv.Mat(), hist = new cv.Mat();
  const lo = new cv.Mat(H, W, cv.CV_8UC3, [0, 60, 32, 0]);
  const hi = new cv.Mat(H, W, cv.CV_8UC3, [180, 255, 255, 0]);
  const toHsv = (data: Uint8ClampedArray) => {
    frame.data.set(data);
    cv.cvtColor(frame, hsv, cv.COLOR_RGB2HSV);
    cv.inRange(hsv, lo, hi, mask);
  };
  toHsv(first);
  const rect = new cv.Rect(target.x, target.y, target.width, target.height);
  const hsvRoi = hsv.roi(rect), maskRoi = mask.roi(rect);
  const v = new cv.MatVector();
  v.push_back(hsvRoi);
  cv.calcHist(v, [0], maskRoi, hist, [16], [0, 180]);
  cv.normalize(hist, hist, 0, 255, cv.NORM_MINMAX);
  const all = new cv.MatVector();
  all.push_back(hsv);
  const crit = new cv.TermCriteria(TERM_EPS_COUNT, 10, 1);
  let win = rect;
  return {
    track(data: Uint8ClampedArray) {
      toHsv(data);
      cv.calcBackProject(all, [0], hist, prob, [0, 180], 1);
      cv.bitwise_and(prob, mask, prob);
      win = (method === 'camshift' ? cv.CamShift(prob, win, crit) : cv.meanShift(prob, win, crit))[1];
      return { x: win.x, y: win.y, width: win.width, height: win.height };
    },
    delete() {
      for (const m of [frame, hsv, mask, prob, hist, lo, hi, hsvRoi, maskRoi, v, all]) m.delete();
    },
  };
}

describe('windows over most of the frame, projected by the WebAssembly kernel', () => {
  for (const method of ['camshift', 'meanshift'] as const) {
    for (const channels of [4, 3] as const) {
      it(`${method}, ${channels === 4 ? 'RGBA' : 'RGB'}: the same windows as OpenCV.js's recipe, frame by frame`, () => {
        const W = 200, H = 150;
        const frames = noiseFrames(W, H, 30, channels);
        const target = { x: 2, y: 3, width: 190, height: 140 };
        const tracker = new HistogramTracker(method);
        tracker.init({ data: frames[0], width: W, height: H, channels }, target);
        const ref = recipe(W, H, channels, frames[0], target, method);
        let whole = 0, byKernel = 0;
        try {
          for (let i = 1; i < frames.length; i++) {
            const want = ref.track(frames[i]);
            const r = tracker.track({ data: frames[i], width: W, height: H, channels });
            expect(r.box, `frame ${i}`).toEqual(want);
            if (want.width === W && want.height === H) whole++;
            byKernel += lazyOf(tracker).projectedByKernel;
          }
        } finally {
          ref.delete();
        }
        expect(lazyOf(tracker).usesKernel).toBe(true);
        expect(byKernel).toBeGreaterThan(W * H * 10);
        if (method === 'camshift') expect(whole).toBeGreaterThan(10);
      });
    }
  }
});

describe('the WebAssembly kernel and the JS loops give the same tracks', () => {
  for (const method of ['camshift', 'meanshift'] as const) {
    it(`${method}: identical results and probability maps, small and whole-frame windows`, () => {
      const seq = new SyntheticSequence({ width: 240, height: 180, frames: 60, scaleChange: 0.4, seed: 5 });
      const a = new HistogramTracker(method);
      const b = new HistogramTracker(method, { wasm: false });
      const t0 = seq.truth(0);
      // first a small target, then (frame 30) most of the frame
      a.init(seq.frame(0), t0);
      b.init(seq.frame(0), t0);
      expect(lazyOf(a).usesKernel).toBe(true);
      expect(lazyOf(b).usesKernel).toBe(false);
      let byKernel = 0;
      for (let i = 1; i < seq.frames; i++) {
        if (i === 30) {
          a.init(seq.frame(i), { x: 0, y: 0, width: 230, height: 170 });
          b.init(seq.frame(i), { x: 0, y: 0, width: 230, height: 170 });
          continue;
        }
        const f = seq.frame(i);
        const ra = structuredClone(a.track(f));
        const rb = b.track(f);
        expect(ra, `frame ${i}`).toEqual(rb);
        byKernel += lazyOf(a).projectedByKernel;
        // the maps agree wherever both were computed this frame (the window and around it)
        const w = rb.box, pa = a.probability!, pb = b.probability!;
        for (let y = w.y; y < w.y + w.height; y++) {
          for (let x = w.x; x < w.x + w.width; x++) if (pa[y * seq.width + x] !== pb[y * seq.width + x]) expect.fail(`frame ${i} pixel ${x},${y}`);
        }
      }
      expect(byKernel).toBeGreaterThan(seq.width * seq.height * 10);
    });
  }

  it('wasm must be a boolean', () => {
    expect(() => new HistogramTracker('camshift', { wasm: 'yes' as unknown as boolean })).toThrow(/wasm must be true or false, got yes/);
  });
});
