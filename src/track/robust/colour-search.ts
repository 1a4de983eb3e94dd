import { channelsOf, type ImageLike } from '../../image/types.js';
import type { Span, TargetBox } from './boxes.js';
import { colourBin } from './colour-bins.js';

/**
 * Coarse search of a frame region for the places whose colour looks most like the target:
 * the colour model's likelihood sampled on a grid (at most `maxSamples` points), averaged over
 * a target-sized box through an integral image, and the best few non-overlapping boxes. It is
 * how a lost target (small and fast ones too) is looked for beyond the tracking window.
 * Buffers grow to the largest grid seen and are reused.
 */
export interface Candidate {
  cx: number;
  cy: number;
  score: number;
}

export class ColourSearch {
  readonly candidates: Candidate[];
  private grid = new Float64Array(0);
  private integral = new Float64Array(0);

  constructor(count: number) {
    this.candidates = Array.from({ length: count }, () => ({ cx: 0, cy: 0, score: -1 }));
  }

  /**
   * Searches `region` of a frame (frame pixels) for boxes of the `target`'s size by the
   * likelihood of their pixels' colour bins (gray levels when `gray`), sampling at most
   * `maxSamples` pixels. Fills `candidates` (best first; score -1 when fewer were found);
   * returns how many were found.
   */
  search(frame: ImageLike, likelihood: Float64Array, gray: boolean, region: Span, target: TargetBox, maxSamples: number): number {
    const { x0, y0, x1, y1 } = region, { w, h } = target, data = frame.data, width = frame.width, channels = channelsOf(frame);
    const area = (x1 - x0) * (y1 - y0);
    const step = Math.max(1, Math.ceil(Math.sqrt(area / maxSamples)));
    const gw = Math.floor((x1 - x0) / step), gh = Math.floor((y1 - y0) / step);
    for (const c of this.candidates) c.score = -1;
    if (gw < 1 || gh < 1) return 0;
    if (this.grid.length < gw * gh) this.grid = new Float64Array(gw * gh);
    if (this.integral.length < (gw + 1) * (gh + 1)) this.integral = new Float64Array((gw + 1) * (gh + 1));
    const g = this.grid, I = this.integral, c = channels, one = c === 1, g1 = one ? 0 : 1, g2 = one ? 0 : 2, W = gw + 1;
    const grayBins = gray || one;
    for (let v = 0; v < gh; v++) {
      const row = (y0 + v * step) * width;
      for (let u = 0; u < gw; u++) {
        g[v * gw + u] = likelihood[colourBin(data, (row + x0 + u * step) * c, g1, g2, grayBins)];
      }
    }
    for (let u = 0; u <= gw; u++) I[u] = 0;
    for (let v = 0; v < gh; v++) {
      let s = 0;
      I[(v + 1) * W] = 0;
      for (let u = 0; u < gw; u++) {
        s += g[v * gw + u];
        I[(v + 1) * W + u + 1] = I[v * W + u + 1] + s;
      }
    }
    const bw = Math.max(1, Math.min(gw, Math.round(w / step))), bh = Math.max(1, Math.min(gh, Math.round(h / step)));
    const inv = 1 / (bw * bh);
    let found = 0;
    const cands = this.candidates;
    for (let k = 0; k < cands.length; k++) {
      let best = -1, bu = 0, bv = 0;
      for (let v = 0; v + bh <= gh; v++) {
        for (let u = 0; u + bw <= gw; u++) {
          const s = (I[(v + bh) * W + u + bw] - I[v * W + u + bw] - I[(v + bh) * W + u] + I[v * W + u]) * inv;
          if (s <= best) continue;
          // not overlapping an earlier candidate by more than half the box
          let clash = false;
          for (let q = 0; q < found; q++) {
            const ex = (cands[q].cx - x0) / step - bw / 2, ey = (cands[q].cy - y0) / step - bh / 2;
            if (Math.abs(ex - u) < bw / 2 && Math.abs(ey - v) < bh / 2) {
              clash = true;
              break;
            }
          }
          if (clash) continue;
          best = s;
          bu = u;
          bv = v;
        }
      }
      if (best < 0) break;
      cands[k].cx = x0 + (bu + bw / 2) * step;
      cands[k].cy = y0 + (bv + bh / 2) * step;
      cands[k].score = best;
      found++;
    }
    return found;
  }
}
