// The first frame's augmentation: the template rotation's geometry, and that a filter learnt
// with rotated copies holds on a turned target better than one learnt from the sample alone.
import { describe, expect, it } from 'vitest';
import { FusedDetector } from '../../src/track/robust/fused-detector.js';
import { rotateTemplate } from '../../src/track/robust/rotate-template.js';
import { rng } from '../helpers/random.js';

/** Centroid (column, row) of the pixels above half the brightest one. */
function centroid(a: Float32Array, S: number): [number, number] {
  let max = 0, n = 0, sx = 0, sy = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, a[i]);
  for (let i = 0; i < a.length; i++) {
    if (a[i] > max / 2) {
      n++;
      sx += i % S;
      sy += Math.floor(i / S);
    }
  }
  return [sx / n, sy / n];
}

describe('rotateTemplate', () => {
  const S = 64;
  const dot = (u: number, v: number) => {
    const gray = new Float32Array(S * S), bins = new Uint16Array(S * S);
    for (let y = v - 1; y <= v + 1; y++) for (let x = u - 1; x <= u + 1; x++) {
      gray[y * S + x] = 255;
      bins[y * S + x] = 7;
    }
    return { gray, bins };
  };

  it('turns the content anticlockwise on screen, in the window\'s frame proportions', () => {
    // a window twice as wide as tall in frame pixels (sx = 2, sy = 1): a dot whose centre is
    // 8.5 template pixels right of the template's centre and 0.5 below is 17 frame pixels right
    // and 0.5 below; turned by 90° it is 17 frame pixels up and 0.5 right, which is 17
    // template pixels up and 0.25 right (pixel i's centre is at i + 0.5)
    const src = dot(S / 2 + 8, S / 2), gray = new Float32Array(S * S), bins = new Uint16Array(S * S);
    rotateTemplate(src, { gray, bins }, S, 2, 1, 90);
    const [x, y] = centroid(gray, S);
    expect(Math.abs(x - (S / 2 + 0.25 - 0.5))).toBeLessThanOrEqual(0.75);
    expect(Math.abs(y - (S / 2 - 17 - 0.5))).toBeLessThanOrEqual(0.75);
    expect(bins[Math.round(y) * S + Math.round(x)]).toBe(7);
    // the dot, 3 × 3 template pixels (6 × 3 frame pixels), is now 3 × 6 frame pixels: 1.5 × 6 template pixels
    let rows = 0;
    for (let v = 0; v < S; v++) if (gray[v * S + Math.round(x)] > 128) rows++;
    expect(rows).toBeGreaterThanOrEqual(5);
    expect(rows).toBeLessThanOrEqual(7);
    // and −90° puts it below
    rotateTemplate(src, { gray, bins }, S, 2, 1, -90);
    expect(Math.abs(centroid(gray, S)[1] - (S / 2 + 17 - 0.5))).toBeLessThanOrEqual(0.75);
  });

  it('leaves the template as it is at 0°, and refuses to work in place', () => {
    const r = rng(3), src = { gray: Float32Array.from({ length: S * S }, () => 255 * r()), bins: Uint16Array.from({ length: S * S }, () => Math.floor(100 * r())) };
    const gray = new Float32Array(S * S), bins = new Uint16Array(S * S);
    rotateTemplate(src, { gray, bins }, S, 1.5, 0.75, 0);
    for (let k = 0; k < S * S; k++) expect(Math.abs(gray[k] - src.gray[k])).toBeLessThan(1e-3);
    expect(Array.from(bins)).toEqual(Array.from(src.bins));
    expect(() => rotateTemplate(src, { gray: src.gray, bins }, S, 1, 1, 5)).toThrow(/separate/);
  });
});

describe('first-frame augmentation of the correlation filter', () => {
  // a patterned gray target on a textured gray background; the same scene with the target
  // turned by `deg` about its centre
  const W = 240, H = 200, cx = 120, cy = 100, tw = 36, th = 60;
  /** A frame of RGB pixels of the scene's size. */
  const rgb = (data: Uint8Array | Uint8ClampedArray) => ({ data, width: W, height: H, channels: 3 as const });
  const r = rng(21);
  const background = Float32Array.from({ length: W * H }, (_, i) => 110 + 30 * Math.sin((i % W) / 7) * Math.cos(Math.floor(i / W) / 9) + 20 * r());
  const pattern = Float32Array.from({ length: 4 * 6 }, () => 40 + 180 * r());
  function scene(deg: number): Uint8Array {
    const t = (deg * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
    const data = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        // the target's own coordinates of this pixel (turned back)
        const dx = x + 0.5 - cx, dy = y + 0.5 - cy;
        const u = c * dx + s * dy + tw / 2, v = -s * dx + c * dy + th / 2;
        const inside = u >= 0 && u < tw && v >= 0 && v < th;
        const g = inside ? pattern[Math.floor((v / th) * 6) * 4 + Math.floor((u / tw) * 4)] : background[y * W + x];
        const q = Math.max(0, Math.min(255, Math.round(g)));
        data.set([q, q, q], (y * W + x) * 3);
      }
    }
    return data;
  }

  /** The filter's peak on the turned target, as a share of its peak on the first frame. */
  function kept(angles: readonly number[], deg: number): number {
    const det = new FusedDetector({ gray: true, scaleStep: 1.03, scalePenalty: 0.99, augmentAngles: angles });
    const first = scene(0);
    det.init(rgb(first), { cx, cy, w: tw, h: th }, 0);
    det.newFrame();
    const p0 = det.detect(rgb(first), { cx, cy, w: tw, h: th }, 1).peak;
    det.newFrame();
    return det.detect(rgb(scene(deg)), { cx, cy, w: tw, h: th }, 1).peak / p0;
  }

  it('caps the turn of a thin target where its ends would move sideways by half its width', () => {
    // 16 × 96: asin(16 / 96) = 9.59°; 16° and 30° learn the same as the cap, 8° does not
    const peak = (angles: readonly number[]) => {
      const det = new FusedDetector({ gray: true, scaleStep: 1.03, scalePenalty: 0.99, augmentAngles: angles }), frame = scene(0);
      det.init(rgb(frame), { cx, cy, w: 16, h: 96 }, 0);
      det.newFrame();
      return det.detect(rgb(scene(12)), { cx, cy, w: 16, h: 96 }, 1).peak;
    };
    const cap = (Math.asin(16 / 96) * 180) / Math.PI;
    expect(peak([-16, 16])).toBe(peak([-cap, cap]));
    expect(peak([-30, 30])).toBe(peak([-cap, cap]));
    expect(peak([-8, 8])).not.toBe(peak([-cap, cap]));
  });

  it('keeps more of its peak on a target turned by 10° and 20°', () => {
    for (const deg of [10, -10, 20, -20]) {
      const plain = kept([], deg), augmented = kept([-8, 8], deg);
      expect(augmented).toBeGreaterThan(plain * 1.1);
    }
  });
});
