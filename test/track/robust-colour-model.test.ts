// The robust tracker's colour model: foreground against surroundings, and a distractor's
// pixels counted in the background again (distractor-aware, after Possegger et al. 2015).
import { describe, expect, it } from 'vitest';
import { ColourModel } from '../../src/track/robust/colour-model.js';

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
  m.learn(template(), SIZE, 8, 8, 24, 24, 1, withDistractor ? dist : null, 1);
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
    m.learn(template(), SIZE, 8, 8, 24, 24, 1, { x0: 0, y0: 0, x1: 8, y1: 8 }, 1);
    const first = m.likelihood[TARGET];
    // the same template with the look-alike gone (background there), learnt at rate 0.5
    const gone = template();
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) gone[y * SIZE + x] = BACKGROUND;
    for (let i = 0; i < 5; i++) m.learn(gone, SIZE, 8, 8, 24, 24, 0.5);
    expect(m.likelihood[TARGET]).toBeGreaterThan(first + 0.3);
    expect(m.likelihood[TARGET]).toBeGreaterThan(0.9);
  });

  describe('with a stride of 2', () => {
    /** A model of stride `st` learnt on `bins`, its likelihood and its response (box of 4 × 4 cells, shifts ±2). */
    const run = (bins: Uint16Array, st: number) => {
      const m = new ColourModel(SIZE / 4, 4, BINS, st);
      m.learn(bins, SIZE, 8, 8, 24, 24, 1);
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
});
