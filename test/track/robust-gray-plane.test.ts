import { describe, expect, it } from 'vitest';
import { GrayPlane } from '../../src/track/robust/gray-plane.js';
import { PatchSampler } from '../../src/track/robust/patch-sampler.js';

/** A W×H RGB frame of seeded noise. */
function noise(W: number, H: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  return Uint8Array.from({ length: W * H * 3 }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 24;
  });
}

describe('GrayPlane (the frame gray shared by the samplers of one frame)', () => {
  const W = 200, H = 150;

  it('holds 0.299 R + 0.587 G + 0.114 B of the rectangle asked for', () => {
    const f = noise(W, H, 1), p = new GrayPlane(16);
    p.cover({ data: f, width: W, height: H, channels: 3 }, { x0: 20, y0: 30, x1: 90, y1: 70 });
    expect([p.x0, p.y0, p.x1, p.y1, p.stride]).toEqual([20, 30, 90, 70, 70]);
    for (const [x, y] of [[20, 30], [89, 69], [55, 41]]) {
      const a = (y * W + x) * 3;
      expect(p.data[(y - 30) * p.stride + x - 20]).toBe(0.299 * f[a] + 0.587 * f[a + 1] + 0.114 * f[a + 2]);
    }
  });

  it('serves a rectangle inside the one it holds without converting again, and forgets it at newFrame()', () => {
    const f = noise(W, H, 2), p = new GrayPlane(W * H);
    p.cover({ data: f, width: W, height: H, channels: 3 }, { x0: 0, y0: 0, x1: W, y1: H });
    const before = p.data[10 * W + 10];
    f.fill(0);
    p.cover({ data: f, width: W, height: H, channels: 3 }, { x0: 5, y0: 5, x1: 50, y1: 50 });
    expect(p.data[10 * W + 10]).toBe(before); // the same frame: not read again
    p.newFrame();
    p.cover({ data: f, width: W, height: H, channels: 3 }, { x0: 5, y0: 5, x1: 50, y1: 50 });
    expect(p.data[5 * p.stride + 5]).toBe(0);
  });

  it('samples a template bit for bit as a fresh plane would, for every scale read from one shared plane', () => {
    const a = noise(W, H, 3), b = noise(W, H, 4), shared = new GrayPlane(16);
    const s1 = new PatchSampler(64), s2 = new PatchSampler(64);
    shared.cover({ data: a, width: W, height: H, channels: 3 }, { x0: 0, y0: 0, x1: W, y1: H });
    s1.sample({ data: a, width: W, height: H, channels: 3 }, { cx: 100, cy: 70, w: 90, h: 60 }, false, shared);
    shared.newFrame();
    shared.cover({ data: b, width: W, height: H, channels: 3 }, { x0: 10, y0: 10, x1: 190, y1: 140 }); // the largest window of frame b
    for (const scale of [1 / 1.03, 1, 1.03]) {
      s1.sample({ data: b, width: W, height: H, channels: 3 }, { cx: 100, cy: 70, w: 90 * scale, h: 60 * scale }, false, shared);
      s2.sample({ data: b, width: W, height: H, channels: 3 }, { cx: 100, cy: 70, w: 90 * scale, h: 60 * scale }, false, new GrayPlane(16));
      expect(s1.gray).toEqual(s2.gray);
      expect(s1.bins).toEqual(s2.bins);
    }
  });
});
