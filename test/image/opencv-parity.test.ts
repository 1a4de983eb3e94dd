/**
 * The pixel core against OpenCV.js: RGB→HSV, calcHist + normalize, calcBackProject.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BackProjector, CAMSHIFT_RANGE, calcHistogram, normalizeHistogram, rgbToHsv } from '../../src/index.js';
import { loadOpenCV, type CV } from '../helpers/opencv.js';
import { randInt, rng } from '../helpers/random.js';

let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCV();
});

/** Random RGB pixels, plus every grey level and the pure primaries (the corner cases of hue). */
function randomRgb(seed: number, width: number, height: number): Uint8Array {
  const r = rng(seed);
  const d = new Uint8Array(width * height * 3);
  for (let i = 0; i < d.length; i++) d[i] = randInt(r, 0, 255);
  for (let g = 0; g < 256 && g * 3 + 2 < d.length; g++) d.set([g, g, g], g * 3);
  return d;
}

describe('rgbToHsv matches cv.cvtColor(COLOR_RGB2HSV)', () => {
  it('on 160 000 random pixels, greys included', () => {
    const W = 400, H = 400;
    const rgb = randomRgb(11, W, H);
    const src = cv.matFromArray(H, W, cv.CV_8UC3, Array.from(rgb));
    const dst = new cv.Mat();
    cv.cvtColor(src, dst, cv.COLOR_RGB2HSV);
    const ref = new Uint8Array(dst.data);
    src.delete();
    dst.delete();
    const ours = rgbToHsv({ data: rgb, width: W, height: H, channels: 3 });
    let diff = 0;
    for (let i = 0; i < ref.length; i++) if (ref[i] !== ours.data[i]) diff++;
    expect(diff).toBe(0);
  });
});

describe('histograms and back projection match OpenCV (the CamShift sample recipe)', () => {
  it('hue histogram under the sample mask, normalised 0..255, back-projected and masked', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const r = rng(seed);
      const W = randInt(r, 20, 120), H = randInt(r, 20, 120);
      const rgb = randomRgb(seed * 31, W, H);
      const roi = { x: randInt(r, 0, W - 10), y: randInt(r, 0, H - 10), width: 0, height: 0 };
      roi.width = randInt(r, 5, W - roi.x);
      roi.height = randInt(r, 5, H - roi.y);
      const bins = [16, 8, 30, 180][seed % 4];

      // OpenCV: cvtColor, inRange, calcHist on the ROI with the mask, normalize, calcBackProject, &= mask
      const src = cv.matFromArray(H, W, cv.CV_8UC3, Array.from(rgb));
      const hsv = new cv.Mat();
      cv.cvtColor(src, hsv, cv.COLOR_RGB2HSV);
      const lo = new cv.Mat(H, W, cv.CV_8UC3, [0, 60, 32, 0]);
      const hi = new cv.Mat(H, W, cv.CV_8UC3, [180, 255, 255, 0]);
      const mask = new cv.Mat();
      cv.inRange(hsv, lo, hi, mask);
      const rect = new cv.Rect(roi.x, roi.y, roi.width, roi.height);
      const hsvRoi = hsv.roi(rect), maskRoi = mask.roi(rect);
      const roiVec = new cv.MatVector();
      roiVec.push_back(hsvRoi);
      const hist = new cv.Mat();
      cv.calcHist(roiVec, [0], maskRoi, hist, [bins], [0, 180]);
      cv.normalize(hist, hist, 0, 255, cv.NORM_MINMAX);
      const refHist = Array.from(hist.data32F as Float32Array);
      const all = new cv.MatVector();
      all.push_back(hsv);
      const bp = new cv.Mat();
      cv.calcBackProject(all, [0], hist, bp, [0, 180], 1);
      const masked = new cv.Mat();
      cv.bitwise_and(bp, mask, masked);
      const refProb = new Uint8Array(masked.data);
      for (const m of [src, hsv, lo, hi, mask, hsvRoi, maskRoi, roiVec, hist, all, bp, masked]) m.delete();

      // ours
      const image = { data: rgb, width: W, height: H, channels: 3 as const };
      const h = calcHistogram(image, roi, { space: 'hue', bins, range: CAMSHIFT_RANGE });
      normalizeHistogram(h, 'minmax', 0, 255);
      expect(Array.from(h.data)).toEqual(refHist);
      const prob = new Uint8Array(W * H);
      new BackProjector(h).project(image, prob);
      expect(prob).toEqual(refProb);
    }
  });

  it('hue × saturation and RGB histograms count as calcHist does', () => {
    const W = 64, H = 48;
    const rgb = randomRgb(5, W, H);
    const src = cv.matFromArray(H, W, cv.CV_8UC3, Array.from(rgb));
    const hsv = new cv.Mat();
    cv.cvtColor(src, hsv, cv.COLOR_RGB2HSV);
    const none = new cv.Mat();
    const v1 = new cv.MatVector();
    v1.push_back(hsv);
    const hs = new cv.Mat();
    cv.calcHist(v1, [0, 1], none, hs, [30, 32], [0, 180, 0, 256]);
    const v2 = new cv.MatVector();
    v2.push_back(src);
    const rgbH = new cv.Mat();
    cv.calcHist(v2, [0, 1, 2], none, rgbH, [4, 5, 6], [0, 256, 0, 256, 0, 256]);
    const refHs = Array.from(hs.data32F as Float32Array), refRgb = Array.from(rgbH.data32F as Float32Array);
    for (const m of [src, hsv, none, v1, hs, v2, rgbH]) m.delete();
    const image = { data: rgb, width: W, height: H, channels: 3 as const };
    expect(Array.from(calcHistogram(image, null, { space: 'hue-saturation', bins: [30, 32] }).data)).toEqual(refHs);
    expect(Array.from(calcHistogram(image, null, { space: 'rgb', bins: [4, 5, 6] }).data)).toEqual(refRgb);
  });
});
