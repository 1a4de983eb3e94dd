// On frames where the filter is unsure, the robust tracker takes the mode of the fused density
// nearest where the target was (mean shift's locality) unless a clearly stronger one is elsewhere.
import { describe, expect, it } from 'vitest';
import { FusedDetector } from '../../src/track/robust/fused-detector.js';
import { nearestPeak } from '../../src/track/robust/response-mode.js';
import { rng } from '../helpers/random.js';

describe('nearestPeak', () => {
  const G = 32;
  /** A map in the filter's wrapped layout: a sum of Gaussian bumps [x, y, height] of spread 2 cells. */
  const map = (bumps: [number, number, number][]) => {
    const m = new Float64Array(G * G);
    for (let dy = -G / 2; dy < G / 2; dy++) {
      for (let dx = -G / 2; dx < G / 2; dx++) {
        let v = 0;
        for (const [x, y, h] of bumps) v += h * Math.exp(-((dx - x) ** 2 + (dy - y) ** 2) / 8);
        m[((dy + G) % G) * G + ((dx + G) % G)] = v;
      }
    }
    return m;
  };
  const out = { x: NaN, y: NaN };

  it('climbs from the centre to the nearest peak, not the highest', () => {
    nearestPeak(map([[3, -2, 0.5], [-9, 7, 1]]), G, 12, 12, out);
    expect(out).toEqual({ x: 3, y: -2 });
  });

  it('reaches the highest peak when it is the one uphill from the centre', () => {
    nearestPeak(map([[-5, 4, 1], [11, -11, 0.3]]), G, 12, 12, out);
    expect(out).toEqual({ x: -5, y: 4 });
  });

  it('stays within the search range', () => {
    nearestPeak(map([[10, 0, 1]]), G, 6, 3, out);
    expect(out).toEqual({ x: 6, y: 0 });
  });
});

describe('FusedDetector.nearMode', () => {
  // a gray scene: a textured background and the target, a 4 × 6 pattern of gray blocks, drawn
  // at the given places; the copy at `noisy` has noise added (a weaker match)
  const W = 220, H = 160, cx = 110, cy = 80, tw = 24, th = 36;
  /** A frame of RGB pixels of the scene's size. */
  const rgb = (data: Uint8Array | Uint8ClampedArray) => ({ data, width: W, height: H, channels: 3 as const });
  const r = rng(7);
  const background = Float32Array.from({ length: W * H }, (_, i) => 120 + 25 * Math.sin((i % W) / 5) * Math.cos(Math.floor(i / W) / 7) + 15 * r());
  const pattern = Float32Array.from({ length: 4 * 6 }, () => 30 + 190 * r());
  const noise = Float32Array.from({ length: W * H }, () => r() - 0.5);
  function scene(places: number[], noisy = NaN, amount = 0): Uint8Array {
    const data = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let g = background[y * W + x];
        for (const px of places) {
          const u = x - (px - tw / 2), v = y - (cy - th / 2);
          if (u >= 0 && u < tw && v >= 0 && v < th) {
            g = pattern[Math.floor((v / th) * 6) * 4 + Math.floor((u / tw) * 4)];
            if (px === noisy) g += amount * noise[y * W + x];
          }
        }
        const q = Math.max(0, Math.min(255, Math.round(g)));
        data.set([q, q, q], (y * W + x) * 3);
      }
    }
    return data;
  }
  // within a third of the target's width (the copies lie 22 px apart)
  const near = cx + 2, far = cx - 20, TOL = tw / 3;
  function detector(): FusedDetector {
    const det = new FusedDetector({ gray: true, scaleStep: 1.03, scalePenalty: 0.99, augmentAngles: [] });
    det.init(rgb(scene([cx])), { cx, cy, w: tw, h: th }, 0);
    return det;
  }

  it('moves an unsure detection to the mode nearest the last place, and learning reads it there', () => {
    const det = detector();
    const frame = scene([near, far], near, 400);
    det.newFrame();
    const d = det.detect(rgb(frame), { cx, cy, w: tw, h: th }, 1);
    // the clean copy far away is the strongest mode
    expect(Math.abs(d.cx - far)).toBeLessThan(TOL);
    const strongest = d.score;
    expect(det.nearMode(0)).toBe(true);
    expect(Math.abs(d.cx - near)).toBeLessThan(TOL);
    expect(Math.abs(d.cy - cy)).toBeLessThan(TOL);
    expect(d.score).toBeLessThan(strongest);
    expect(d.score).toBeGreaterThan(0.3 * strongest);
    // the shift learnt from is the moved one: the window's centre plus dx cells
    expect(d.dx).toBeGreaterThan(-1);
    // and the centre is the window's plus that shift (a window of the target plus 1.5 times its mean side, 32 cells)
    const cellPx = (tw + 1.5 * (tw + th) / 2) / 32;
    expect(Math.abs(d.cx - (cx + d.dx * cellPx))).toBeLessThan(1e-9);
    expect(Math.abs(d.cy - (cy + d.dy * (th + 1.5 * (tw + th) / 2) / 32))).toBeLessThan(1e-9);
  });

  it('keeps the strongest mode when the near one falls short of the ratio', () => {
    const det = detector();
    det.newFrame();
    const d = det.detect(rgb(scene([near, far], near, 400)), { cx, cy, w: tw, h: th }, 1);
    const x = d.cx, score = d.score;
    expect(det.nearMode(1)).toBe(false);
    expect(d.cx).toBe(x);
    expect(d.score).toBe(score);
  });

  it('keeps a detection that is already the nearest mode', () => {
    const det = detector();
    det.newFrame();
    const d = det.detect(rgb(scene([near])), { cx, cy, w: tw, h: th }, 1);
    const x = d.cx;
    expect(Math.abs(x - near)).toBeLessThan(TOL);
    expect(det.nearMode(0)).toBe(false);
    expect(d.cx).toBe(x);
  });
});
