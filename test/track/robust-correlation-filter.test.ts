// The robust tracker's correlation filter: its spatial support (CSR-DCF's constraint) keeps
// the filter to the target's box, so what lies outside it cannot move the response.
import { describe, expect, it } from 'vitest';
import { CorrelationFilter } from '../../src/track/robust/correlation-filter.js';
import { rng } from '../helpers/random.js';

const G = 32, C = 5;

/** C random feature channels of G², optionally zero inside [x0, x1) × [y0, y1) (cells). */
function features(seed: number, hole?: [number, number, number, number]): Float64Array {
  const r = rng(seed), f = new Float64Array(C * G * G);
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < G; y++) {
      for (let x = 0; x < G; x++) {
        const inHole = hole && x >= hole[0] && x < hole[2] && y >= hole[1] && y < hole[3];
        f[c * G * G + y * G + x] = inHole ? 0 : r() - 0.5;
      }
    }
  }
  return f;
}

function trained(support: ((cf: CorrelationFilter) => void) | null): CorrelationFilter {
  const cf = new CorrelationFilter(G, C, 1);
  cf.setLabel(2);
  support?.(cf);
  cf.transform(features(1));
  cf.train(1);
  cf.transform(features(2));
  cf.train(0.2, 0, 1.5, -2);
  return cf;
}

describe('correlation filter support', () => {
  it('a support of 1 everywhere gives the unconstrained filter', () => {
    const free = trained(null), full = trained((cf) => cf.setSupport(0, 0, G, G));
    const floor1 = trained((cf) => cf.setSupport(10, 10, 20, 20, 1));
    for (const cf of [free, full, floor1]) cf.transform(features(3));
    const a = free.respond(), b = Float64Array.from(full.respond()), c = Float64Array.from(floor1.respond());
    let peak = 0;
    for (let i = 0; i < G * G; i++) {
      peak = Math.max(peak, Math.abs(a[i]));
      expect(Math.abs(b[i] - a[i])).toBeLessThan(1e-9);
      expect(Math.abs(c[i] - a[i])).toBeLessThan(1e-9);
    }
    expect(peak).toBeGreaterThan(1e-3);
  });

  it('a box support ignores everything outside the box at zero shift, and differs from the free filter', () => {
    const box: [number, number, number, number] = [12, 8, 20, 24];
    const cf = trained((f) => f.setSupport(...box));
    const free = trained(null);
    // a sample with nothing inside the box: at zero displacement the filter sees only zeros
    cf.transform(features(4, box));
    expect(Math.abs(cf.respond()[0])).toBeLessThan(1e-9);
    free.transform(features(4, box));
    expect(Math.abs(free.respond()[0])).toBeGreaterThan(1e-4);
    // the same sample with the box filled in: the box alone decides the zero-shift response
    const filled = features(4), boxOnly = new Float64Array(filled.length);
    for (let c = 0; c < C; c++) {
      for (let y = box[1]; y < box[3]; y++) {
        for (let x = box[0]; x < box[2]; x++) boxOnly[c * G * G + y * G + x] = filled[c * G * G + y * G + x];
      }
    }
    cf.transform(filled);
    const whole = cf.respond()[0];
    cf.transform(boxOnly);
    expect(Math.abs(cf.respond()[0] - whole)).toBeLessThan(1e-9);
    expect(Math.abs(whole)).toBeGreaterThan(1e-4);
  });

  it('null removes the support', () => {
    const free = trained(null), undone = trained((cf) => {
      cf.setSupport(4, 4, 8, 8);
      cf.setSupport(null);
    });
    free.transform(features(5));
    undone.transform(features(5));
    const a = Float64Array.from(free.respond()), b = undone.respond();
    for (let i = 0; i < G * G; i++) expect(b[i]).toBe(a[i]);
  });

  it('with supportEvery, the support follows the model every n-th training (always the first)', () => {
    const make = (every: number) => {
      const cf = new CorrelationFilter(G, C, 1);
      cf.setLabel(2);
      cf.setSupport(8, 6, 20, 26, 0.2);
      cf.supportEvery = every;
      return cf;
    };
    const train = (cf: CorrelationFilter, seeds: number[]) => {
      for (const s of seeds) {
        cf.transform(features(s));
        cf.train(0.3);
      }
    };
    const response = (cf: CorrelationFilter) => {
      cf.transform(features(99));
      return Float64Array.from(cf.respond());
    };
    const lazy = make(3), once = make(1), always = make(1);
    train(lazy, [11, 12, 13]);
    train(once, [11]);
    train(always, [11, 12, 13]);
    // after three trainings the lazy filter still holds the first one's constrained model
    const a = response(lazy), b = response(once), c = response(always);
    let moved = 0;
    for (let i = 0; i < G * G; i++) {
      expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-9);
      moved = Math.max(moved, Math.abs(a[i] - c[i]));
    }
    expect(moved).toBeGreaterThan(1e-4);
    // the fourth brings it up to date
    train(lazy, [14]);
    train(always, [14]);
    const d = response(lazy), e = response(always);
    for (let i = 0; i < G * G; i++) expect(Math.abs(d[i] - e[i])).toBeLessThan(1e-9);
  });
});
