// The correlation filter's two models: the target's box from a model that is the plain mean
// of its first samples, the context around it from one that learns at the learning rate.
import { describe, expect, it } from 'vitest';
import { CorrelationFilter } from '../../src/track/robust/correlation-filter.js';
import { FusedDetector } from '../../src/track/robust/fused-detector.js';
import { rng } from '../helpers/random.js';

describe('CorrelationFilter box model', () => {
  const G = 32, C = 5, n = G * G, box = [12, 8, 20, 24] as const, floor = 0.3;
  const features = (seed: number) => {
    const r = rng(seed);
    return Float64Array.from({ length: C * n }, () => r() - 0.5);
  };
  /** A filter trained on `seeds` in turn: the main model at `rates`, the box model (if any) at `boxRates`. */
  const trained = (seeds: number[], rates: number[], boxRates: number[] | null, support: (cf: CorrelationFilter) => void) => {
    const cf = new CorrelationFilter(G, C, 1);
    cf.setLabel(2);
    support(cf);
    if (boxRates) cf.useBoxModel();
    seeds.forEach((s, k) => {
      cf.transform(features(s));
      if (boxRates) cf.train(rates[k], 0, 0, 0, boxRates[k]);
      else cf.train(rates[k]);
    });
    cf.transform(features(9));
    return Float64Array.from(cf.respond());
  };
  const boxSupport = (f: number) => (cf: CorrelationFilter) => cf.setSupport(box[0], box[1], box[2], box[3], f);

  it('learning at the main model\'s rate, it gives the single model\'s filter', () => {
    const one = trained([1, 2], [1, 0.3], null, boxSupport(floor)), two = trained([1, 2], [1, 0.3], [1, 0.3], boxSupport(floor));
    let peak = 0;
    for (let i = 0; i < n; i++) {
      peak = Math.max(peak, Math.abs(one[i]));
      expect(Math.abs(two[i] - one[i])).toBeLessThan(1e-9);
    }
    expect(peak).toBeGreaterThan(1e-3);
  });

  it('takes the box from the box model and the rest, at the floor, from the main model', () => {
    // main model: sample 1 only (rate 0 after it); box model: sample 2 only (rate 1)
    const split = trained([1, 2], [1, 0], [1, 1], boxSupport(floor));
    // by linearity: (box of sample 2's filter) + floor · (sample 1's filter) − floor · (box of sample 1's filter)
    const box2 = trained([2], [1], null, boxSupport(0)), free1 = trained([1], [1], null, () => {}), box1 = trained([1], [1], null, boxSupport(0));
    const single = trained([1], [1], null, boxSupport(floor));
    let moved = 0;
    for (let i = 0; i < n; i++) {
      expect(Math.abs(split[i] - (box2[i] + floor * free1[i] - floor * box1[i]))).toBeLessThan(1e-9);
      moved = Math.max(moved, Math.abs(split[i] - single[i]));
    }
    expect(moved).toBeGreaterThan(1e-4);
  });

  it('must be asked for before the first training', () => {
    const cf = new CorrelationFilter(G, C, 1);
    cf.setLabel(2);
    cf.transform(features(1));
    cf.train(1);
    expect(() => cf.useBoxModel()).toThrow(/before/);
  });
});

describe('the tracker\'s filter over its first frames', () => {
  // a gray scene: a textured background and, at its centre, a target drawn in one of several
  // 4 × 6 patterns of gray blocks (one look each); the background may be moved sideways
  const W = 200, H = 180, cx = 100, cy = 90, tw = 36, th = 54;
  /** A frame of RGB pixels of the scene's size. */
  const rgb = (data: Uint8Array | Uint8ClampedArray) => ({ data, width: W, height: H, channels: 3 as const });
  const r = rng(5);
  const background = Float32Array.from({ length: (W + 64) * H }, (_, i) => 110 + 30 * Math.sin((i % (W + 64)) / 6) * Math.cos(Math.floor(i / (W + 64)) / 8) + 20 * r());
  const patterns = Array.from({ length: 4 }, () => Float32Array.from({ length: 4 * 6 }, () => 30 + 190 * r()));
  function scene(look: number, shift = 0): Uint8Array {
    const data = new Uint8Array(W * H * 3), x0 = cx - tw / 2, y0 = cy - th / 2;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const u = x - x0, v = y - y0, inside = u >= 0 && u < tw && v >= 0 && v < th;
        const g = inside ? patterns[look][Math.floor((v / th) * 6) * 4 + Math.floor((u / tw) * 4)] : background[y * (W + 64) + x + shift];
        const q = Math.max(0, Math.min(255, Math.round(g)));
        data.set([q, q, q], (y * W + x) * 3);
      }
    }
    return data;
  }
  const looks = patterns.map((_, k) => scene(k));

  /** A detector on look 0 (no turned copies unless given), then one update on each frame of `learnt` at `rate`. */
  function trained(learnt: Uint8Array[], rate: number, angles: readonly number[] = []): FusedDetector {
    const det = new FusedDetector({ gray: true, scaleStep: 1.03, scalePenalty: 0.99, augmentAngles: angles });
    det.init(rgb(looks[0]), { cx, cy, w: tw, h: th }, 0);
    for (const frame of learnt) {
      det.newFrame();
      det.detect(rgb(frame), { cx, cy, w: tw, h: th }, 1);
      det.learn(rate, 0);
    }
    return det;
  }
  /** The filter's peak on each frame, as a share of its peak on the first. */
  function peaks(det: FusedDetector, frames: Uint8Array[] = looks): number[] {
    const p = frames.map((frame) => {
      det.newFrame();
      return det.detect(rgb(frame), { cx, cy, w: tw, h: th }, 1).peak;
    });
    return p.map((v) => v / p[0]);
  }
  const times = (frame: Uint8Array, k: number) => Array<Uint8Array>(k).fill(frame);

  // (the response reads the filter confined to its support, refreshed on every fourth update,
  // so each test learns a multiple of four samples)
  it('weighs the target\'s first looks alike (the plain mean of its samples)', () => {
    // looks 0, 1 (twice), 2 and 3 learnt: a fifth each, look 1 two fifths
    const p = peaks(trained([looks[1], looks[2], looks[3], looks[1]], 0.01));
    for (const k of [2, 3]) {
      expect(p[k]).toBeGreaterThan(0.75);
      expect(p[k]).toBeLessThan(1 / 0.75);
    }
    expect(p[1]).toBeGreaterThan(1.1 * Math.max(1, p[2], p[3]));
  });

  it('counts the first frame once in the target\'s mean, its turned copies with it', () => {
    // four updates on look 1: it weighs four fifths of the target's model with or without
    // the copies (were the copies samples of their own, four ninths with them)
    const plain = peaks(trained(times(looks[1], 4), 0.01))[1], copies = peaks(trained(times(looks[1], 4), 0.01, [-8, 8, -16, 16]))[1];
    expect(plain).toBeGreaterThan(1.5);
    expect(copies).toBeGreaterThan(0.85 * plain);
  });

  it('learns the context at the learning rate: the background of the last frames does not take over', () => {
    // four updates with the background moved by 32 px: the context still holds the first one
    const moved = scene(0, 32), p = peaks(trained(times(moved, 4), 0.01), [looks[0], moved]);
    expect(p[1]).toBeLessThan(0.97);
    // at a rate of 1 it would be the moved one's
    expect(peaks(trained(times(moved, 4), 1), [looks[0], moved])[1]).toBeGreaterThan(1 / 0.97);
  });

  it('learns the target at the learning rate once the mean would learn more slowly', () => {
    // at 0.05 the mean's rate reaches it after 19 updates: four updates on look 2 after 40 or
    // after 80 on look 1 then weigh the same (1 − 0.95⁴), not 4/45 against 4/85
    const after40 = peaks(trained([...times(looks[1], 40), ...times(looks[2], 4)], 0.05));
    const after80 = peaks(trained([...times(looks[1], 80), ...times(looks[2], 4)], 0.05));
    expect(after40[2] / after40[1]).toBeGreaterThan(0.2);
    expect(Math.abs(after40[2] / after40[1] / (after80[2] / after80[1]) - 1)).toBeLessThan(0.05);
  });

  it('never changes at a rate of 0, and is replaced at a rate of 1', () => {
    const frozen = peaks(trained(times(looks[1], 4), 0)), first = peaks(trained([], 0.01));
    for (let k = 0; k < looks.length; k++) expect(frozen[k]).toBeCloseTo(first[k], 10);
    expect(peaks(trained(times(looks[2], 4), 1))[2]).toBeGreaterThan(1.5);
  });
});
