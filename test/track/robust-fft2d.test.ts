import { describe, expect, it } from 'vitest';
import { Fft2d } from '../../src/track/robust/fft2d.js';

/** The DFT by its definition, O(n²) a point: the reference the fast transform must match. */
function dft(re: Float64Array, im: Float64Array, W: number, H: number, sign: number): [Float64Array, Float64Array] {
  const or = new Float64Array(W * H), oi = new Float64Array(W * H);
  for (let v = 0; v < H; v++) {
    for (let u = 0; u < W; u++) {
      let sr = 0, si = 0;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const a = sign * 2 * Math.PI * ((u * x) / W + (v * y) / H);
          const c = Math.cos(a), s = Math.sin(a), r = re[y * W + x], i = im[y * W + x];
          sr += r * c - i * s;
          si += r * s + i * c;
        }
      }
      or[v * W + u] = sr;
      oi[v * W + u] = si;
    }
  }
  return [or, oi];
}

function seeded(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

describe('Fft2d', () => {
  for (const [W, H] of [[4, 4], [8, 4], [16, 32], [32, 32]] as const) {
    it(`matches the DFT's definition forward and inverse on ${W}x${H}`, () => {
      const re = seeded(W * H, W * 7 + H), im = seeded(W * H, W + H * 13);
      const f = new Fft2d(W, H);
      const [er, ei] = dft(re, im, W, H, -1);
      const fr = re.slice(), fi = im.slice();
      f.forward(fr, fi);
      for (let i = 0; i < W * H; i++) {
        expect(fr[i]).toBeCloseTo(er[i], 10);
        expect(fi[i]).toBeCloseTo(ei[i], 10);
      }
      const [ir] = dft(er, ei, W, H, 1);
      f.inverse(fr, fi);
      for (let i = 0; i < W * H; i++) {
        expect(fr[i]).toBeCloseTo(ir[i] / (W * H), 10);
        expect(fr[i]).toBeCloseTo(re[i], 10);
        expect(fi[i]).toBeCloseTo(im[i], 10);
      }
    });
  }

  it('names a size that is not a power of two of at least 4', () => {
    expect(() => new Fft2d(24, 32)).toThrow(/width must be a power of two ≥ 4, got 24/);
    expect(() => new Fft2d(32, 2)).toThrow(/height must be a power of two ≥ 4, got 2/);
  });
});
