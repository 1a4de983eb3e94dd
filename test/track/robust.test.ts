import { describe, expect, it } from 'vitest';
import {
  createTracker,
  DEFAULT_ROBUST_TRACKER_OPTIONS,
  RobustTracker,
  type ImageLike,
  type Rect,
  type TrackResult,
} from '../../src/index.js';
import { SyntheticSequence } from '../../src/cli/synthetic-sequence.js';

function iou(a: Rect, b: Rect): number {
  const x0 = Math.max(a.x, b.x), y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width), y1 = Math.min(a.y + a.height, b.y + b.height);
  const i = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return i / (a.width * a.height + b.width * b.height - i);
}

const centre = (r: Rect) => [r.x + r.width / 2, r.y + r.height / 2];
const centreError = (a: Rect, b: Rect) => Math.hypot(centre(a)[0] - centre(b)[0], centre(a)[1] - centre(b)[1]);

/**
 * A small scene composer: a textured gray background, then discs and rectangles painted in
 * order (later ones cover earlier ones). RGB, 3 channels.
 */
class Scene {
  readonly data: Uint8Array;
  private readonly bg: Uint8Array;
  constructor(readonly width: number, readonly height: number, seed = 7) {
    const n = width * height * 3;
    this.data = new Uint8Array(n);
    this.bg = new Uint8Array(n);
    let s = seed;
    const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
    for (let y = 0, j = 0; y < height; y++) {
      for (let x = 0; x < width; x++, j += 3) {
        const v = 110 + 40 * Math.sin(x * 0.07) * Math.cos(y * 0.05) + (rand() - 0.5) * 30;
        this.bg[j] = v + 3;
        this.bg[j + 1] = v;
        this.bg[j + 2] = v - 3;
      }
    }
  }
  clear(): this {
    this.data.set(this.bg);
    return this;
  }
  /** A two-coloured disc-like target: top half `c1`, bottom half `c2`. */
  target(cx: number, cy: number, rx: number, ry: number, c1: number[], c2: number[]): this {
    for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(this.height, Math.ceil(cy + ry)); y++) {
      for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(this.width, Math.ceil(cx + rx)); x++) {
        const u = (x + 0.5 - cx) / rx, v = (y + 0.5 - cy) / ry;
        if (u * u + v * v > 1) continue;
        const c = y + 0.5 < cy ? c1 : c2, j = (y * this.width + x) * 3;
        this.data[j] = c[0];
        this.data[j + 1] = c[1];
        this.data[j + 2] = c[2];
      }
    }
    return this;
  }
  rect(x0: number, y0: number, w: number, h: number, c: number[]): this {
    for (let y = Math.max(0, y0); y < Math.min(this.height, y0 + h); y++) {
      for (let x = Math.max(0, x0); x < Math.min(this.width, x0 + w); x++) {
        const j = (y * this.width + x) * 3;
        this.data[j] = c[0];
        this.data[j + 1] = c[1];
        this.data[j + 2] = c[2];
      }
    }
    return this;
  }
  frame(): ImageLike {
    return { data: this.data, width: this.width, height: this.height, channels: 3 };
  }
}

const RED = [200, 40, 40], YELLOW = [220, 200, 40];

describe('robust tracker on synthetic scenes', () => {
  it('is the default method of createTracker', () => {
    const t = createTracker();
    expect(t.method).toBe('robust');
    expect(t).toBeInstanceOf(RobustTracker);
  });

  it('with a scale step of 1 keeps the first size on every frame and still follows the target', () => {
    const seq = new SyntheticSequence({ width: 320, height: 240, frames: 80 });
    const tracker = createTracker({ method: 'robust', scaleStep: 1 });
    const t0 = seq.truth(0);
    tracker.init(seq.frame(0), t0);
    const first = { ...tracker.track(seq.frame(1)).box };
    expect(Math.abs(first.width - t0.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(first.height - t0.height)).toBeLessThanOrEqual(1);
    for (let i = 2; i < seq.frames; i++) {
      const r = tracker.track(seq.frame(i));
      expect(r.status).toBe('tracking');
      expect([r.box.width, r.box.height]).toEqual([first.width, first.height]);
      expect(centreError(r.box, seq.truth(i))).toBeLessThan(4);
    }
  });

  it('follows a target that grows and shrinks, box size within 15% on average', () => {
    const seq = new SyntheticSequence({ width: 320, height: 240, frames: 120, scaleChange: 0.4 });
    const tracker = createTracker({ method: 'robust' });
    tracker.init(seq.frame(0), seq.truth(0));
    let sum = 0, fixedSum = 0, worst = 0, minIoU = 1;
    const t0 = seq.truth(0);
    for (let i = 1; i < seq.frames; i++) {
      const r = tracker.track(seq.frame(i));
      const t = seq.truth(i);
      expect(r.status).toBe('tracking');
      const side = Math.sqrt(t.width * t.height);
      const sizeErr = Math.abs(Math.sqrt(r.box.width * r.box.height) / side - 1);
      sum += sizeErr;
      fixedSum += Math.abs(Math.sqrt(t0.width * t0.height) / side - 1);
      worst = Math.max(worst, sizeErr);
      minIoU = Math.min(minIoU, iou(r.box, t));
    }
    const n = seq.frames - 1;
    // the truth's size swings by ±40% over the path: a box that kept its first size is off
    // by more than 25% on average
    expect(fixedSum / n).toBeGreaterThan(0.25);
    expect(sum / n).toBeLessThan(0.15);
    expect(worst).toBeLessThan(0.35);
    expect(minIoU).toBeGreaterThan(0.5);
  });

  it('keeps the box size within 5% on every frame while a target of constant size moves', () => {
    const scene = new Scene(320, 240, 11);
    const pos = (i: number) => [70 + 1.6 * i, 120 + 30 * Math.sin(i * 0.05)];
    const draw = (i: number) => scene.clear().target(pos(i)[0], pos(i)[1], 20, 24, RED, YELLOW).frame();
    const truth = (i: number): Rect => ({ x: pos(i)[0] - 20, y: pos(i)[1] - 24, width: 40, height: 48 });
    const tracker = createTracker();
    tracker.init(draw(0), truth(0));
    let worst = 0;
    for (let i = 1; i < 110; i++) {
      const r = tracker.track(draw(i));
      expect(r.status).toBe('tracking');
      worst = Math.max(worst, Math.abs(Math.sqrt((r.box.width * r.box.height) / (40 * 48)) - 1));
      expect(centreError(r.box, truth(i))).toBeLessThan(5);
    }
    expect(worst).toBeLessThan(0.05);
  });

  it('reports lost under a full occlusion and finds the target again when it reappears', () => {
    const scene = new Scene(320, 240);
    const pos = (i: number) => [60 + 1.5 * i, 120];
    const occluded = (i: number) => i >= 30 && i < 60;
    const draw = (i: number) => {
      scene.clear();
      const [x, y] = pos(i);
      scene.target(x, y, 18, 22, RED, YELLOW);
      if (occluded(i)) scene.rect(70, 60, 200, 120, [60, 120, 200]); // a blue board hides it
      return scene.frame();
    };
    const tracker = createTracker();
    const truth = (i: number): Rect => ({ x: pos(i)[0] - 18, y: pos(i)[1] - 22, width: 36, height: 44 });
    tracker.init(draw(0), truth(0));
    const status: string[] = [];
    let firstFoundAfter = -1;
    for (let i = 1; i < 90; i++) {
      const r = tracker.track(draw(i));
      status.push(r.status);
      if (i < 30) expect(centreError(r.box, truth(i))).toBeLessThan(6);
      if (i >= 60 && firstFoundAfter < 0 && r.status === 'tracking') firstFoundAfter = i;
      if (i >= 60 && r.status === 'tracking') expect(centreError(r.box, truth(i))).toBeLessThan(10);
    }
    expect(status.slice(30, 59)).toContain('lost');
    expect(status.slice(0, 29)).not.toContain('lost');
    expect(firstFoundAfter).toBeGreaterThanOrEqual(60);
    expect(firstFoundAfter).toBeLessThanOrEqual(64);
    expect(status[88]).toBe('tracking');
  });

  it('stays on the target while a same-coloured distractor crosses it', () => {
    const scene = new Scene(320, 240, 3);
    const tpos = (i: number) => [80 + 1.2 * i, 110];
    const dpos = (i: number) => [260 - 1.6 * i, 140];
    const draw = (i: number) => {
      scene.clear();
      const [dx, dy] = dpos(i);
      scene.target(dx, dy, 16, 20, RED, YELLOW);
      const [x, y] = tpos(i);
      scene.target(x, y, 16, 20, RED, YELLOW); // the target passes in front
      return scene.frame();
    };
    const truth = (i: number): Rect => ({ x: tpos(i)[0] - 16, y: tpos(i)[1] - 20, width: 32, height: 40 });
    const tracker = createTracker();
    tracker.init(draw(0), truth(0));
    let worst = 0, last = Infinity;
    for (let i = 1; i < 100; i++) {
      const r = tracker.track(draw(i));
      last = centreError(r.box, truth(i));
      worst = Math.max(worst, last);
      // always nearer the target than the distractor
      expect(last).toBeLessThan(centreError(r.box, { x: dpos(i)[0] - 16, y: dpos(i)[1] - 20, width: 32, height: 40 }));
    }
    // the two centres are 30 px apart when they cross and 140 px apart at the end
    expect(worst).toBeLessThan(16);
    expect(last).toBeLessThan(5);
  });

  it('tracks on grayscale frames (one channel) with a gray-level model', () => {
    const seq = new SyntheticSequence({ width: 240, height: 180, frames: 80, channels: 1, color: [250, 250, 250] });
    const tracker = new RobustTracker();
    tracker.init(seq.frame(0), seq.truth(0));
    expect(tracker.colorSpace).toBe('gray');
    let sum = 0;
    for (let i = 1; i < seq.frames; i++) sum += iou(tracker.track(seq.frame(i)).box, seq.truth(i));
    expect(sum / (seq.frames - 1)).toBeGreaterThan(0.6);
  });
});

describe('robust tracker contract', () => {
  const seq = new SyntheticSequence({ width: 160, height: 120, frames: 200 });

  it('reuses one result object and keeps score in 0..1', () => {
    const t = createTracker();
    t.init(seq.frame(0), seq.truth(0));
    const a: TrackResult = t.track(seq.frame(1), 40);
    expect(a.timestamp).toBe(40);
    const b = t.track(seq.frame(2));
    expect(b).toBe(a);
    expect(b.score).toBeGreaterThan(0.5);
    expect(b.score).toBeLessThanOrEqual(1);
  });

  it('gives the same boxes when every frame arrives in one reused buffer (as a camera loop fills it)', () => {
    const fresh = createTracker(), reused = createTracker();
    const first = seq.frame(0), buffer = new Uint8ClampedArray(first.data.length);
    buffer.set(first.data);
    const frame: ImageLike = { data: buffer, width: first.width, height: first.height };
    fresh.init(first, seq.truth(0));
    reused.init(frame, seq.truth(0));
    for (let k = 1; k < 60; k++) {
      const f = seq.frame(k), copy = { ...f, data: f.data.slice() };
      buffer.set(f.data);
      expect(reused.track(frame).box).toEqual(fresh.track(copy).box);
    }
  });

  it('rejects bad input without touching its state', () => {
    const t = createTracker();
    expect(() => t.track(seq.frame(0))).toThrow(/before tracker.init/);
    expect(() => t.init(seq.frame(0), { x: 500, y: 500, width: 10, height: 10 })).toThrow(RangeError);
    expect(() => t.init(seq.frame(0), { x: 0, y: 0, width: -1, height: 10 })).toThrow(RangeError);
    expect(t.initialized).toBe(false);
    t.init(seq.frame(0), seq.truth(0));
    const before = { ...t.track(seq.frame(1)).box };
    expect(() => t.track({ data: new Uint8Array(10), width: 160, height: 120 })).toThrow(/10 values but 160x120x4 needs 76800/);
    expect(() => t.track({ data: new Uint8Array(80 * 60 * 4), width: 80, height: 60 })).toThrow(/init\(\) again/);
    // state untouched: the next frame continues from the last box
    const after = t.track(seq.frame(2)).box;
    expect(centreError(after, before)).toBeLessThan(10);
    expect(centreError(after, seq.truth(2))).toBeLessThan(5);
    t.reset();
    expect(t.initialized).toBe(false);
  });

  it('checks its options', () => {
    expect(() => createTracker({ searchSamples: 0 })).toThrow(/searchSamples/);
    expect(() => createTracker({ filterRate: 2 })).toThrow(/filterRate/);
    expect(() => createTracker({ scaleStep: 0.9 })).toThrow(/scaleStep/);
    expect(() => createTracker({ colorSpace: 'lab' as never })).toThrow(/colorSpace/);
    expect(() => createTracker({ rotationStep: -5 })).toThrow(/rotationStep must be in 0\.\.45 degrees \(0: no turn searched\), got -5/);
    expect(() => createTracker({ rotationStep: 90 })).toThrow(/rotationStep/);
    expect(() => createTracker({ rotationStep: Number.NaN })).toThrow(/rotationStep/);
    expect(() => createTracker({ rotationPenalty: 1.5 })).toThrow(/rotationPenalty must be in 0\.\.1, got 1\.5/);
    expect(() => createTracker({ rotationStep: 5, rotationPenalty: 0.98 })).not.toThrow();
    expect(() => createTracker({ rotationSearch: 'sometimes' as never })).toThrow(/rotationSearch must be 'unsure' or 'always', got 'sometimes'/);
    expect(() => createTracker({ rotationSearch: 'always' })).not.toThrow();
    expect(DEFAULT_ROBUST_TRACKER_OPTIONS.rotationStep).toBe(0);
    expect(DEFAULT_ROBUST_TRACKER_OPTIONS.rotationSearch).toBe('always');
    expect(() => new RobustTracker({ filterRat: 0.1 } as never)).toThrow(/did you mean "filterRate"/);
    expect(() => new RobustTracker({ rotationSteps: 5 } as never)).toThrow(/did you mean "rotationStep"/);
    expect(DEFAULT_ROBUST_TRACKER_OPTIONS.colorSpace).toBe('auto');
  });
});
