// Frame sources of the replay page: image files (decoded in order, a few ahead) and a video
// stepped frame by frame by seeking (never played, so no frame is dropped).
import { compareNatural, isFrameFile } from '../../src/eval/natural-sort.js';

/** Frames one at a time, in order; `next()` resolves null after the last. */
export interface FrameSource {
  readonly name: string;
  /** Frame count, when known before decoding. */
  readonly count: number | undefined;
  next(): Promise<ImageData | null>;
  close(): void;
}

/** The path of a file picked in a folder input (or its name). */
export function pathOf(f: File): string {
  return (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
}

const FRAME_DIRS = ['img', 'color', 'imgs', 'images', 'frames'];

/**
 * Splits the files of a picked sequence folder into frames and ground truth, as the CLI reads
 * a folder: frames from img/ (or color/, ...) when there is one, else the folder's own images;
 * ground truth groundtruth_rect.txt (OTB), else groundtruth.txt (VOT).
 */
export function splitFolder(files: readonly File[]): { name: string; frames: File[]; truth: File | null } {
  const paths = files.map(pathOf);
  const name = paths[0]?.split('/')[0] ?? 'sequence';
  const depth = (p: string) => p.split('/').length;
  let frames: File[] = [];
  for (const d of FRAME_DIRS) {
    frames = files.filter((f) => {
      const parts = pathOf(f).split('/');
      return parts.length === 3 && parts[1] === d && isFrameFile(parts[2]);
    });
    if (frames.length > 0) break;
  }
  if (frames.length === 0) frames = files.filter((f) => depth(pathOf(f)) <= 2 && isFrameFile(f.name));
  if (frames.length === 0) frames = files.filter((f) => isFrameFile(f.name));
  frames.sort((a, b) => compareNatural(pathOf(a), pathOf(b)));
  const top = files.filter((f) => depth(pathOf(f)) <= 2);
  const truth = top.find((f) => f.name === 'groundtruth_rect.txt') ?? top.find((f) => f.name === 'groundtruth.txt') ?? null;
  return { name, frames, truth };
}

function context(w: number, h: number): OffscreenCanvasRenderingContext2D {
  const c = new OffscreenCanvas(w, h);
  const ctx = c.getContext('2d', { willReadFrequently: true, alpha: false });
  if (!ctx) throw new Error('no 2D canvas context in this browser');
  return ctx;
}

/** Decodes image files in order, `prefetch` ahead; pixels exactly as stored (no colour conversion). */
export function imageSource(name: string, files: readonly File[], prefetch = 3): FrameSource {
  const sorted = [...files].sort((a, b) => compareNatural(pathOf(a), pathOf(b)));
  let ctx: OffscreenCanvasRenderingContext2D | null = null;
  const decode = async (f: File): Promise<ImageBitmap> => {
    try {
      return await createImageBitmap(f, { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' });
    } catch {
      throw new Error(`cannot decode frame ${pathOf(f)}; check that it is a valid JPEG/PNG/WebP image`);
    }
  };
  const pending: Promise<ImageBitmap>[] = [];
  let i = 0;
  const fill = () => {
    while (pending.length < prefetch && i < sorted.length) {
      const p = decode(sorted[i++]);
      p.catch(() => {});
      pending.push(p);
    }
  };
  return {
    name,
    count: sorted.length,
    async next() {
      fill();
      const p = pending.shift();
      if (!p) return null;
      const bmp = await p;
      fill();
      if (!ctx || ctx.canvas.width !== bmp.width || ctx.canvas.height !== bmp.height) ctx = context(bmp.width, bmp.height);
      ctx.drawImage(bmp, 0, 0);
      bmp.close();
      return ctx.getImageData(0, 0, ctx.canvas.width, ctx.canvas.height, { colorSpace: 'srgb' });
    },
    close() {
      pending.length = 0;
    },
  };
}

function once(target: EventTarget, type: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`video: no '${type}' event after ${ms / 1000} s`)), ms);
    target.addEventListener(type, () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/**
 * After 'seeked' the frame at the new position is decoded (Chromium draws it from then on);
 * requestVideoFrameCallback, when it fires, confirms it was presented. It does not always
 * fire for a paused video in headless Chromium, so wait for it at most 30 ms.
 */
function presented(v: HTMLVideoElement): Promise<number> {
  return new Promise((resolve) => {
    if (typeof v.requestVideoFrameCallback === 'function') {
      let done = false;
      const t = setTimeout(() => ((done = true), resolve(v.currentTime)), 30);
      v.requestVideoFrameCallback((_, meta) => {
        if (done) return;
        clearTimeout(t);
        resolve(meta.mediaTime);
      });
    } else requestAnimationFrame(() => resolve((v as HTMLVideoElement).currentTime));
  });
}

/** Measures a video's frame duration from the media times of consecutive presented frames. */
async function frameDuration(v: HTMLVideoElement): Promise<number> {
  const times: number[] = [];
  if (typeof v.requestVideoFrameCallback !== 'function') return 1 / 30;
  await new Promise<void>((resolve) => {
    const onFrame = (_: number, meta: VideoFrameCallbackMetadata) => {
      times.push(meta.mediaTime);
      if (times.length >= 8 || v.ended) resolve();
      else v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
    v.playbackRate = 0.25; // slowly, so that consecutive frames are presented
    void v.play().catch(() => resolve());
    setTimeout(resolve, 4000);
  });
  v.pause();
  let dt = Infinity;
  for (let k = 1; k < times.length; k++) {
    const d = times[k] - times[k - 1];
    if (d > 1e-4 && d < dt) dt = d;
  }
  return Number.isFinite(dt) ? dt : 1 / 30;
}

/**
 * Steps a video frame by frame: seek to the middle of frame k, wait until it is presented,
 * read it, then seek to k + 1 (evaluation mode: nothing dropped). The frame duration is
 * measured from the presented frames' media times (or given as `fps`).
 */
export async function videoSource(file: File, fps?: number): Promise<FrameSource> {
  const v = document.createElement('video');
  // in the document (1 px, nearly transparent) so that its frames are composited and
  // requestVideoFrameCallback fires after each seek
  v.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0.01;pointer-events:none';
  document.body.append(v);
  v.muted = true;
  v.playsInline = true;
  v.preload = 'auto';
  const url = URL.createObjectURL(file);
  v.src = url;
  await once(v, 'loadeddata');
  const dt = fps ? 1 / fps : await frameDuration(v);
  const duration = v.duration;
  const count = Math.max(1, Math.round(duration / dt));
  const ctx = context(v.videoWidth, v.videoHeight);
  let k = 0;
  return {
    name: file.name.replace(/\.[^.]+$/, ''),
    count,
    async next() {
      if (k >= count) return null;
      const t = Math.min((k + 0.5) * dt, Math.max(0, duration - dt / 4));
      const seeked = once(v, 'seeked');
      v.currentTime = t;
      await seeked;
      await presented(v);
      ctx.drawImage(v, 0, 0);
      k++;
      return ctx.getImageData(0, 0, v.videoWidth, v.videoHeight);
    },
    close() {
      v.removeAttribute('src');
      v.load();
      v.remove();
      URL.revokeObjectURL(url);
    },
  };
}
