import type { BackProjector } from '../image/back-project.js';
import { regionMoments } from '../image/moments.js';
import type { MomentSource } from './moment-source.js';

/**
 * A frame's back projection computed only where mean shift looks: each region a window
 * visits is projected once (grown by a margin, so small moves need no new work) into a
 * frame-sized buffer the tracker owns. This is what keeps `track()` proportional to the
 * target's size, not the frame's. Allocates nothing per frame.
 */
export class LazyBackProjection implements MomentSource {
  readonly width: number;
  readonly height: number;
  /** The frame-sized probability map; valid inside `computedRect()` for the current frame. */
  readonly prob: Uint8Array;
  private readonly projector: BackProjector;
  private data: Uint8Array | Uint8ClampedArray = new Uint8Array(0);
  private channels = 4;
  // computed region [x0, x1) × [y0, y1) of the current frame; empty when x0 >= x1
  private x0 = 0;
  private y0 = 0;
  private x1 = 0;
  private y1 = 0;
  /** Pixels projected since `beginFrame` (for benchmarks and tests). */
  projected = 0;

  constructor(projector: BackProjector, width: number, height: number) {
    this.projector = projector;
    this.width = width;
    this.height = height;
    this.prob = new Uint8Array(width * height);
  }

  /** Starts a new frame: nothing of it is projected yet. The frame must be checked by the caller. */
  beginFrame(data: Uint8Array | Uint8ClampedArray, channels: number): void {
    this.data = data;
    this.channels = channels;
    this.x0 = this.y0 = this.x1 = this.y1 = 0;
    this.projected = 0;
  }

  /** Makes sure [x0, x1) × [y0, y1) is projected, growing the computed region by a margin. */
  ensure(x0: number, y0: number, x1: number, y1: number): void {
    if (x0 >= this.x0 && y0 >= this.y0 && x1 <= this.x1 && y1 <= this.y1 && this.x1 > this.x0) return;
    const m = Math.max(8, (Math.max(x1 - x0, y1 - y0) >> 2));
    let nx0 = Math.max(0, x0 - m), ny0 = Math.max(0, y0 - m);
    let nx1 = Math.min(this.width, x1 + m), ny1 = Math.min(this.height, y1 + m);
    const W = this.width, d = this.data, c = this.channels, p = this.prob, bp = this.projector;
    if (this.x1 <= this.x0) {
      bp.projectRows(d, c, W, p, nx0, ny0, nx1, ny1);
      this.projected += (nx1 - nx0) * (ny1 - ny0);
    } else {
      // union with what is already there, then project only the new bands
      nx0 = Math.min(nx0, this.x0);
      ny0 = Math.min(ny0, this.y0);
      nx1 = Math.max(nx1, this.x1);
      ny1 = Math.max(ny1, this.y1);
      const { x0: cx0, y0: cy0, x1: cx1, y1: cy1 } = this;
      if (cy0 > ny0) bp.projectRows(d, c, W, p, nx0, ny0, nx1, cy0);
      if (ny1 > cy1) bp.projectRows(d, c, W, p, nx0, cy1, nx1, ny1);
      if (cx0 > nx0) bp.projectRows(d, c, W, p, nx0, cy0, cx0, cy1);
      if (nx1 > cx1) bp.projectRows(d, c, W, p, cx1, cy0, nx1, cy1);
      this.projected += (nx1 - nx0) * (ny1 - ny0) - (cx1 - cx0) * (cy1 - cy0);
    }
    this.x0 = nx0;
    this.y0 = ny0;
    this.x1 = nx1;
    this.y1 = ny1;
  }

  moments(x: number, y: number, w: number, h: number, order: 1 | 2, out: Float64Array): Float64Array {
    this.ensure(x, y, x + w, y + h);
    return regionMoments(this.prob, this.width, x, y, w, h, order, out);
  }
}
