import { randInt } from './random.js';

/** A random probability map made of blobs of several shapes, for parity tests. */
export interface ProbCase {
  width: number;
  height: number;
  data: Uint8Array;
  window: { x: number; y: number; width: number; height: number };
}

/** Paints a random scene: rotated ellipses, rectangles, rings, Gaussian blobs and speckle noise. */
export function randomProbImage(r: () => number, width: number, height: number): Uint8Array {
  const f = new Float32Array(width * height);
  const nBlobs = randInt(r, 0, 4);
  for (let k = 0; k < nBlobs; k++) {
    const shape = randInt(r, 0, 3);
    const cx = r() * width, cy = r() * height;
    const a = 3 + r() * width * 0.3, b = 3 + r() * height * 0.3;
    const th = r() * Math.PI;
    const ct = Math.cos(th), st = Math.sin(th);
    const amp = 40 + r() * 215;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const dx = x - cx, dy = y - cy;
        const u = (dx * ct + dy * st) / a, v = (-dx * st + dy * ct) / b;
        const d2 = u * u + v * v;
        let val = 0;
        if (shape === 0) val = d2 <= 1 ? amp : 0; // solid rotated ellipse
        else if (shape === 1) val = Math.abs(u) <= 1 && Math.abs(v) <= 1 ? amp : 0; // rotated rectangle
        else if (shape === 2) val = d2 <= 1 && d2 >= 0.4 ? amp : 0; // ring
        else val = amp * Math.exp(-2 * d2); // gaussian
        f[y * width + x] = Math.max(f[y * width + x], val);
      }
    }
  }
  const noise = r() < 0.5 ? r() * 0.05 : 0;
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) {
    let v = f[i];
    if (noise > 0 && r() < noise) v += r() * 255;
    out[i] = Math.min(255, Math.round(v));
  }
  return out;
}

/** A window: anywhere, touching or crossing the borders, sometimes tiny or frame-sized. */
export function randomWindow(r: () => number, width: number, height: number) {
  const kind = randInt(r, 0, 5);
  const w = randInt(r, 1, Math.max(1, Math.floor(width * (kind === 5 ? 1.2 : 0.5))));
  const h = randInt(r, 1, Math.max(1, Math.floor(height * (kind === 5 ? 1.2 : 0.5))));
  let x = randInt(r, -Math.floor(w / 2), width - Math.ceil(w / 2));
  let y = randInt(r, -Math.floor(h / 2), height - Math.ceil(h / 2));
  if (kind === 1) x = 0; // touching the left border
  if (kind === 2) x = width - w; // touching the right border
  if (kind === 3) y = height - h; // touching the bottom border
  if (kind === 4) {
    x = -w + randInt(r, 1, Math.min(w, 3)); // mostly outside on the left
  }
  return { x, y, width: w, height: h };
}
