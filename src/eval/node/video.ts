/**
 * Node only: video files decoded by ffmpeg (raw rgb24 frames on a pipe), sized by ffprobe.
 * ffmpeg must be on the PATH (or named by $MODESEEK_FFMPEG / $MODESEEK_FFPROBE).
 */
import { spawn } from 'node:child_process';
import type { DecodedFrame } from './decode.js';

/** Extensions taken as video files. */
export const VIDEO_EXTENSIONS: readonly string[] = ['mp4', 'm4v', 'mov', 'webm', 'mkv', 'avi', 'mpg', 'mpeg', 'ogv', 'wmv', 'flv', 'y4m', 'mjpeg', 'mjpg'];

export function isVideoFile(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && VIDEO_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase());
}

const INSTALL =
  'install ffmpeg to read video files (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg; ' +
  'Windows: winget install ffmpeg; or https://ffmpeg.org/download.html) and put it on the PATH, or set ' +
  'MODESEEK_FFMPEG and MODESEEK_FFPROBE to the programs; or extract the frames to img/0001.png, ... (OTB layout)';

function ffmpegPath(): string {
  return process.env.MODESEEK_FFMPEG || 'ffmpeg';
}
function ffprobePath(): string {
  return process.env.MODESEEK_FFPROBE || 'ffprobe';
}

/** Size and (when the container says) frame count of a video's first video stream. */
export interface VideoInfo {
  width: number;
  height: number;
  /** Frame count from the container, or undefined when it does not say. */
  frames: number | undefined;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.stderr.on('data', (d: Buffer) => (err += d));
    p.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new Error(`${cmd} not found: ${INSTALL}`) : e),
    );
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`))));
  });
}

/** Reads a video's size with ffprobe (a ±90° rotation tag swaps width and height, as ffmpeg autorotates). */
export async function probeVideo(file: string): Promise<VideoInfo> {
  let json: string;
  try {
    json = await run(ffprobePath(), [
      '-v', 'error', '-select_streams', 'v:0',
      '-show_entries', 'stream=width,height,nb_frames:stream_side_data=rotation:stream_tags=rotate',
      '-of', 'json', file,
    ]);
  } catch (err) {
    throw new Error(`cannot read video ${file}: ${(err as Error).message}`);
  }
  const s = (JSON.parse(json) as { streams?: Record<string, unknown>[] }).streams?.[0];
  if (!s || !(Number(s.width) > 0)) throw new Error(`cannot read video ${file}: no video stream found; give a video file (mp4, webm, avi, ...)`);
  let w = Number(s.width), h = Number(s.height);
  const side = (s.side_data_list as { rotation?: number }[] | undefined)?.find((d) => d.rotation !== undefined)?.rotation;
  const tag = (s.tags as { rotate?: string } | undefined)?.rotate;
  const rot = Math.abs(Number(side ?? tag ?? 0)) % 180;
  if (rot === 90) [w, h] = [h, w];
  const n = Number(s.nb_frames);
  return { width: w, height: h, frames: Number.isInteger(n) && n > 0 ? n : undefined };
}

/**
 * Yields every frame of a video as RGB, in decoding order, no frame dropped or duplicated
 * (`-fps_mode passthrough`). ffmpeg runs in its own process, so decoding overlaps tracking;
 * the pipe's back pressure bounds the frames in flight.
 */
export async function* decodeVideo(file: string, info: VideoInfo): AsyncGenerator<DecodedFrame> {
  const { width, height } = info;
  const size = width * height * 3;
  // its own process group: a terminal's Ctrl-C reaches only modeseek, which stops it (below)
  // after keeping what was tracked, instead of the video ending early under it
  const p = spawn(
    ffmpegPath(),
    ['-v', 'error', '-nostdin', '-i', file, '-map', '0:v:0', '-an', '-sn', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let stderr = '';
  p.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((resolve, reject) => {
    p.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new Error(`${ffmpegPath()} not found: ${INSTALL}`) : e));
    p.on('close', (code) => resolve(code));
  });
  exited.catch(() => {});
  let frame = new Uint8Array(size);
  let filled = 0;
  let done = false;
  let count = 0;
  // with -v error, anything ffmpeg writes is an error (corrupt packets, missing references): it
  // can exit 0 and drop or garble frames, so any such line fails the video, naming the frame reached
  const decodeError = (): Error =>
    new Error(
      `cannot decode video ${file}: ffmpeg reported errors by frame ${count + 1}: ${stderr.trim().split('\n').slice(0, 3).join(' | ')}; the file is corrupt or truncated (re-encode or re-download it)`,
    );
  try {
    for await (const chunk of p.stdout as AsyncIterable<Buffer>) {
      let off = 0;
      while (off < chunk.length) {
        const n = Math.min(size - filled, chunk.length - off);
        frame.set(chunk.subarray(off, off + n), filled);
        filled += n;
        off += n;
        if (filled === size) {
          if (stderr.trim() !== '') throw decodeError();
          count++;
          yield { data: frame, width, height, channels: 3 };
          frame = new Uint8Array(size);
          filled = 0;
        }
      }
    }
    const code = await exited;
    done = true;
    if (code !== 0) throw new Error(`cannot decode video ${file}: ffmpeg exit ${code} after ${count} frames: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
    if (stderr.trim() !== '') throw decodeError();
    if (filled !== 0) throw new Error(`cannot decode video ${file}: the last frame is truncated (${filled} of ${size} bytes)`);
  } catch (err) {
    if (err instanceof Error && /not found:/.test(err.message)) throw err;
    throw err;
  } finally {
    if (!done) p.kill();
  }
}

/** Decodes the frames at the given 0-based indices, scaled to `thumbWidth` wide (report thumbnails). */
export async function videoFramesAt(file: string, info: VideoInfo, indices: readonly number[], thumbWidth: number): Promise<Map<number, DecodedFrame>> {
  const out = new Map<number, DecodedFrame>();
  if (indices.length === 0) return out;
  const tw = thumbWidth, th = Math.max(2, Math.round((info.height * thumbWidth) / info.width));
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const select = sorted.map((i) => `eq(n\\,${i})`).join('+');
  const size = tw * th * 3;
  const p = spawn(
    ffmpegPath(),
    ['-v', 'error', '-nostdin', '-i', file, '-map', '0:v:0', '-vf', `select='${select}',scale=${tw}:${th}`, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  p.on('error', () => {});
  const chunks: Buffer[] = [];
  for await (const c of p.stdout as AsyncIterable<Buffer>) chunks.push(c);
  const all = Buffer.concat(chunks);
  for (let k = 0; k < sorted.length && (k + 1) * size <= all.length; k++) {
    out.set(sorted[k], { data: new Uint8Array(all.subarray(k * size, (k + 1) * size)), width: tw, height: th, channels: 3 });
  }
  return out;
}
