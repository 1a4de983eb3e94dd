import type { Rect } from '../image/types.js';

/** Options of a synthetic tracking sequence: a coloured ellipse moving over a textured background. */
export interface SyntheticSequenceOptions {
  width?: number;
  height?: number;
  /** Number of frames (the path is periodic over them). Default 300. */
  frames?: number;
  /** Target size in pixels at scale 1. Default 1/8 of the frame's width and 1/6 of its height. */
  targetWidth?: number;
  targetHeight?: number;
  /** Target colour (RGB). Default a saturated orange. */
  color?: [number, number, number];
  /** Relative size change over the path: 0 keeps the size, 0.5 varies it by ±50%. Default 0. */
  scaleChange?: number;
  /** Channels of the frames: 4 (RGBA, default), 3 or 1. */
  channels?: 1 | 3 | 4;
  /** Seed of the background texture. Default 1. */
  seed?: number;
}

/**
 * A deterministic synthetic sequence with known ground truth, for tests and benchmarks:
 * a textured, mostly unsaturated background with a few coloured patches, and an elliptic
 * target moving along a Lissajous path. `frame(i)` renders into one reused buffer.
 */
export class SyntheticSequence {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly channels: 1 | 3 | 4;
  private readonly tw: number;
  private readonly th: number;
  private readonly color: [number, number, number];
  private readonly scaleChange: number;
  private readonly background: Uint8ClampedArray;
  private readonly buffer: Uint8ClampedArray;

  constructor(options: SyntheticSequenceOptions = {}) {
    this.width = options.width ?? 640;
    this.height = options.height ?? 480;
    this.frames = options.frames ?? 300;
    this.channels = options.channels ?? 4;
    this.tw = options.targetWidth ?? Math.round(this.width / 8);
    this.th = options.targetHeight ?? Math.round(this.height / 6);
    this.color = options.color ?? [235, 120, 30];
    this.scaleChange = options.scaleChange ?? 0;
    const n = this.width * this.height;
    this.background = new Uint8ClampedArray(n * this.channels);
    this.buffer = new Uint8ClampedArray(n * this.channels);
    this.paintBackground(options.seed ?? 1);
  }

  private paintBackground(seed: number): void {
    let s = seed >>> 0 || 1;
    const rand = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) / 4294967296;
    };
    const { width: W, height: H, channels: c } = this;
    // a few coloured patches of other hues (green, blue, purple)
    const patches = Array.from({ length: 6 }, (_, k) => ({
      x: rand() * W,
      y: rand() * H,
      r: (0.04 + rand() * 0.06) * W,
      col: [
        [40, 160, 60],
        [40, 80, 200],
        [140, 60, 170],
      ][k % 3],
    }));
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        // grey texture: low saturation, so a colour histogram sees little of it
        const base = 100 + 45 * Math.sin(x * 0.05) * Math.cos(y * 0.043) + (rand() - 0.5) * 30;
        let r = base + 2, g = base, b = base - 2;
        for (const p of patches) {
          const dx = x - p.x, dy = y - p.y;
          if (dx * dx + dy * dy < p.r * p.r) {
            r = p.col[0] + (rand() - 0.5) * 30;
            g = p.col[1] + (rand() - 0.5) * 30;
            b = p.col[2] + (rand() - 0.5) * 30;
          }
        }
        this.setPixel(this.background, y * W + x, r, g, b);
      }
    }
  }

  private setPixel(buf: Uint8ClampedArray, p: number, r: number, g: number, b: number): void {
    const c = this.channels;
    if (c === 1) buf[p] = (r * 4899 + g * 9617 + b * 1868 + 8192) / 16384;
    else {
      const j = p * c;
      buf[j] = r;
      buf[j + 1] = g;
      buf[j + 2] = b;
      if (c === 4) buf[j + 3] = 255;
    }
  }

  /** The ground-truth box of frame `i` (0-based). */
  truth(i: number): Rect {
    const t = (2 * Math.PI * i) / this.frames;
    const scale = 1 + this.scaleChange * Math.sin(t);
    const w = this.tw * scale, h = this.th * scale;
    const cx = this.width / 2 + (this.width / 2 - this.tw) * 0.8 * Math.sin(t);
    const cy = this.height / 2 + (this.height / 2 - this.th) * 0.8 * Math.sin(2 * t);
    return { x: cx - w / 2, y: cy - h / 2, width: w, height: h };
  }

  /** Renders frame `i` into the sequence's one buffer and returns it as an ImageLike. */
  frame(i: number): { data: Uint8ClampedArray; width: number; height: number; channels: 1 | 3 | 4 } {
    const buf = this.buffer;
    buf.set(this.background);
    const b = this.truth(i);
    const cx = b.x + b.width / 2, cy = b.y + b.height / 2, a = b.width / 2, bb = b.height / 2;
    const [r0, g0, b0] = this.color;
    const y0 = Math.max(0, Math.floor(b.y)), y1 = Math.min(this.height, Math.ceil(b.y + b.height));
    const x0 = Math.max(0, Math.floor(b.x)), x1 = Math.min(this.width, Math.ceil(b.x + b.width));
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const u = (x + 0.5 - cx) / a, v = (y + 0.5 - cy) / bb;
        const d = u * u + v * v;
        if (d <= 1) {
          const shade = 1 - 0.25 * d; // a little shading, as a lit object
          this.setPixel(buf, y * this.width + x, r0 * shade, g0 * shade, b0 * shade);
        }
      }
    }
    return { data: buf, width: this.width, height: this.height, channels: this.channels };
  }
}
