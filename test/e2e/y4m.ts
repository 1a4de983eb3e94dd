// Writes a synthetic tracking sequence as a YUV4MPEG2 (4:2:0) file, the format Chromium's
// fake camera plays with --use-file-for-fake-video-capture (looping).
import { closeSync, existsSync, openSync, renameSync, writeSync } from 'node:fs';
import type { Rect } from '../../src/image/types.js';
import { SyntheticSequence, type SyntheticSequenceOptions } from '../../src/cli/synthetic-sequence.js';

/** Converts an RGBA frame to planar I420 (BT.601 limited range, as Chromium decodes y4m). */
export function rgbaToI420(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, out: Uint8Array): void {
  const cw = width >> 1, ch = height >> 1;
  const uOff = width * height, vOff = uOff + cw * ch;
  for (let i = 0, p = 0; i < width * height; i++, p += 4) {
    const r = rgba[p], g = rgba[p + 1], b = rgba[p + 2];
    out[i] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
  }
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      let r = 0, g = 0, b = 0;
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const p = ((2 * y + dy) * width + 2 * x + dx) * 4;
          r += rgba[p];
          g += rgba[p + 1];
          b += rgba[p + 2];
        }
      }
      r /= 4;
      g /= 4;
      b /= 4;
      out[uOff + y * cw + x] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      out[vOff + y * cw + x] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
}

/**
 * Writes `seq` (every frame, in order) to `path` as y4m at `fps` and returns the sequence,
 * whose `truth(i)` is the object's box in frame i. Skips the writing if the file exists.
 */
export function writeSyntheticY4m(path: string, options: SyntheticSequenceOptions & { fps?: number } = {}): SyntheticSequence {
  const seq = new SyntheticSequence({ ...options, channels: 4 });
  if (!existsSync(path)) writeY4m(path, seq, options.fps ?? 30);
  return seq;
}

/**
 * The synthetic sequence with a pause: the object rests at the frame's centre for `rest`
 * frames, then makes one Lissajous loop (SyntheticSequence's path) and comes back to the
 * centre, so a test can wait for it to rest and drag a box around it there.
 */
export class RestingSequence extends SyntheticSequence {
  readonly rest: number;
  constructor(options: SyntheticSequenceOptions & { rest: number }) {
    super(options);
    this.rest = options.rest;
  }

  override truth(i: number): Rect {
    const k = ((i % this.frames) + this.frames) % this.frames;
    const moving = this.frames - this.rest;
    return super.truth(k < this.rest ? 0 : ((k - this.rest) / moving) * this.frames);
  }

  /** Points of the whole path (box centres), `n` of them, for nearest-point distances. */
  pathCentres(n = 2000): [number, number][] {
    const out: [number, number][] = [];
    for (let k = 0; k < n; k++) {
      const b = super.truth((k / n) * this.frames);
      out.push([b.x + b.width / 2, b.y + b.height / 2]);
    }
    return out;
  }
}

/** Writes a `RestingSequence` to `path` as y4m (unless the file exists) and returns it. */
export function writeRestingY4m(path: string, options: SyntheticSequenceOptions & { rest: number; fps?: number }): RestingSequence {
  const seq = new RestingSequence({ ...options, channels: 4 });
  if (!existsSync(path)) writeY4m(path, seq, options.fps ?? 30);
  return seq;
}

function writeY4m(path: string, seq: Pick<SyntheticSequence, 'width' | 'height' | 'frames' | 'frame'>, fps: number): void {
  const { width, height, frames } = seq;
  if (width % 2 || height % 2) throw new RangeError(`y4m 4:2:0 needs an even size, got ${width}x${height}`);
  const tmp = `${path}.${process.pid}.part`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    const yuv = new Uint8Array((width * height * 3) / 2);
    const header = Buffer.from('FRAME\n');
    for (let i = 0; i < frames; i++) {
      rgbaToI420(seq.frame(i).data, width, height, yuv);
      writeSync(fd, header);
      writeSync(fd, yuv);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Colours of `MultiObjectSequence`'s objects: hues far from each other and from the background's patches. */
export const OBJECT_COLORS: readonly [number, number, number][] = [
  [235, 120, 30], // orange
  [30, 200, 220], // cyan
  [230, 40, 140], // pink
  [230, 210, 30], // yellow
];

/**
 * Several coloured ellipses over SyntheticSequence's textured background, for several
 * targets at once: object k starts on the Lissajous path a k/8 of a loop ahead of object 0,
 * rests there for `rest` frames, then sweeps `sweep` of a loop along the path and back
 * (smoothly, so the file loops without a jump; with sweep < 1/8 no two objects ever meet,
 * and they move slowly enough to be followed on a loaded machine). Object 0 (orange) rests
 * at the frame's centre, as RestingSequence's object does (`waitForRest`).
 */
export class MultiObjectSequence {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly rest: number;
  readonly count: number;
  readonly sweep: number;
  private readonly path: SyntheticSequence;
  private readonly background: SyntheticSequence;
  private readonly buffer: Uint8ClampedArray;

  constructor(options: { width: number; height: number; frames: number; rest: number; count: number; sweep?: number }) {
    this.width = options.width;
    this.height = options.height;
    this.frames = options.frames;
    this.rest = options.rest;
    this.count = options.count;
    this.sweep = options.sweep ?? 0.12;
    if (this.count > OBJECT_COLORS.length) throw new RangeError(`at most ${OBJECT_COLORS.length} objects, got ${this.count}`);
    const w = Math.round(this.width / 10), h = Math.round(this.height / 7);
    this.path = new SyntheticSequence({ width: this.width, height: this.height, frames: this.frames, targetWidth: w, targetHeight: h });
    // the background alone: a one-pixel grey target is invisible on it
    this.background = new SyntheticSequence({ width: this.width, height: this.height, frames: 1, targetWidth: 1, targetHeight: 1, color: [105, 105, 105] });
    this.buffer = new Uint8ClampedArray(this.width * this.height * 4);
  }

  /** Box of object `k` in frame `i`. */
  truth(k: number, i: number): Rect {
    const f = ((i % this.frames) + this.frames) % this.frames;
    const p = f < this.rest ? 0 : (f - this.rest) / (this.frames - this.rest);
    const t = (this.sweep * this.frames * (1 - Math.cos(2 * Math.PI * p))) / 2;
    return this.path.truth(t + (k * this.frames) / 8);
  }

  /** Points (box centres) of object k's whole path, for nearest-point distances. */
  pathCentres(k: number, n = 2000): [number, number][] {
    const out: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      const b = this.path.truth((j / n) * this.sweep * this.frames + (k * this.frames) / 8);
      out.push([b.x + b.width / 2, b.y + b.height / 2]);
    }
    return out;
  }

  frame(i: number): { data: Uint8ClampedArray; width: number; height: number; channels: 4 } {
    const buf = this.buffer, W = this.width, H = this.height;
    buf.set(this.background.frame(0).data);
    for (let k = 0; k < this.count; k++) {
      const b = this.truth(k, i);
      const cx = b.x + b.width / 2, cy = b.y + b.height / 2, a = b.width / 2, bb = b.height / 2;
      const [r0, g0, b0] = OBJECT_COLORS[k];
      for (let y = Math.max(0, Math.floor(b.y)); y < Math.min(H, Math.ceil(b.y + b.height)); y++) {
        for (let x = Math.max(0, Math.floor(b.x)); x < Math.min(W, Math.ceil(b.x + b.width)); x++) {
          const u = (x + 0.5 - cx) / a, v = (y + 0.5 - cy) / bb;
          const d = u * u + v * v;
          if (d <= 1) {
            const shade = 1 - 0.25 * d, j = (y * W + x) * 4;
            buf[j] = r0 * shade;
            buf[j + 1] = g0 * shade;
            buf[j + 2] = b0 * shade;
          }
        }
      }
    }
    return { data: buf, width: W, height: H, channels: 4 };
  }
}

/** Writes a `MultiObjectSequence` to `path` as y4m (unless the file exists) and returns it. */
export function writeMultiObjectY4m(path: string, options: { width: number; height: number; frames: number; rest: number; count: number; sweep?: number; fps?: number }): MultiObjectSequence {
  const seq = new MultiObjectSequence(options);
  if (!existsSync(path)) writeY4m(path, seq, options.fps ?? 30);
  return seq;
}
