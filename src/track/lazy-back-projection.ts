import type { BackProjector, HueKernelParams } from '../image/back-project.js';
import { WasmFrameKernel, wasmBackProjectionAvailable } from '../image/back-project-wasm.js';
import { regionMoments } from '../image/moments.js';
import type { MomentSource } from './moment-source.js';

/** Options of `LazyBackProjection`. */
export interface LazyBackProjectionOptions {
  /**
   * Default true: large regions of hue histograms on colour frames go to the WebAssembly SIMD
   * kernel where the runtime has it; false: the JS loops only. Both give the same bytes and
   * moments.
   */
  wasm?: boolean;
}

/**
 * A region at least this fraction of the frame is projected by the WebAssembly kernel (after
 * copying the frame into its memory, once a frame); smaller ones by the JS loop, whose cost is
 * proportional to the region alone.
 */
const STAGE_FRACTION = 1 / 16;
/** Margin of the regions the kernel projects around a window. */
const KERNEL_MARGIN = 16;
/** Windows of at least this many pixels get their moments from the kernel. */
const KERNEL_MOMENTS_MIN = 1024;

/**
 * A frame's back projection computed only where mean shift looks: each region a window
 * visits is projected once (grown by a margin, so small moves need no new work) into a
 * frame-sized buffer the tracker owns. This is what keeps `track()` proportional to the
 * target's size, not the frame's. Large regions (CamShift's window grows to most of the frame
 * on real video) go to the WebAssembly SIMD kernel, which also sums the moments; the last
 * moments asked for are kept for the frame, so asking twice for the same window costs nothing.
 * Allocates nothing per frame.
 */
export class LazyBackProjection implements MomentSource {
  readonly width: number;
  readonly height: number;
  private readonly projector: BackProjector;
  /** What the kernel needs, while it is wanted and not there yet (it may still be compiling). */
  private params: HueKernelParams | null;
  private kernel: WasmFrameKernel | null = null;
  private map: Uint8Array | null = null;
  private data: Uint8Array | Uint8ClampedArray = new Uint8Array(0);
  private channels = 4;
  /** Whether the current frame is in the kernel's memory. */
  private staged = false;
  // computed region [x0, x1) × [y0, y1) of the current frame; empty when x0 >= x1
  private x0 = 0;
  private y0 = 0;
  private x1 = 0;
  private y1 = 0;
  // the last moments of this frame: window, order (0: none) and values
  private readonly last = new Float64Array(6);
  private lastOrder = 0;
  private lx = 0;
  private ly = 0;
  private lw = 0;
  private lh = 0;
  // first-order moments of the last window (ax, ay, aw, ah; aw 0: none) in frame coordinates
  private readonly abs = new Float64Array(3);
  private ax = 0;
  private ay = 0;
  private aw = 0;
  private ah = 0;
  private readonly delta = new Float64Array(3);
  private readonly tmp = new Float64Array(6);
  /** Pixels projected since `beginFrame` (for benchmarks and tests). */
  projected = 0;
  /** Pixels of those projected by the WebAssembly kernel. */
  projectedByKernel = 0;

  constructor(projector: BackProjector, width: number, height: number, options: LazyBackProjectionOptions = {}) {
    this.projector = projector;
    this.width = width;
    this.height = height;
    this.params = options.wasm === false || width === 0 || height === 0 ? null : projector.hueKernelParams();
    this.tryKernel();
    if (!this.map) this.map = new Uint8Array(width * height);
  }

  /** The frame-sized probability map; valid inside the projected region for the current frame. */
  get prob(): Uint8Array {
    return this.map!;
  }

  /** Creates the kernel once its module is ready (the map then moves into its memory). */
  private tryKernel(): void {
    const params = this.params;
    if (!params || !wasmBackProjectionAvailable()) return;
    this.params = null;
    try {
      this.kernel = new WasmFrameKernel(this.width, this.height, params);
      this.map = this.kernel.prob;
    } catch {
      this.kernel = null; // no memory for it: the JS loops do the same work
    }
  }

  /** Whether large regions go to the WebAssembly SIMD kernel. */
  get usesKernel(): boolean {
    return this.kernel !== null;
  }

  /** Starts a new frame: nothing of it is projected yet. The frame must be checked by the caller. */
  beginFrame(data: Uint8Array | Uint8ClampedArray, channels: number): void {
    if (this.params) this.tryKernel();
    this.data = data;
    this.channels = channels;
    this.staged = false;
    this.x0 = this.y0 = this.x1 = this.y1 = 0;
    this.projected = 0;
    this.projectedByKernel = 0;
    this.lastOrder = 0;
    this.aw = 0;
  }

  /** Makes sure [x0, x1) × [y0, y1) is projected, growing the computed region by a margin. */
  ensure(x0: number, y0: number, x1: number, y1: number): void {
    if (x0 >= this.x0 && y0 >= this.y0 && x1 <= this.x1 && y1 <= this.y1 && this.x1 > this.x0) return;
    // the kernel's bands cost their area alone: a thin margin (CamShift's 10 px and a small
    // move); the JS loop's margin grows with the window, so that moves rarely need a new band
    const kernel = this.kernel !== null && this.channels >= 3 && (this.staged || (x1 - x0) * (y1 - y0) >= this.width * this.height * STAGE_FRACTION);
    const m = kernel ? KERNEL_MARGIN : Math.max(8, (Math.max(x1 - x0, y1 - y0) >> 2));
    let nx0 = Math.max(0, x0 - m), ny0 = Math.max(0, y0 - m);
    let nx1 = Math.min(this.width, x1 + m), ny1 = Math.min(this.height, y1 + m);
    if (this.x1 <= this.x0) {
      this.useKernelFor((nx1 - nx0) * (ny1 - ny0));
      this.band(nx0, ny0, nx1, ny1);
    } else {
      // union with what is already there, then project only the new bands
      nx0 = Math.min(nx0, this.x0);
      ny0 = Math.min(ny0, this.y0);
      nx1 = Math.max(nx1, this.x1);
      ny1 = Math.max(ny1, this.y1);
      const { x0: cx0, y0: cy0, x1: cx1, y1: cy1 } = this;
      this.useKernelFor((nx1 - nx0) * (ny1 - ny0) - (cx1 - cx0) * (cy1 - cy0));
      this.band(nx0, ny0, nx1, cy0);
      this.band(nx0, cy1, nx1, ny1);
      this.band(nx0, cy0, cx0, cy1);
      this.band(cx1, cy0, nx1, cy1);
    }
    this.x0 = nx0;
    this.y0 = ny0;
    this.x1 = nx1;
    this.y1 = ny1;
  }

  /** Stages the frame for the kernel when `area` new pixels are worth it (once a frame). */
  private useKernelFor(area: number): void {
    if (this.staged || !this.kernel || this.channels < 3) return;
    if (area < this.width * this.height * STAGE_FRACTION) return;
    this.kernel.stage(this.data);
    this.staged = true;
  }

  /** Projects [x0, x1) × [y0, y1) (may be empty). */
  private band(x0: number, y0: number, x1: number, y1: number): void {
    if (x1 <= x0 || y1 <= y0) return;
    const area = (x1 - x0) * (y1 - y0);
    this.projected += area;
    if (this.staged) {
      this.kernel!.project(this.channels as 3 | 4, x0, y0, x1, y1);
      this.projectedByKernel += area;
    } else {
      this.projector.projectRows(this.data, this.channels, this.width, this.map!, x0, y0, x1, y1);
    }
  }

  /**
   * Moments of a window (see `MomentSource`; order 1 fills the first three). Asked again for
   * the same window, they are the kept ones; for a window that mostly overlaps the last one
   * (a mean-shift step, CamShift's new window inside its grown one), the last window's
   * first-order moments are updated by the strips between the two (exact integer sums), so
   * the cost is that of the strips, not of the window.
   */
  moments(x: number, y: number, w: number, h: number, order: 1 | 2, out: Float64Array): Float64Array {
    const last = this.last;
    if (this.lastOrder >= order && x === this.lx && y === this.ly && w === this.lw && h === this.lh) {
      for (let i = 0; i < 6; i++) out[i] = last[i];
      return out;
    }
    this.ensure(x, y, x + w, y + h);
    const ax = this.ax, ay = this.ay, ax1 = ax + this.aw, ay1 = ay + this.ah;
    const ix = Math.max(x, ax), iy = Math.max(y, ay), ix1 = Math.min(x + w, ax1), iy1 = Math.min(y + h, ay1);
    const overlap = ix1 > ix && iy1 > iy ? (ix1 - ix) * (iy1 - iy) : 0;
    const changed = w * h + this.aw * this.ah - 2 * overlap;
    if (order === 1 && this.aw > 0 && changed * 2 < w * h) {
      // last window − (last \ overlap) + (this \ overlap), in frame coordinates
      const a = this.abs, d = this.delta;
      d[0] = a[0];
      d[1] = a[1];
      d[2] = a[2];
      this.strips(ax, ay, ax1, ay1, ix, iy, ix1, iy1, -1);
      this.strips(x, y, x + w, y + h, ix, iy, ix1, iy1, 1);
      out[0] = d[0];
      out[1] = d[1] - x * d[0];
      out[2] = d[2] - y * d[0];
      out[3] = out[4] = out[5] = 0;
    } else {
      // a window over the whole frame (CamShift's, grown) is asked again at order 2: sum it now
      const o: 1 | 2 = w === this.width && h === this.height ? 2 : order;
      this.sum(x, y, w, h, o, out);
      order = o;
    }
    this.abs[0] = out[0];
    this.abs[1] = out[1] + x * out[0];
    this.abs[2] = out[2] + y * out[0];
    this.ax = x;
    this.ay = y;
    this.aw = w;
    this.ah = h;
    for (let i = 0; i < 6; i++) last[i] = out[i];
    this.lastOrder = order;
    this.lx = x;
    this.ly = y;
    this.lw = w;
    this.lh = h;
    return out;
  }

  /** Raw moments of a window of the projected map, by the kernel or the JS loop. */
  private sum(x: number, y: number, w: number, h: number, order: 1 | 2, out: Float64Array): void {
    if (this.kernel && w * h >= KERNEL_MOMENTS_MIN) this.kernel.moments(x, y, w, h, order, out);
    else regionMoments(this.map!, this.width, x, y, w, h, order, out);
  }

  /** Adds sign × the first-order moments (frame coordinates) of [x0, x1) × [y0, y1) minus the inner box to `delta`. */
  private strips(x0: number, y0: number, x1: number, y1: number, ix: number, iy: number, ix1: number, iy1: number, sign: number): void {
    this.strip(x0, y0, x1, iy, sign);
    this.strip(x0, iy1, x1, y1, sign);
    this.strip(x0, iy, ix, iy1, sign);
    this.strip(ix1, iy, x1, iy1, sign);
  }

  private strip(x0: number, y0: number, x1: number, y1: number, sign: number): void {
    if (x1 <= x0 || y1 <= y0) return;
    const t = this.tmp, d = this.delta;
    this.sum(x0, y0, x1 - x0, y1 - y0, 1, t);
    d[0] += sign * t[0];
    d[1] += sign * (t[1] + x0 * t[0]);
    d[2] += sign * (t[2] + y0 * t[0]);
  }
}
