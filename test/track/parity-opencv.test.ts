/**
 * Parity of meanShiftWindow and camShift with OpenCV.js (OpenCV 4.12's cv::meanShift and
 * cv::CamShift) on hundreds of random probability maps: blobs of several shapes, windows
 * touching the borders, windows with no mass.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { camShift, meanShiftWindow } from '../../src/index.js';
import { rotatedRectPoints } from '../../src/image/types.js';
import { loadOpenCV, type CV } from '../helpers/opencv.js';
import { randomProbImage, randomWindow } from '../helpers/prob-images.js';
import { randInt, rng } from '../helpers/random.js';

/** TermCriteria::COUNT | TermCriteria::EPS (this OpenCV.js build does not export the constants). */
const TERM_EPS_COUNT = 3;

let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCV();
});

interface Case {
  width: number;
  height: number;
  data: Uint8Array;
  window: { x: number; y: number; width: number; height: number };
  criteria: { maxIterations: number; epsilon: number };
}

function makeCases(seed: number, n: number): Case[] {
  const r = rng(seed);
  const cases: Case[] = [];
  for (let i = 0; i < n; i++) {
    const width = randInt(r, 8, 96), height = randInt(r, 8, 96);
    const data = randomProbImage(r, width, height);
    const window = randomWindow(r, width, height);
    const criteria = r() < 0.7 ? { maxIterations: 10, epsilon: 1 } : { maxIterations: randInt(r, 1, 30), epsilon: r() * 3 };
    cases.push({ width, height, data, window, criteria });
  }
  return cases;
}

function cvRun(kind: 'meanShift' | 'CamShift', c: Case) {
  const mat = cv.matFromArray(c.height, c.width, cv.CV_8UC1, Array.from(c.data));
  const rect = new cv.Rect(c.window.x, c.window.y, c.window.width, c.window.height);
  const crit = new cv.TermCriteria(TERM_EPS_COUNT, c.criteria.maxIterations, c.criteria.epsilon);
  try {
    const [a, win] = cv[kind](mat, rect, crit);
    return { a, win: { x: win.x, y: win.y, width: win.width, height: win.height } };
  } finally {
    mat.delete();
  }
}

const CASES = makeCases(20261128, 400);

describe('meanShiftWindow matches cv.meanShift', () => {
  it('on 400 random maps: identical windows and iteration counts', () => {
    let zeroMass = 0, borders = 0;
    for (const c of CASES) {
      const ref = cvRun('meanShift', c);
      const ours = meanShiftWindow({ data: c.data, width: c.width, height: c.height }, c.window, c.criteria);
      expect(ours.window, JSON.stringify(c.window)).toEqual(ref.win);
      expect(ours.iterations).toBe(ref.a);
      if (ours.mass === 0) zeroMass++;
      if (ref.win.x === 0 || ref.win.y === 0 || ref.win.x + ref.win.width === c.width || ref.win.y + ref.win.height === c.height) borders++;
    }
    // the random cases really exercise the edge cases
    expect(zeroMass).toBeGreaterThan(20);
    expect(borders).toBeGreaterThan(50);
  });

  it('reports the mass under the returned window', () => {
    for (const c of CASES.slice(0, 50)) {
      const ours = meanShiftWindow({ data: c.data, width: c.width, height: c.height }, c.window, c.criteria);
      let s = 0;
      const w = ours.window;
      for (let y = w.y; y < w.y + w.height; y++) for (let x = w.x; x < w.x + w.width; x++) s += c.data[y * c.width + x];
      expect(ours.mass).toBe(s);
    }
  });
});

describe('camShift matches cv.CamShift', () => {
  it('on 400 random maps: identical windows, box corners within 0.5 px', () => {
    let boxes = 0, empty = 0;
    for (const c of CASES) {
      const ref = cvRun('CamShift', c);
      const ours = camShift({ data: c.data, width: c.width, height: c.height }, c.window, c.criteria);
      expect(ours.window, JSON.stringify(c.window)).toEqual(ref.win);
      const rb = ref.a;
      const refBox = { cx: rb.center.x, cy: rb.center.y, width: rb.size.width, height: rb.size.height, angle: (rb.angle * Math.PI) / 180 };
      if (refBox.width === 0 && refBox.height === 0 && refBox.cx === 0) {
        empty++;
        expect(ours.mass).toBe(0);
        expect(ours.box).toEqual({ cx: 0, cy: 0, width: 0, height: 0, angle: 0 });
        continue;
      }
      boxes++;
      expect(ours.mass).toBeGreaterThan(0);
      const p = rotatedRectPoints(ours.box), q = rotatedRectPoints(refBox);
      for (let k = 0; k < 4; k++) {
        expect(Math.abs(p[k][0] - q[k][0])).toBeLessThanOrEqual(0.5);
        expect(Math.abs(p[k][1] - q[k][1])).toBeLessThanOrEqual(0.5);
      }
      expect(ours.box.width).toBeCloseTo(refBox.width, 3);
      expect(ours.box.height).toBeCloseTo(refBox.height, 3);
    }
    expect(boxes).toBeGreaterThan(250);
    expect(empty).toBeGreaterThan(10);
  });

  it('float maps give the same windows as OpenCV on CV_32F', () => {
    const r = rng(7);
    for (let i = 0; i < 100; i++) {
      const width = randInt(r, 8, 64), height = randInt(r, 8, 64);
      const u8 = randomProbImage(r, width, height);
      const f = new Float32Array(u8.length);
      for (let k = 0; k < f.length; k++) f[k] = u8[k] / 255;
      const window = randomWindow(r, width, height);
      const mat = cv.matFromArray(height, width, cv.CV_32FC1, Array.from(f));
      const crit = new cv.TermCriteria(TERM_EPS_COUNT, 10, 1);
      const [, win] = cv.CamShift(mat, new cv.Rect(window.x, window.y, window.width, window.height), crit);
      mat.delete();
      const ours = camShift({ data: f, width, height }, window);
      expect(ours.window).toEqual({ x: win.x, y: win.y, width: win.width, height: win.height });
    }
  });
});

describe('bad input', () => {
  const prob = { data: new Uint8Array(16), width: 4, height: 4 };
  it('rejects non-positive and non-finite windows', () => {
    expect(() => meanShiftWindow(prob, { x: 0, y: 0, width: 0, height: 2 })).toThrow(RangeError);
    expect(() => camShift(prob, { x: 0, y: NaN, width: 2, height: 2 })).toThrow(RangeError);
  });
  it('names the expected size of a wrong-length map', () => {
    expect(() => meanShiftWindow({ data: new Uint8Array(15), width: 4, height: 4 }, { x: 0, y: 0, width: 2, height: 2 })).toThrow(/15 values but 4x4 needs 16/);
  });
});
