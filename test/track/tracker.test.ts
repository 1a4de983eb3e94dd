import { beforeAll, describe, expect, it } from 'vitest';
import { createTracker, HistogramTracker, iou } from '../../src/index.js';
import { SyntheticSequence } from '../../src/cli/synthetic-sequence.js';
import { loadOpenCV, type CV } from '../helpers/opencv.js';

const TERM_EPS_COUNT = 3; // TermCriteria::COUNT | TermCriteria::EPS

let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCV();
});

describe('camshift and meanshift trackers reproduce the OpenCV sample frame by frame', () => {
  for (const method of ['camshift', 'meanshift'] as const) {
    it(`${method}: same windows as OpenCV.js running the sample's recipe`, () => {
      const seq = new SyntheticSequence({ width: 320, height: 240, frames: 60, scaleChange: 0.3 });
      const first = seq.frame(0);
      const t = seq.truth(0);
      const target = { x: Math.round(t.x), y: Math.round(t.y), width: Math.round(t.width), height: Math.round(t.height) };
      const tracker = createTracker({ method });
      tracker.init(first, target);

      // OpenCV: the sample's init
      const W = seq.width, H = seq.height;
      const rgba = cv.matFromArray(H, W, cv.CV_8UC4, Array.from(first.data));
      const rgb = new cv.Mat(), hsv = new cv.Mat(), mask = new cv.Mat(), prob = new cv.Mat(), hist = new cv.Mat();
      const lo = new cv.Mat(H, W, cv.CV_8UC3, [0, 60, 32, 0]);
      const hi = new cv.Mat(H, W, cv.CV_8UC3, [180, 255, 255, 0]);
      const toHsv = (data: Uint8ClampedArray) => {
        rgba.data.set(data);
        cv.cvtColor(rgba, rgb, cv.COLOR_RGBA2RGB);
        cv.cvtColor(rgb, hsv, cv.COLOR_RGB2HSV);
        cv.inRange(hsv, lo, hi, mask);
      };
      toHsv(first.data);
      const rect = new cv.Rect(target.x, target.y, target.width, target.height);
      const hsvRoi = hsv.roi(rect), maskRoi = mask.roi(rect);
      const v = new cv.MatVector();
      v.push_back(hsvRoi);
      cv.calcHist(v, [0], maskRoi, hist, [16], [0, 180]);
      cv.normalize(hist, hist, 0, 255, cv.NORM_MINMAX);
      const all = new cv.MatVector();
      all.push_back(hsv);
      let win = rect;
      const crit = new cv.TermCriteria(TERM_EPS_COUNT, 10, 1);
      let good = 0;
      for (let i = 1; i < seq.frames; i++) {
        const f = seq.frame(i);
        toHsv(f.data);
        cv.calcBackProject(all, [0], hist, prob, [0, 180], 1);
        cv.bitwise_and(prob, mask, prob);
        const out = method === 'camshift' ? cv.CamShift(prob, win, crit) : cv.meanShift(prob, win, crit);
        win = out[1];
        const r = tracker.track(f, i);
        expect(r.box, `frame ${i}`).toEqual({ x: win.x, y: win.y, width: win.width, height: win.height });
        expect(r.timestamp).toBe(i);
        if (iou(r.box, seq.truth(i)) > 0.5) good++;
      }
      for (const m of [rgba, rgb, hsv, mask, prob, hist, lo, hi, hsvRoi, maskRoi, v, all]) m.delete();
      // and the recipe does track this easy target
      expect(good / (seq.frames - 1)).toBeGreaterThan(0.8);
    });
  }
});

describe('trackers on synthetic scenes', () => {
  it('camshift follows a target that grows and shrinks, with its size', () => {
    const seq = new SyntheticSequence({ width: 320, height: 240, frames: 80, scaleChange: 0.4 });
    const tracker = createTracker({ method: 'camshift' });
    tracker.init(seq.frame(0), seq.truth(0));
    for (let i = 1; i < seq.frames; i++) {
      const r = tracker.track(seq.frame(i));
      expect(r.status).toBe('tracking');
      expect(iou(r.box, seq.truth(i))).toBeGreaterThan(0.5);
      expect(r.score).toBeGreaterThan(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
  });

  it('a grayscale sequence switches to an intensity model by itself and tracks', () => {
    const seq = new SyntheticSequence({ width: 160, height: 120, frames: 40, channels: 1, color: [250, 250, 250] });
    const tracker = createTracker({ method: 'meanshift' }) as HistogramTracker;
    const t0 = seq.truth(0);
    // the inside of the (elliptic) target, as a user would select it
    tracker.init(seq.frame(0), { x: t0.x + t0.width * 0.2, y: t0.y + t0.height * 0.2, width: t0.width * 0.6, height: t0.height * 0.6 });
    expect(tracker.colorModel).toBe('intensity');
    let good = 0;
    for (let i = 1; i < seq.frames; i++) {
      const b = tracker.track(seq.frame(i)).box, t = seq.truth(i);
      const err = Math.hypot(b.x + b.width / 2 - (t.x + t.width / 2), b.y + b.height / 2 - (t.y + t.height / 2));
      if (err < 5) good++;
    }
    expect(good).toBe(seq.frames - 1);
  });

  it("reports 'lost' (never throws) when nothing of the target is left, and finds it again", () => {
    const seq = new SyntheticSequence({ width: 160, height: 120, frames: 40 });
    const tracker = createTracker({ method: 'camshift' });
    const f0 = seq.frame(0);
    tracker.init(f0, seq.truth(0));
    const blank = { data: new Uint8ClampedArray(160 * 120 * 4).fill(128), width: 160, height: 120 };
    expect(tracker.track(blank).status).toBe('lost');
    expect(tracker.track(blank).score).toBe(0);
    expect(tracker.track(seq.frame(0)).status).toBe('tracking');
  });

  it('works only around the window: a small target in a big frame projects a small part of it', () => {
    const seq = new SyntheticSequence({ width: 1280, height: 720, frames: 30, targetWidth: 60, targetHeight: 60 });
    const tracker = createTracker({ method: 'camshift' }) as HistogramTracker;
    tracker.init(seq.frame(0), seq.truth(0));
    tracker.track(seq.frame(1));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const projected = (tracker as any).lazy.projected as number;
    expect(projected).toBeGreaterThan(60 * 60);
    expect(projected).toBeLessThan(1280 * 720 * 0.05);
  });
});

describe('bad input', () => {
  const seq = new SyntheticSequence({ width: 64, height: 48, frames: 10 });
  const frame = seq.frame(0);
  const target = seq.truth(0);

  it('frame data of the wrong length names expected and actual sizes', () => {
    const t = createTracker({ method: 'camshift' });
    expect(() => t.init({ data: new Uint8ClampedArray(100), width: 64, height: 48 }, target)).toThrow(TypeError);
    expect(() => t.init({ data: new Uint8ClampedArray(100), width: 64, height: 48 }, target)).toThrow(/100 values but 64x48x4 needs 12288/);
  });

  it('targets with non-finite or non-positive sizes are RangeErrors; partly outside is clipped; wholly outside is a RangeError', () => {
    const t = createTracker({ method: 'meanshift' });
    expect(() => t.init(frame, { x: 0, y: 0, width: NaN, height: 5 })).toThrow(RangeError);
    expect(() => t.init(frame, { x: 0, y: 0, width: -3, height: 5 })).toThrow(RangeError);
    expect(() => t.init(frame, { x: 0, y: 0, width: Infinity, height: 5 })).toThrow(RangeError);
    expect(() => t.init(frame, { x: 100, y: 0, width: 5, height: 5 })).toThrow(/outside the 64x48 frame/);
    t.init(frame, { x: -5, y: 40, width: 20, height: 20 });
    const r = t.track(frame);
    expect(r.box.x).toBeGreaterThanOrEqual(0);
    expect(r.box.y + r.box.height).toBeLessThanOrEqual(48);
  });

  it('a frame of another size is a clear error that leaves the tracker usable after init() again', () => {
    const t = createTracker({ method: 'camshift' }), twin = createTracker({ method: 'camshift' });
    t.init(frame, target);
    twin.init(frame, target);
    const big = new SyntheticSequence({ width: 80, height: 60, frames: 2 }).frame(0);
    expect(() => t.track(big)).toThrow(/80x60 but the tracker was initialised on 64x48.*init\(\)/);
    // the failed call changed nothing: the tracker goes on exactly as its twin that never saw it
    for (let i = 1; i < 5; i++) expect(t.track(seq.frame(i)).box).toEqual(twin.track(seq.frame(i)).box);
    t.init(big, target);
    expect(t.track(big).status).toBe('tracking');
  });

  it('a bad frame does not corrupt the state', () => {
    const t = createTracker({ method: 'camshift' }), twin = createTracker({ method: 'camshift' });
    t.init(frame, target);
    twin.init(frame, target);
    expect(() => t.track({ data: new Uint8ClampedArray(5), width: 64, height: 48 })).toThrow(TypeError);
    expect(() => t.init(frame, { x: 500, y: 0, width: 5, height: 5 })).toThrow(RangeError);
    for (let i = 1; i < 5; i++) expect(t.track(seq.frame(i)).box).toEqual(twin.track(seq.frame(i)).box);
  });

  it('unknown methods and track() before init() are clear errors', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => createTracker({ method: 'kcf' as any })).toThrow(/method must be one of/);
    expect(() => createTracker({ method: 'camshift' }).track(frame)).toThrow(/before tracker.init/);
  });
});
