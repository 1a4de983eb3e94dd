import type { Span } from './boxes.js';

/**
 * The colour half of the density (Staple's per-pixel score): foreground and background
 * histograms of the template's colour bins, each a running average, and the likelihood
 * P(target | colour) = f / (f + b) of every pixel. `respond()` averages it over the target's
 * box at every displacement of the search range (through an integral image of per-cell means),
 * in the correlation filter's wrapped layout so the two responses add cell for cell.
 */
export class ColourModel {
  readonly cells: number;
  readonly cell: number;
  /** Colour response of the last `respond()` (G², wrapped displacements; 0 outside the range). */
  readonly response: Float64Array;
  /** Likelihood by colour bin (0..1), refreshed by `learn()`. */
  readonly likelihood: Float64Array;
  private fg: Float64Array;
  private bg: Float64Array;
  private readonly newFg: Float64Array;
  private readonly newBg: Float64Array;
  private readonly newD: Float64Array;
  private readonly cellProb: Float64Array;
  private readonly integral: Float64Array;
  private learned = false;
  private scale = 1;
  private readonly touched: Uint32Array;
  private readonly shift: CellShift = { dx: 0, dy: 0 };

  /**
   * `stride`: `learn()` and `respond()` read every `stride`-th pixel of every `stride`-th row
   * of the template (from its top left), a 1 / stride² share of it; it must divide `cell`.
   */
  constructor(cells: number, cell: number, binCount: number, readonly stride = 1) {
    if (!(Number.isInteger(stride) && stride >= 1 && cell % stride === 0)) {
      throw new RangeError(`ColourModel: stride must be a whole divisor of the cell size ${cell}, got ${stride}`);
    }
    this.cells = cells;
    this.cell = cell;
    this.fg = new Float64Array(binCount);
    this.bg = new Float64Array(binCount);
    this.newFg = new Float64Array(binCount);
    this.newBg = new Float64Array(binCount);
    this.newD = new Float64Array(binCount);
    this.likelihood = new Float64Array(binCount);
    this.touched = new Uint32Array(binCount);
    this.cellProb = new Float64Array(cells * cells);
    this.integral = new Float64Array((cells + 1) * (cells + 1));
    this.response = new Float64Array(cells * cells);
  }

  /**
   * Learns from a template's bins (`size` a side): foreground inside `box` (template pixels,
   * kernel-weighted), background outside it; blended at `rate` (replaced the first time).
   * `dist` (a distractor's box, template pixels) adds its pixels to the background again,
   * normalised on their own and weighted by `distWeight` (1: as much as all the rest).
   */
  learn(bins: Uint16Array, size: number, box: Span, rate: number, dist: Span | null = null, distWeight = 0): void {
    const { x0, y0, x1, y1 } = box;
    const nf = this.newFg, nb = this.newBg, nd = this.newD, touched = this.touched;
    let cd = 0;
    let count = 0;
    // foreground weighted by an Epanechnikov kernel over the box (its corners are mostly
    // background), background uniform outside the box; `touched` lists the bins seen
    let cf = 0, cb = 0;
    const mx = (x0 + x1) / 2, my = (y0 + y1) / 2, ix = 2 / Math.max(1, x1 - x0), iy = 2 / Math.max(1, y1 - y0);
    const st = this.stride;
    for (let y = 0; y < size; y += st) {
      const inY = y >= y0 && y < y1, o = y * size, v = (y + 0.5 - my) * iy, v2 = v * v;
      for (let x = 0; x < size; x += st) {
        const bin = bins[o + x];
        if (nf[bin] === 0 && nb[bin] === 0) touched[count++] = bin;
        if (inY && x >= x0 && x < x1) {
          const u = (x + 0.5 - mx) * ix, k = 1 - u * u - v2;
          if (k > 0) {
            nf[bin] += k;
            cf += k;
          } else if (nb[bin] === 0) nb[bin] = 1e-300; // keeps the bin listed once
        } else {
          nb[bin]++;
          cb++;
          if (dist && inDist(dist, x, y)) {
            nd[bin]++;
            cd++;
          }
        }
      }
    }
    // Both histograms decay at the same rate, so they are stored as F·s and B·s with one
    // shared scale s: a frame multiplies s by (1 - rate) and adds to the bins it saw only,
    // and the likelihood f / (f + b) = F / (F + B) changes only there.
    const f = this.fg, b = this.bg, L = this.likelihood;
    const r = this.learned ? rate : 1;
    if (!this.learned) {
      f.fill(0);
      b.fill(0);
      L.fill(0);
      this.scale = 1;
    } else {
      this.scale *= 1 - r;
      if (this.scale < 1e-200) {
        // rarely (or at rate 1): fold the scale into the stored values
        for (let i = 0; i < f.length; i++) {
          f[i] *= this.scale;
          b[i] *= this.scale;
        }
        this.scale = 1;
      }
    }
    const s = this.scale;
    const sf = cf > 0 ? r / (cf * s) : 0, sb = cb > 0 ? r / (cb * s) : 0, sd = cd > 0 ? (distWeight * r) / (cd * s) : 0;
    for (let t = 0; t < count; t++) {
      const i = touched[t];
      const fi = f[i] + sf * nf[i], bi = b[i] + sb * nb[i] + sd * nd[i];
      nd[i] = 0;
      f[i] = fi;
      b[i] = bi;
      L[i] = fi + bi > 0 ? fi / (fi + bi) : 0;
      nf[i] = 0;
      nb[i] = 0;
    }
    this.learned = true;
  }

  /** Mean likelihood inside minus outside `box` of a template (`size` a side): how well colour separates the target. */
  contrast(bins: Uint16Array, size: number, box: Span): number {
    const { x0, y0, x1, y1 } = box;
    const L = this.likelihood;
    let si = 0, ni = 0, so = 0, no = 0;
    for (let y = 0; y < size; y++) {
      const inY = y >= y0 && y < y1, o = y * size;
      for (let x = 0; x < size; x++) {
        const p = L[bins[o + x]];
        if (inY && x >= x0 && x < x1) {
          si += p;
          ni++;
        } else {
          so += p;
          no++;
        }
      }
    }
    return (ni > 0 ? si / ni : 0) - (no > 0 ? so / no : 0);
  }

  /**
   * Mean likelihood over a `tw` × `th` cell box centred at each displacement (dx, dy) with
   * |dx| ≤ rx, |dy| ≤ ry from the template's centre.
   */
  respond(bins: Uint16Array, size: number, tw: number, th: number, rx: number, ry: number): Float64Array {
    const G = this.cells, cs = this.cell, L = this.likelihood, cp = this.cellProb;
    cp.fill(0);
    const st = this.stride, inv = (st * st) / (cs * cs);
    for (let y = 0; y < size; y += st) {
      const row = ((y / cs) | 0) * G, o = y * size;
      for (let x = 0; x < size; x += st) cp[row + ((x / cs) | 0)] += L[bins[o + x]];
    }
    const I = this.integral, W = G + 1;
    for (let y = 0; y < G; y++) {
      let s = 0;
      for (let x = 0; x < G; x++) {
        s += cp[y * G + x] * inv;
        I[(y + 1) * W + x + 1] = I[y * W + x + 1] + s;
      }
    }
    const out = this.response;
    out.fill(0);
    const bw = Math.max(1, Math.round(tw)), bh = Math.max(1, Math.round(th));
    const ox = Math.round(G / 2 - bw / 2), oy = Math.round(G / 2 - bh / 2);
    for (let dy = -ry; dy <= ry; dy++) {
      let y0 = oy + dy, y1 = y0 + bh;
      if (y0 < 0) y0 = 0;
      if (y1 > G) y1 = G;
      for (let dx = -rx; dx <= rx; dx++) {
        let x0 = ox + dx, x1 = x0 + bw;
        if (x0 < 0) x0 = 0;
        if (x1 > G) x1 = G;
        const area = (x1 - x0) * (y1 - y0);
        const v = area > 0 ? (I[y1 * W + x1] - I[y0 * W + x1] - I[y1 * W + x0] + I[y0 * W + x0]) / area : 0;
        out[((dy + G) % G) * G + ((dx + G) % G)] = v;
      }
    }
    return out;
  }

  /**
   * The colour look-alike of a target at shift (mx, my) cells, from the last `respond()` (over
   * |dx| ≤ rx, |dy| ≤ ry): the strongest response at least a target's size (tw × th cells)
   * away, if it reaches `ratio` of the strongest within that size of the target; else null.
   * The shift returned is overwritten by the next call.
   */
  lookAlike(rx: number, ry: number, mx: number, my: number, tw: number, th: number, ratio: number): CellShift | null {
    const G = this.cells, r = this.response;
    let ref = -Infinity, best = -Infinity, bdx = 0, bdy = 0;
    for (let dy = -ry; dy <= ry; dy++) {
      const row = ((dy + G) % G) * G;
      for (let dx = -rx; dx <= rx; dx++) {
        const v = r[row + ((dx + G) % G)];
        if (Math.abs(dx - mx) < tw && Math.abs(dy - my) < th) {
          if (v > ref) ref = v;
        } else if (v > best) {
          best = v;
          bdx = dx;
          bdy = dy;
        }
      }
    }
    if (!(ref > 0) || best < ratio * ref) return null;
    this.shift.dx = bdx;
    this.shift.dy = bdy;
    return this.shift;
  }
}

/** A shift of the colour response, in cells. */
export interface CellShift {
  dx: number;
  dy: number;
}

/** Whether template pixel (x, y) lies in box `d`. */
function inDist(d: Span, x: number, y: number): boolean {
  return x >= d.x0 && x < d.x1 && y >= d.y0 && y < d.y1;
}
