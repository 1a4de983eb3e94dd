// The robust tracker's colour model: foreground against surroundings, and a distractor's
// pixels counted in the background again (distractor-aware, after Possegger et al. 2015).
import { describe, expect, it } from 'vitest';
import { ColourModel } from '../../src/track/robust/colour-model.js';
import { FusedDetector } from '../../src/track/robust/fused-detector.js';
import { rng } from '../helpers/random.js';

const SIZE = 32, BINS = 8;
const TARGET = 1, ONLY_TARGET = 3, BACKGROUND = 2;

/** A 32×32 template of colour bins: the target [8, 24)² half TARGET, half ONLY_TARGET; a look-alike of colour TARGET at [0, 8)²; BACKGROUND elsewhere. */
function template(): Uint16Array {
  const bins = new Uint16Array(SIZE * SIZE).fill(BACKGROUND);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      if (x >= 8 && x < 24 && y >= 8 && y < 24) bins[y * SIZE + x] = x < 16 ? TARGET : ONLY_TARGET;
      else if (x < 8 && y < 8) bins[y * SIZE + x] = TARGET;
    }
  }
  return bins;
}

function learnt(withDistractor: boolean): Float64Array {
  const m = new ColourModel(SIZE / 4, 4, BINS);
  const dist = { x0: 0, y0: 0, x1: 8, y1: 8 };
  m.learn(template(), SIZE, { x0: 8, y0: 8, x1: 24, y1: 24 }, 1, withDistractor ? dist : null, 1);
  return Float64Array.from(m.likelihood);
}

describe('robust colour model', () => {
  it('lowers the likelihood of the colours a distractor shares with the target, and only those', () => {
    const plain = learnt(false), aware = learnt(true);
    // the shared colour is likely target without the distractor term, much less with it
    expect(plain[TARGET]).toBeGreaterThan(0.8);
    expect(aware[TARGET]).toBeLessThan(plain[TARGET] - 0.3);
    // the target's own colour and the background are as before
    expect(aware[ONLY_TARGET]).toBe(plain[ONLY_TARGET]);
    expect(plain[ONLY_TARGET]).toBe(1);
    expect(aware[BACKGROUND]).toBe(plain[BACKGROUND]);
    expect(plain[BACKGROUND]).toBe(0);
  });

  it('forgets a distractor as it learns frames without one', () => {
    const m = new ColourModel(SIZE / 4, 4, BINS);
    m.learn(template(), SIZE, { x0: 8, y0: 8, x1: 24, y1: 24 }, 1, { x0: 0, y0: 0, x1: 8, y1: 8 }, 1);
    const first = m.likelihood[TARGET];
    // the same template with the look-alike gone (background there), learnt at rate 0.5
    const gone = template();
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) gone[y * SIZE + x] = BACKGROUND;
    for (let i = 0; i < 5; i++) m.learn(gone, SIZE, { x0: 8, y0: 8, x1: 24, y1: 24 }, 0.5);
    expect(m.likelihood[TARGET]).toBeGreaterThan(first + 0.3);
    expect(m.likelihood[TARGET]).toBeGreaterThan(0.9);
  });

  it('lookAlike: finds the strongest same-coloured match a target size away, and nothing when there is none', () => {
    // 64 × 64 template, cells of 4: the target [24, 40)² in TARGET, a look-alike of it at x [4, 20), background elsewhere
    const S = 64, G = 16;
    const scene = (withTwin: boolean) => {
      const bins = new Uint16Array(S * S).fill(BACKGROUND);
      for (let y = 24; y < 40; y++) {
        for (let x = 24; x < 40; x++) bins[y * S + x] = TARGET;
        if (withTwin) for (let x = 4; x < 20; x++) bins[y * S + x] = TARGET;
      }
      return bins;
    };
    const m = new ColourModel(G, 4, BINS);
    m.learn(scene(false), S, { x0: 24, y0: 24, x1: 40, y1: 40 }, 1);
    m.respond(scene(true), S, 4, 4, 6, 6);
    // the twin's centre is at x = 12, 5 cells left of the target's 32; every shift of it by a cell scores less
    expect(m.lookAlike(6, 6, 0, 0, 4, 4, 0.7)).toEqual({ dx: -5, dy: 0 });
    // it matches the target fully: a ratio above 1 rejects it
    expect(m.lookAlike(6, 6, 0, 0, 4, 4, 1.01)).toBeNull();
    // a detection on the twin: the target is its look-alike
    expect(m.lookAlike(6, 6, -5, 0, 4, 4, 0.7)).toEqual({ dx: 0, dy: 0 });
    m.respond(scene(false), S, 4, 4, 6, 6);
    expect(m.lookAlike(6, 6, 0, 0, 4, 4, 0.7)).toBeNull();
  });

  describe('with a stride of 2', () => {
    /** A model of stride `st` learnt on `bins`, its likelihood and its response (box of 4 × 4 cells, shifts ±2). */
    const run = (bins: Uint16Array, st: number) => {
      const m = new ColourModel(SIZE / 4, 4, BINS, st);
      m.learn(bins, SIZE, { x0: 8, y0: 8, x1: 24, y1: 24 }, 1);
      return { likelihood: Float64Array.from(m.likelihood), response: Float64Array.from(m.respond(bins, SIZE, 4, 4, 2, 2)) };
    };
    // a colour that only pixels the stride skips (odd columns or rows) have
    const SKIPPED = 5;
    const withSkipped = () => {
      const b = template();
      for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) if ((x & 1) || (y & 1)) if ((x * 7 + y * 3) % 5 === 0) b[y * SIZE + x] = SKIPPED;
      return b;
    };

    it('reads only every second pixel of every second row', () => {
      const plain = run(template(), 2), skipped = run(withSkipped(), 2);
      expect(Array.from(skipped.likelihood)).toEqual(Array.from(plain.likelihood));
      expect(Array.from(skipped.response)).toEqual(Array.from(plain.response));
      // at stride 1 the same pixels do change both
      const full = run(template(), 1), fullSkipped = run(withSkipped(), 1);
      expect(fullSkipped.likelihood[SKIPPED]).toBeGreaterThan(0);
      expect(Array.from(fullSkipped.response)).not.toEqual(Array.from(full.response));
    });

    it('keeps the likelihood and the response of a template made of 2 × 2 blocks', () => {
      // the template is uniform over 2×2 blocks, so the pixels read stand for the rest
      const half = run(template(), 2), full = run(template(), 1);
      expect(half.likelihood[ONLY_TARGET]).toBe(1);
      expect(half.likelihood[BACKGROUND]).toBe(0);
      expect(Math.abs(half.likelihood[TARGET] - full.likelihood[TARGET])).toBeLessThan(0.02);
      for (let i = 0; i < full.response.length; i++) expect(Math.abs(half.response[i] - full.response[i])).toBeLessThan(0.02);
      expect(Math.max(...half.response)).toBeGreaterThan(0.5);
    });

    it('must divide the cell size', () => {
      expect(() => new ColourModel(8, 4, BINS, 3)).toThrow(/stride/);
      expect(() => new ColourModel(8, 4, BINS, 0)).toThrow(/stride/);
    });
  });

  describe("the detector's colour response over the box's core", () => {
    // a red disc inscribed in its 40 × 40 box on colourless noise; then the same disc with a
    // red strip of the given width just right of the box
    const W = 240, H = 180, cx = 120, cy = 90, side = 40;
    /** A frame of RGB pixels of the scene's size. */
    const rgb = (data: Uint8Array | Uint8ClampedArray) => ({ data, width: W, height: H, channels: 3 as const });
    const r = rng(5);
    const noise = Float32Array.from({ length: W * H }, () => 90 + 80 * r());
    function scene(strip: number): Uint8Array {
      const d = new Uint8Array(W * H * 3);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const u = (x + 0.5 - cx) / (side / 2), v = (y + 0.5 - cy) / (side / 2);
          const inStrip = x >= cx + side / 2 && x < cx + side / 2 + strip && Math.abs(y + 0.5 - cy) < side / 2;
          const g = Math.round(noise[y * W + x]);
          d.set(u * u + v * v <= 1 || inStrip ? [220, 30, 40] : [g, g, g], (y * W + x) * 3);
        }
      }
      return d;
    }

    it('peaks on the target, not toward a same-coloured region beside its box', () => {
      const G = 32;
      for (const strip of [10, 16]) {
        const det = new FusedDetector({ gray: false, scaleStep: 1.03, scalePenalty: 0.99, augmentAngles: [] });
        det.init(rgb(scene(0)), { cx, cy, w: side, h: side }, 0.3);
        det.newFrame();
        det.detect(rgb(scene(strip)), { cx, cy, w: side, h: side }, 1);
        const resp = det.colour.response;
        let bx = 0, by = 0, best = -1;
        for (let dy = -6; dy <= 6; dy++) {
          for (let dx = -6; dx <= 6; dx++) {
            const v = resp[((dy + G) % G) * G + ((dx + G) % G)];
            if (v > best) {
              best = v;
              bx = dx;
              by = dy;
            }
          }
        }
        // within a cell of the disc's centre (the whole box's average peaked 2 and 4 cells toward the strip)
        expect(Math.abs(bx), `strip ${strip}`).toBeLessThanOrEqual(1);
        expect(Math.abs(by), `strip ${strip}`).toBeLessThanOrEqual(1);
        // the core is all disc: its likelihood is near 1
        expect(best).toBeGreaterThan(0.95);
      }
    });
  });
});
