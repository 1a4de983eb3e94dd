/**
 * Deterministic photo-like test scenes (no third-party images): smooth shaded regions, soft
 * and hard edges, fractal texture and sensor noise, in two mixes.
 *
 * - 'smooth': a landscape-like frame, mostly smooth (sky with soft clouds, shaded objects,
 *   a wall), a textured strip of ground, sensor noise σ ≈ 2.
 * - 'textured': a close-up-like frame, mostly texture (foliage, gravel, bricks, fabric), a
 *   small smooth patch, sensor noise σ ≈ 3.
 * - 'flat': the benchmark's first scene, large flat areas (a sky gradient, a disk, stripes,
 *   a sinusoidal floor) with noise σ ≈ 2; OpenCV's branchy loop predicts well on it.
 */

export type SceneKind = 'smooth' | 'textured' | 'flat';

/** A seeded generator of uniform numbers in [0, 1) (an LCG: cheap and reproducible). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
}

/** Fractal value noise in about [-1, 1]: `octaves` lattices of period `period`, `period/2`, .... */
function valueNoise(rnd: () => number, period: number, octaves: number): (x: number, y: number) => number {
  const S = 257;
  const lattice: Float64Array[] = [];
  for (let o = 0; o < octaves; o++) {
    const t = new Float64Array(S * S);
    for (let k = 0; k < t.length; k++) t[k] = rnd() * 2 - 1;
    lattice.push(t);
  }
  const smooth = (t: number): number => t * t * (3 - 2 * t);
  return (x, y) => {
    let v = 0;
    let amp = 1;
    let norm = 0;
    let p = period;
    for (let o = 0; o < octaves; o++) {
      const fx = x / p;
      const fy = y / p;
      const ix = Math.floor(fx);
      const iy = Math.floor(fy);
      const tx = smooth(fx - ix);
      const ty = smooth(fy - iy);
      const t = lattice[o];
      const a = t[(iy % S) * S + (ix % S)];
      const b = t[(iy % S) * S + ((ix + 1) % S)];
      const c = t[((iy + 1) % S) * S + (ix % S)];
      const d = t[((iy + 1) % S) * S + ((ix + 1) % S)];
      v += amp * (a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty);
      norm += amp;
      amp *= 0.55;
      p /= 2;
    }
    return v / norm;
  };
}

/** Blend weight of a soft edge: 0 far inside, 1 far outside, a ramp about `soft` pixels wide. */
function ramp(signedDistance: number, soft: number): number {
  const t = signedDistance / soft + 0.5;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

const mix = (a: number[], b: number[], t: number): number[] => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** A `w` x `h` packed RGB photo-like scene of the given kind. */
export function photoScene(w: number, h: number, kind: SceneKind, seed = 12345): Uint8Array {
  if (kind === 'flat') return flatScene(w, h, seed);
  const rnd = lcg(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const clouds = valueNoise(rnd, 160, 4);
  const foliage = valueNoise(rnd, 40, 5);
  const gravel = valueNoise(rnd, 6, 3);
  const grain = valueNoise(rnd, 3, 2);
  const sigma = kind === 'smooth' ? 2 : 3;
  const data = new Uint8Array(w * h * 3);
  const s = Math.min(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x / w;
      const v = y / h;
      let c: number[];
      if (kind === 'smooth') {
        // sky: vertical gradient with soft clouds
        const sky = [110 + 70 * v, 150 + 50 * v, 225 - 15 * v];
        const cl = Math.max(0, clouds(x, y) * 1.6);
        c = mix(sky, [235, 238, 242], Math.min(1, cl));
        // hills: a soft horizon, shaded green with mild fractal texture
        const horizon = h * (0.55 + 0.05 * Math.sin(x / 70) + 0.03 * clouds(x * 3, 7));
        const hill = [70 + 20 * foliage(x, y), 110 + 25 * foliage(x, y), 55 + 10 * foliage(x, y)];
        c = mix(c, hill, 1 - ramp(horizon - y, 1.5));
        // ground strip: gravel texture
        if (y > h * 0.82) c = mix(c, [128 + 30 * gravel(x, y), 118 + 28 * gravel(x, y), 100 + 22 * gravel(x, y)], ramp(y - h * 0.82, 2));
        // a shaded ball (smooth shading, anti-aliased rim)
        const bx = x - w * 0.3;
        const by = y - h * 0.55;
        const r = Math.hypot(bx, by);
        const shade = 0.45 + 0.55 * Math.max(0, 1 - Math.hypot(bx + s * 0.06, by + s * 0.07) / (s * 0.28));
        c = mix([205 * shade, 45 * shade, 40 * shade], c, ramp(r - s * 0.2, 1.2));
        // a wall with a window frame: flat paint, lit gradient, hard edges
        if (u > 0.58 && u < 0.9 && v > 0.25 && v < 0.85) {
          c = [200 - 40 * u, 190 - 35 * u, 170 - 30 * u];
          if (u > 0.66 && u < 0.82 && v > 0.35 && v < 0.6) c = (u > 0.735 && u < 0.745) || (v > 0.47 && v < 0.48) ? [240, 240, 235] : [40 + 20 * v, 55 + 20 * v, 75 + 30 * v];
        }
      } else {
        // foliage over most of the frame: leaves of several greens, dark gaps
        const f = foliage(x, y);
        const g = grain(x, y);
        c = f > 0.1 ? [60 + 60 * f + 25 * g, 95 + 80 * f + 20 * g, 40 + 30 * f] : [25 + 40 * (f + 1), 40 + 50 * (f + 1), 20 + 20 * (f + 1)];
        // gravel path (lower third)
        if (y > h * 0.66 + 10 * Math.sin(x / 50)) {
          const q = gravel(x, y);
          c = [130 + 60 * q + 15 * g, 120 + 55 * q + 15 * g, 105 + 45 * q + 12 * g];
        }
        // a brick wall on the right: bricks with mortar and per-brick tint
        if (u > 0.6 && v < 0.66) {
          const row = Math.floor(y / 16);
          const bxo = x + (row % 2) * 20;
          const mortar = y % 16 < 2 || bxo % 40 < 2;
          const tint = Math.sin(row * 12.9898 + Math.floor(bxo / 40) * 78.233) * 0.5 + 0.5;
          c = mortar ? [180 + 10 * g, 175 + 10 * g, 165 + 10 * g] : [150 + 50 * tint + 12 * g, 60 + 25 * tint + 10 * g, 45 + 15 * tint + 8 * g];
        }
        // a striped fabric on the left
        if (u < 0.25 && v > 0.15 && v < 0.55) {
          const stripe = (Math.floor((x + y) / 6) & 1) === 0;
          c = stripe ? [200 + 10 * g, 190 + 10 * g, 60] : [40, 50 + 10 * g, 130 + 10 * g];
        }
        // a small smooth patch (a painted sign) with a hard edge
        if (u > 0.35 && u < 0.5 && v > 0.2 && v < 0.4) c = [235 - 30 * v, 235 - 30 * v, 230];
      }
      const q = (y * w + x) * 3;
      for (let k = 0; k < 3; k++) data[q + k] = Math.max(0, Math.min(255, Math.round(c[k] + sigma * gauss())));
    }
  }
  return data;
}

/** The benchmark's first scene: sky gradient, shaded disk, stripes, a textured floor, noise σ≈2. */
function flatScene(w: number, h: number, seed: number): Uint8Array {
  const data = new Uint8Array(w * h * 3);
  const rnd = lcg(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r: number, g: number, b: number;
      if (y < h * 0.55) {
        r = 120 + 60 * (y / h); g = 160 + 50 * (y / h); b = 230 - 20 * (y / h);
      } else {
        const t = Math.sin(x / 9) * Math.sin(y / 7);
        r = 110 + 25 * t; g = 90 + 20 * t; b = 60 + 10 * t;
      }
      const dx = x - w * 0.35, dy = y - h * 0.5;
      if (dx * dx + dy * dy < (h * 0.22) ** 2) {
        const shade = 0.6 + 0.4 * Math.max(0, -(dx + dy) / (h * 0.3));
        r = 200 * shade; g = 40 * shade; b = 40 * shade;
      }
      if (x > w * 0.6 && x < w * 0.85 && y > h * 0.3 && y < h * 0.8) {
        const stripe = Math.floor(y / 12) % 2 === 0;
        r = stripe ? 240 : 30; g = stripe ? 230 : 60; b = stripe ? 210 : 120;
      }
      const q = (y * w + x) * 3;
      data[q] = Math.max(0, Math.min(255, Math.round(r + 2 * gauss())));
      data[q + 1] = Math.max(0, Math.min(255, Math.round(g + 2 * gauss())));
      data[q + 2] = Math.max(0, Math.min(255, Math.round(b + 2 * gauss())));
    }
  }
  return data;
}
