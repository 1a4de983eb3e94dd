import { channelsOf, type ImageLike, type Rect } from '../../image/types.js';
import type { Span } from './boxes.js';
import { colourBin } from './colour-bins.js';

/**
 * What the robust tracker shows as `probability`: the colour likelihood P(target | colour)
 * (0..255) of each pixel over the region the last frame looked at, 0 elsewhere, in a
 * frame-sized buffer allocated at `init()` and reused. Rendered only when read, so tracking
 * that never reads it pays nothing.
 */
export class ProbabilityMap {
  readonly map: Uint8Array;
  readonly rect: Rect = { x: 0, y: 0, width: 0, height: 0 };
  private readonly written = { x0: 0, y0: 0, x1: 0, y1: 0 };
  private readonly lut: Uint8Array;

  constructor(readonly width: number, readonly height: number, readonly binCount: number) {
    this.map = new Uint8Array(width * height);
    this.lut = new Uint8Array(binCount);
  }

  /**
   * Writes the likelihood (by colour bin; gray levels when `gray`) of a frame's pixels over
   * `region` (frame pixels, clipped), clearing the last region written.
   */
  render(frame: ImageLike, likelihood: Float64Array, gray: boolean, region: Span): void {
    const W = this.width, map = this.map, wr = this.written, lut = this.lut, data = frame.data;
    let { x0, y0, x1, y1 } = region;
    for (let y = wr.y0; y < wr.y1; y++) map.fill(0, y * W + wr.x0, y * W + wr.x1);
    x0 = Math.max(0, Math.floor(x0));
    y0 = Math.max(0, Math.floor(y0));
    x1 = Math.min(W, Math.ceil(x1));
    y1 = Math.min(this.height, Math.ceil(y1));
    if (x1 < x0) x1 = x0;
    if (y1 < y0) y1 = y0;
    for (let i = 0; i < lut.length; i++) lut[i] = Math.round(255 * likelihood[i]);
    const c = channelsOf(frame), one = c === 1, g1 = one ? 0 : 1, g2 = one ? 0 : 2, grayBins = gray || one;
    for (let y = y0; y < y1; y++) {
      for (let x = x0, i = y * W + x0, j = i * c; x < x1; x++, i++, j += c) {
        map[i] = lut[colourBin(data, j, g1, g2, grayBins)];
      }
    }
    wr.x0 = x0;
    wr.y0 = y0;
    wr.x1 = x1;
    wr.y1 = y1;
    const r = this.rect;
    r.x = x0;
    r.y = y0;
    r.width = x1 - x0;
    r.height = y1 - y0;
  }
}
