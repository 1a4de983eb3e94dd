// Packed test images for the filter kernels: c0 | c1 << bits | c2 << 2·bits, 8 or 10 bits a channel.
import { it } from 'vitest';
import type { RgbKernelParams } from '../../src/segment/rgb-kernel.js';
import { lcg } from '../../bench/scenes.js';

export type Maker = (w: number, h: number, bits: 8 | 10, seed: number) => Int32Array;

export const pack = (a: number, b: number, c: number, bits: number): number => a | (b << bits) | (c << (2 * bits));

/** Uniform noise over the whole channel range. */
export const uniform: Maker = (w, h, bits, seed) => {
  const r = lcg(seed);
  const top = (1 << bits) - 1;
  return Int32Array.from({ length: w * h }, () => pack((r() * (top + 1)) | 0, (r() * (top + 1)) | 0, (r() * (top + 1)) | 0, bits));
};

/** Flat blocks of random colours plus small noise: windows mixing joined and rejected pixels. */
export const blocks: Maker = (w, h, bits, seed) => {
  const r = lcg(seed);
  const top = (1 << bits) - 1;
  const colours = Array.from({ length: 16 }, () => [r() * top, r() * top, r() * top]);
  const out = new Int32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = colours[(Math.floor(x / 5) * 7 + Math.floor(y / 4) * 3) % 16];
      const ch = (k: number): number => Math.max(0, Math.min(top, Math.round(c[k] + (r() - 0.5) * 8)));
      out[y * w + x] = pack(ch(0), ch(1), ch(2), bits);
    }
  }
  return out;
};

/** Every channel at its maximum: the SWAR lanes' sums at their largest. */
export const saturated: Maker = (w, h, bits) => new Int32Array(w * h).fill(pack((1 << bits) - 1, (1 << bits) - 1, (1 << bits) - 1, bits));

/** Compares a kernel with the plain one on one image and parameter set (asserts inside). */
export type SameKernel = (px: Int32Array, bits: 8 | 10, w: number, h: number, p: RgbKernelParams) => void;

/**
 * The shared matrix of the kernel tests: uniform and blocky images, 8- and 10-bit channels,
 * spatial radii 0.5..9.5 and colour radii small to large (×3 for 10-bit scaled Luv).
 */
export function radiiMatrix(same: SameKernel): void {
  const base = { maxIterations: 5, epsilon: 1 };
  for (const [name, make] of [['uniform', uniform], ['blocks', blocks]] as const) {
    for (const bits of [8, 10] as const) {
      it(`${name}, ${bits}-bit, radii 0.5..9.5, colour radii small to large`, () => {
        const w = 37;
        const h = 23;
        const px = make(w, h, bits, 7 + bits);
        const scale = bits === 8 ? 1 : 3;
        for (const sp of [0.5, 1, 1.5, 2.5, 3, 4.5, 7, 7.5, 9.5]) {
          for (const sr of [3, 6.5, 12, 40, 120]) same(px, bits, w, h, { ...base, spatialRadius: sp, colorRadius: sr * scale });
        }
      });
    }
  }
}
