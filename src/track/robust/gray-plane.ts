import { channelsOf, type ImageLike } from '../../image/types.js';
import type { Span } from './boxes.js';
import type { RobustKernel } from './robust-kernel.js';

/**
 * The gray level (0.299 R + 0.587 G + 0.114 B) of a rectangle of one frame, converted once and
 * read by every template sampled from that frame: the three scales of a detection share one
 * centre, so the largest window's rectangle holds the others'. `newFrame()` forgets it (a
 * frame's buffer may be reused for the next one). Grows only when a larger rectangle is asked
 * for than ever before, so a tracker of steady size allocates nothing per frame.
 */
export class GrayPlane {
  /** The rectangle held, [x0, x1) × [y0, y1) in frame pixels; empty after `newFrame()`. */
  x0 = 0;
  y0 = 0;
  x1 = 0;
  y1 = 0;
  /** Gray of pixel (x, y) at `data[(y - y0) · stride + x - x0]`. */
  stride = 0;
  data: Float64Array;
  /**
   * Whether the rectangle held is in the kernel's memory, with every pixel's colour bin beside
   * its gray (`RobustKernel.planeBins`, binned by gray level when `grayBins`): the kernel then
   * samples templates from it.
   */
  inKernel = false;
  grayBins = false;

  /** `kernel`, if given, converts and holds rectangles of up to its `planeCapacity` pixels. */
  constructor(capacity: number, private readonly kernel: RobustKernel | null = null) {
    this.data = kernel ? kernel.planeGray : new Float64Array(capacity);
  }

  newFrame(): void {
    this.x1 = this.x0;
    this.y1 = this.y0;
    this.kernel?.newFrame();
  }

  /**
   * Makes sure `rect` of the frame (frame pixels, inside it) is held: nothing to do if it
   * already is, else converts exactly it. `grayBins`: how the kernel bins colours (see `inKernel`).
   */
  cover(image: ImageLike, rect: Span, grayBins = false): void {
    const { x0, y0, x1, y1 } = rect, frame = image.data, width = image.width, channels = channelsOf(image);
    if (x0 >= this.x0 && y0 >= this.y0 && x1 <= this.x1 && y1 <= this.y1 && this.x1 > this.x0 && this.y1 > this.y0 &&
      (!this.inKernel || grayBins === this.grayBins)) return;
    const w = x1 - x0, h = y1 - y0, k = this.kernel;
    this.inKernel = k !== null && w * h <= k.planeCapacity;
    this.grayBins = grayBins;
    if (this.inKernel) {
      k!.convert(frame, channels, width, x0, y0, w, h, grayBins);
      this.data = k!.planeGray;
    } else {
      if (w * h > this.data.length || this.data === k?.planeGray) this.data = new Float64Array(w * h);
      const c = channels, g1 = c === 1 ? 0 : 1, g2 = c === 1 ? 0 : 2, out = this.data;
      for (let y = 0; y < h; y++) {
        const r = (y0 + y) * width, o = y * w;
        for (let x = 0; x < w; x++) {
          const a = (r + x0 + x) * c;
          out[o + x] = 0.299 * frame[a] + 0.587 * frame[a + g1] + 0.114 * frame[a + g2];
        }
      }
    }
    this.x0 = x0;
    this.y0 = y0;
    this.x1 = x1;
    this.y1 = y1;
    this.stride = w;
  }
}
