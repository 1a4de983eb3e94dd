import type { ImageLike } from '../image/types.js';
import type { Region } from './region.js';

/** How `RegionGrabber` reads pixels: `VideoFrame.copyTo` with a rect, or a small canvas. */
export type GrabMode = 'videoframe' | 'canvas';

/** What pixels are read from: a `VideoFrame`, or anything a canvas can draw (a `<video>`). */
export type FrameSource = VideoFrame | CanvasImageSource;

/**
 * Keeps one frame-sized RGBA buffer (allocated once per frame size) and refreshes only the
 * regions the trackers will look at: `VideoFrame.copyTo(buffer, { rect, format: 'RGBA',
 * layout })` writes a region into place where the browser can convert to RGBA (Chromium),
 * else the region is drawn into a small canvas and its pixels copied row by row. Pixels
 * outside the refreshed regions are stale: read only what you refreshed. Works on the page
 * and in a Worker (OffscreenCanvas).
 */
export class RegionGrabber {
  width = 0;
  height = 0;
  /** The frame as the tracker sees it (RGBA); `data` is reallocated only when the size changes. */
  readonly image: ImageLike & { data: Uint8ClampedArray } = { data: new Uint8ClampedArray(0), width: 0, height: 0, channels: 4 };
  mode: GrabMode;
  private dest = new Uint8ClampedArray(0);
  private canvas: HTMLCanvasElement | OffscreenCanvas | null = null;
  private ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null = null;
  private readonly layout = [{ offset: 0, stride: 0 }];
  private readonly rect = { x: 0, y: 0, width: 0, height: 0 };
  private readonly copyOptions = { rect: this.rect, format: 'RGBA', colorSpace: 'srgb', layout: this.layout };

  constructor(mode?: GrabMode) {
    this.mode = mode ?? (typeof VideoFrame === 'function' ? 'videoframe' : 'canvas');
  }

  /** Sizes the buffer for `width`×`height` frames; true when it changed (the old content is gone). */
  resize(width: number, height: number): boolean {
    if (width === this.width && height === this.height) return false;
    this.width = this.image.width = width;
    this.height = this.image.height = height;
    // one spare row: VideoFrame.copyTo wants offset + stride × rows to fit, past the last row's end
    this.dest = new Uint8ClampedArray((width * height + width) * 4);
    this.image.data = this.dest.subarray(0, width * height * 4);
    return true;
  }

  /**
   * Copies `region` of `source` into the buffer; resolves when the pixels are in place. A
   * `VideoFrame` is copied from directly (and not closed); for a `<video>` the caller opens
   * one (`new VideoFrame(video)`) per frame and passes it for every region. Falls back from
   * `VideoFrame.copyTo` to the canvas once, for good, if the browser cannot copy a region to RGBA.
   */
  async grab(source: FrameSource, region: Region): Promise<void> {
    if (region.width <= 0 || region.height <= 0) return;
    if (this.mode === 'videoframe' && typeof VideoFrame === 'function' && source instanceof VideoFrame) {
      try {
        const r = this.rect, v = source.visibleRect;
        r.x = region.x + (v?.x ?? 0);
        r.y = region.y + (v?.y ?? 0);
        r.width = region.width;
        r.height = region.height;
        this.layout[0].offset = (region.y * this.width + region.x) * 4;
        this.layout[0].stride = this.width * 4;
        await source.copyTo(this.dest, this.copyOptions as unknown as VideoFrameCopyToOptions);
        return;
      } catch (err) {
        // a tainted (cross-origin) video is no reason to try the canvas: it would fail too
        if ((err as { name?: string }).name === 'SecurityError') throw err;
        console.warn('modeseek: VideoFrame.copyTo cannot copy a region to RGBA here; reading pixels through a canvas instead.', err);
        this.mode = 'canvas';
      }
    }
    this.grabCanvas(source, region);
  }

  private grabCanvas(source: FrameSource, region: Region): void {
    const { x, y, width: w, height: h } = region;
    if (!this.canvas || this.canvas.width < w || this.canvas.height < h) {
      const cw = Math.max(w, this.canvas?.width ?? 0), ch = Math.max(h, this.canvas?.height ?? 0);
      this.canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(cw, ch) : Object.assign(document.createElement('canvas'), { width: cw, height: ch });
      this.ctx = this.canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
    }
    const ctx = this.ctx!;
    ctx.drawImage(source as CanvasImageSource, x, y, w, h, 0, 0, w, h);
    const src = ctx.getImageData(0, 0, w, h).data;
    const dst = this.image.data, W = this.width;
    for (let row = 0; row < h; row++) {
      dst.set(src.subarray(row * w * 4, (row + 1) * w * 4), ((y + row) * W + x) * 4);
    }
  }
}
