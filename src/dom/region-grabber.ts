import type { ImageLike } from '../image/types.js';
import type { Region } from './region.js';
import { isNativeFormat, rgbxToRgba, yuvMatrix, yuvToRgba, type PlaneLayout } from './yuv-to-rgba.js';

/** How `RegionGrabber` reads pixels: `VideoFrame.copyTo` with a rect, or a small canvas. */
export type GrabMode = 'videoframe' | 'canvas';

/**
 * How the last region was read: `'native'` (a `VideoFrame` copied in its own layout and
 * converted in script), `'videoframe'` (copied as RGBA by the browser) or `'canvas'`.
 */
export type GrabPath = 'native' | GrabMode;

/** What pixels are read from: a `VideoFrame`, or anything a canvas can draw (a `<video>`). */
export type FrameSource = VideoFrame | CanvasImageSource;

/**
 * Keeps one frame-sized RGBA buffer (allocated once per frame size) and refreshes only the
 * regions the trackers will look at. In a Worker, a `VideoFrame` in I420, NV12 or a 4-byte RGB
 * layout (what cameras and decoders give) has the region copied in its own layout
 * (`copyTo(scratch, { rect })`) and converted here (`yuvToRgba`): asking Chromium for RGBA
 * there costs the page's main thread time on every frame. Otherwise (and on the page) it uses
 * `VideoFrame.copyTo(buffer, { rect, format: 'RGBA', layout })` where the browser can convert to RGBA,
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
  /** How the last `grab()` read its region. */
  path: GrabPath = 'videoframe';
  private dest = new Uint8ClampedArray(0);
  /** A region in the frame's own layout, before conversion (at most 4 bytes a pixel). */
  private scratch = new Uint8Array(0);
  private canvas: HTMLCanvasElement | OffscreenCanvas | null = null;
  private ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null = null;
  private readonly layout = [{ offset: 0, stride: 0 }];
  private readonly rect = { x: 0, y: 0, width: 0, height: 0 };
  private readonly copyOptions = { rect: this.rect, format: 'RGBA', colorSpace: 'srgb', layout: this.layout };
  private readonly nativeOptions = { rect: this.rect };

  /** Whether I420, NV12 and 4-byte RGB frames are converted in script (see `yuv-to-rgba.ts`). */
  readonly convertInScript: boolean;

  /**
   * `mode`: by default `'videoframe'` where `VideoFrame` exists. `convert`: who turns a
   * `VideoFrame`'s own layout into RGBA; by default the script in a Worker (the browser's
   * conversion there costs the page's main thread a graphics-context round trip a frame) and
   * the browser on the page (cheaper than the script there).
   */
  constructor(mode?: GrabMode, options: { convert?: 'script' | 'browser' } = {}) {
    this.mode = mode ?? (typeof VideoFrame === 'function' ? 'videoframe' : 'canvas');
    this.convertInScript = (options.convert ?? (typeof document === 'undefined' ? 'script' : 'browser')) === 'script';
  }

  /** Sizes the buffer for `width`×`height` frames; true when it changed (the old content is gone). */
  resize(width: number, height: number): boolean {
    if (width === this.width && height === this.height) return false;
    this.width = this.image.width = width;
    this.height = this.image.height = height;
    // one spare row: VideoFrame.copyTo wants offset + stride × rows to fit, past the last row's end
    this.dest = new Uint8ClampedArray((width * height + width) * 4);
    this.image.data = this.dest.subarray(0, width * height * 4);
    this.scratch = new Uint8Array(width * height * 4);
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
      // the region in the frame's coded pixels, for either copy
      const r = this.rect, v = source.visibleRect;
      r.x = region.x + (v?.x ?? 0);
      r.y = region.y + (v?.y ?? 0);
      r.width = region.width;
      r.height = region.height;
      if (this.convertInScript && (await this.grabNative(source, region))) {
        this.path = 'native';
        return;
      }
      try {
        this.layout[0].offset = (region.y * this.width + region.x) * 4;
        this.layout[0].stride = this.width * 4;
        await source.copyTo(this.dest, this.copyOptions as unknown as VideoFrameCopyToOptions);
        this.path = 'videoframe';
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

  /**
   * Copies the region (`rect`, already set) in the frame's own layout and converts it; false
   * (nothing written) when the format is not one `yuv-to-rgba` reads or the browser refuses
   * the rect (a subsampled plane's odd edge), so the caller asks for RGBA instead.
   */
  private async grabNative(frame: VideoFrame, region: Region): Promise<boolean> {
    const format = frame.format;
    if (!isNativeFormat(format)) return false;
    const yuv = format === 'I420' || format === 'I420A' || format === 'NV12';
    const m = yuv ? yuvMatrix(frame.colorSpace?.matrix, frame.colorSpace?.fullRange) : null;
    if (yuv && !m) return false;
    let planes: PlaneLayout[];
    try {
      planes = await frame.copyTo(this.scratch, this.nativeOptions as VideoFrameCopyToOptions);
    } catch (err) {
      if ((err as { name?: string }).name === 'SecurityError') throw err;
      return false;
    }
    const at = (region.y * this.width + region.x) * 4, stride = this.width * 4;
    if (yuv) yuvToRgba(this.scratch, format, planes, region.width, region.height, m!, this.dest, at, stride);
    else rgbxToRgba(this.scratch, format, planes[0], region.width, region.height, this.dest, at, stride);
    return true;
  }

  private grabCanvas(source: FrameSource, region: Region): void {
    const { x, y, width: w, height: h } = region;
    if (!this.canvas || this.canvas.width < w || this.canvas.height < h) {
      const cw = Math.max(w, this.canvas?.width ?? 0), ch = Math.max(h, this.canvas?.height ?? 0);
      this.canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(cw, ch) : Object.assign(document.createElement('canvas'), { width: cw, height: ch });
      this.ctx = this.canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
    }
    const ctx = this.ctx!;
    this.path = 'canvas';
    ctx.drawImage(source as CanvasImageSource, x, y, w, h, 0, 0, w, h);
    const src = ctx.getImageData(0, 0, w, h).data;
    const dst = this.image.data, W = this.width;
    for (let row = 0; row < h; row++) {
      dst.set(src.subarray(row * w * 4, (row + 1) * w * 4), ((y + row) * W + x) * 4);
    }
  }
}
