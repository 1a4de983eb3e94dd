/**
 * `modeseek track <video-or-folder> --box x,y,w,h [--tracker NAME] [--boxes FILE] [--out annotated.mp4]
 * [--start-frame N]`: tracks recorded video with no ground truth from a given first box. Node only.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { rotatedRectPoints, type Rect, type RotatedRect } from '../image/types.js';
import { createTracker } from '../track/create-tracker.js';
import { checkTrackerOptions, parseTrackerOptions, type TrackerOptionValues } from './tracker-options.js';
import type { Tracker, TrackerMethod } from '../track/types.js';
import { formatPredictions } from '../eval/result.js';
import { openFrameSource } from '../eval/node/sources.js';
import { intOption, numberOption, parseArgs, UsageError, withUsage } from './args.js';
import { onInterrupt } from './interrupt.js';
import { checkOutputFile } from './outputs.js';

export const TRACK_USAGE = `Usage: modeseek track <video-or-folder> --box x,y,w,h [options]

Tracks a recorded video (mp4, webm, ... through ffmpeg) or a folder of frames (jpg, png, webp;
in img/ or the folder itself) with no ground truth, from a given box on the first frame.
Without --boxes or --out, the boxes are printed as CSV on stdout. Ctrl-C stops and writes
the boxes tracked so far (exit 130); so does a frame that cannot be read (exit 1).

Options:
  -b, --box x,y,w,h        the target on the start frame, in pixels, 0-based top-left corner
                           (as an image viewer shows it); --origin 1 reads it 1-based (OTB)
  -t, --tracker NAME       robust (default), camshift, meanshift
      --options JSON|FILE  the tracker's options (README, "Tracker options"), as a JSON object
                           or a .json file holding one: --options '{"scaleStep":1.02}'
      --boxes FILE         one box a frame, by extension: .csv  frame,x,y,w,h,status,score (frame
                           1-based, box 0-based); .txt  OTB's 1-based x,y,w,h, one a line (what
                           'modeseek eval --predictions' writes); .json  { tracker, options?,
                           frames: [{ frame, x, y, width, height, status, score, rotatedBox }] }
                           (rotatedBox: { cx, cy, width, height, angle }, angle in radians
                           clockwise: CamShift's turned box, or the robust tracker's turn)
  -o, --out FILE.mp4       the video with the boxes drawn (green tracking, red lost; a turned
                           box in orange too), via ffmpeg
      --fps N              frame rate of --out (default 30)
  -s, --start-frame N      start on frame N (1-based; default 1): the box is on that frame and
                           the boxes begin there
      --origin 0|1         the pixel origin of --box (default 0)
  -q, --no-progress        no progress on stderr
  -h, --help               this help
`;

interface TrackArgs {
  input: string;
  box: Rect;
  tracker: string;
  options?: TrackerOptionValues;
  boxes?: string;
  out?: string;
  fps: number;
  start: number;
  progress: boolean;
}

/** `x,y,w,h` (commas or spaces) in pixels; `origin` 1 subtracts 1 from x and y. */
export function parseBox(text: string, origin: 0 | 1): Rect {
  const v = text.split(/[\s,;]+/).filter(Boolean).map(Number);
  if (v.length !== 4 || v.some((x) => !Number.isFinite(x))) throw new UsageError(`--box must be x,y,w,h (4 numbers), got '${text}'`);
  if (!(v[2] > 0) || !(v[3] > 0)) throw new UsageError(`--box needs a width and height > 0, got '${text}'`);
  return { x: v[0] - origin, y: v[1] - origin, width: v[2], height: v[3] };
}

function parse(argv: string[]): TrackArgs | null {
  const { positionals, options: o } = parseArgs(argv, {
    box: { type: 'string', short: 'b' },
    tracker: { type: 'string', short: 't' },
    options: 'string',
    boxes: 'string',
    out: { type: 'string', short: 'o' },
    fps: 'string',
    'start-frame': { type: 'string', short: 's' },
    origin: 'string',
    'no-progress': { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
  });
  if (o.help) return null;
  if (positionals.length === 0) throw new UsageError('give the video file or folder of frames to track');
  if (positionals.length > 1) throw new UsageError(`one video or folder at a time, got ${positionals.join(' and ')}`);
  if (typeof o.box !== 'string') throw new UsageError('give the target on the first frame: --box x,y,w,h (pixels, 0-based)');
  const origin = o.origin === undefined ? 0 : o.origin === '0' ? 0 : o.origin === '1' ? 1 : NaN;
  if (Number.isNaN(origin)) throw new UsageError(`--origin must be 0 or 1, got ${String(o.origin)}`);
  const boxes = o.boxes as string | undefined;
  if (boxes !== undefined && !/\.(csv|txt|json)$/i.test(boxes)) throw new UsageError(`--boxes ${boxes}: name a .csv, .txt or .json file (the extension picks the format)`);
  const fps = numberOption(o.fps, 'fps') ?? 30;
  if (!(fps > 0 && fps <= 1000)) throw new UsageError(`--fps must be in (0, 1000], got ${fps}`);
  return {
    input: positionals[0],
    box: parseBox(o.box, origin as 0 | 1),
    tracker: (o.tracker as string | undefined) ?? 'robust',
    options: parseTrackerOptions(o.options),
    boxes,
    out: o.out as string | undefined,
    fps,
    start: intOption(o['start-frame'], 'start-frame', 1, 1) - 1,
    progress: !o['no-progress'],
  };
}

type Rgb = readonly [number, number, number];

/** A pixel setter for an RGB image of w × h, clipped to it. */
function painter(data: Uint8Array, w: number, h: number, rgb: Rgb): (x: number, y: number) => void {
  return (x, y) => {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    const i = (y * w + x) * 3;
    data[i] = rgb[0];
    data[i + 1] = rgb[1];
    data[i + 2] = rgb[2];
  };
}

/** Draws a `t`-pixel outline of `box` into an RGB image, clipped to it. */
export function drawBox(data: Uint8Array, w: number, h: number, box: Rect, rgb: Rgb, t = 2): void {
  const x0 = Math.round(box.x), y0 = Math.round(box.y), x1 = Math.round(box.x + box.width) - 1, y1 = Math.round(box.y + box.height) - 1;
  const put = painter(data, w, h, rgb);
  for (let k = 0; k < t; k++) {
    for (let x = x0; x <= x1; x++) (put(x, y0 + k), put(x, y1 - k));
    for (let y = y0; y <= y1; y++) (put(x0 + k, y), put(x1 - k, y));
  }
}

/** Draws the outline of a turned box (its four sides, two pixels wide) into an RGB image, clipped to it. */
export function drawRotatedBox(data: Uint8Array, w: number, h: number, r: RotatedRect, rgb: Rgb): void {
  const put = painter(data, w, h, rgb), p = rotatedRectPoints(r);
  for (let k = 0; k < 4; k++) {
    // pixel centres sit at +0.5: a corner at (x, y) is in pixel (floor x, floor y)
    const [ax, ay] = p[k], [bx, by] = p[(k + 1) % 4];
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(bx - ax), Math.abs(by - ay))));
    for (let i = 0; i <= n; i++) {
      const x = Math.floor(ax + ((bx - ax) * i) / n), y = Math.floor(ay + ((by - ay) * i) / n);
      put(x, y);
      put(x + 1, y);
      put(x, y + 1);
    }
  }
}

interface Row {
  frame: number;
  box: Rect;
  /** The tracker's turned box (`TrackResult.rotatedBox`): CamShift's, or the robust tracker's when it follows a turn. */
  rotatedBox: RotatedRect;
  status: 'init' | 'tracking' | 'lost';
  score: number;
}

const n4 = (v: number): string => String(Math.round(v * 10000) / 10000);

function formatRows(rows: readonly Row[], file: string, tracker: string, options?: TrackerOptionValues, interrupted = false): string {
  if (/\.txt$/i.test(file)) return formatPredictions(rows.map((r) => r.box), 1);
  if (/\.json$/i.test(file)) {
    return JSON.stringify(
      { tracker, ...(options && Object.keys(options).length > 0 ? { options } : {}), ...(interrupted ? { interrupted } : {}), frames: rows.map((r) => ({ frame: r.frame, x: r.box.x, y: r.box.y, width: r.box.width, height: r.box.height, status: r.status, score: r.score, rotatedBox: r.rotatedBox })) },
      null,
      2,
    ) + '\n';
  }
  let s = 'frame,x,y,w,h,status,score\n';
  for (const r of rows) s += `${r.frame},${n4(r.box.x)},${n4(r.box.y)},${n4(r.box.width)},${n4(r.box.height)},${r.status},${n4(r.score)}\n`;
  return s;
}

/** An ffmpeg process encoding raw RGB frames to `file`. */
function startEncoder(file: string, width: number, height: number, fps: number): { write(frame: Uint8Array): Promise<void>; end(): Promise<void> } {
  const ffmpeg = process.env.MODESEEK_FFMPEG || 'ffmpeg';
  // its own process group: a terminal's Ctrl-C reaches only modeseek, which then ends the
  // video cleanly with the frames tracked so far
  const p = spawn(
    ffmpeg,
    ['-y', '-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(fps), '-i', '-', '-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2', '-pix_fmt', 'yuv420p', file],
    { stdio: ['pipe', 'ignore', 'pipe'], detached: true },
  );
  let stderr = '';
  let failure: Error | null = null;
  p.stderr.on('data', (d: Buffer) => (stderr += d));
  p.on('error', (e: NodeJS.ErrnoException) => {
    failure = new Error(e.code === 'ENOENT' ? `${ffmpeg} not found: install ffmpeg (Debian: apt install ffmpeg) for --out, or set MODESEEK_FFMPEG` : e.message);
  });
  p.stdin.on('error', () => {});
  const closed = new Promise<number | null>((resolve) => p.on('close', resolve));
  return {
    async write(frame) {
      if (failure) throw failure;
      if (!p.stdin.write(frame)) await Promise.race([once(p.stdin, 'drain'), closed]);
      if (failure) throw failure;
    },
    async end() {
      p.stdin.end();
      const code = await closed;
      if (failure) throw failure;
      if (code !== 0) throw new Error(`ffmpeg could not write ${file} (exit ${code}): ${stderr.trim().split('\n').slice(-2).join(' ')}`);
    },
  };
}

export async function runTrack(argv: string[]): Promise<number> {
  return withUsage('track', async () => {
    const args = parse(argv);
    if (!args) {
      process.stdout.write(TRACK_USAGE);
      return 0;
    }
    let tracker: Tracker;
    try {
      createTracker({ method: args.tracker as TrackerMethod });
    } catch (err) {
      throw new UsageError(`tracker '${args.tracker}': ${(err as Error).message}`);
    }
    checkTrackerOptions(args.options, [args.tracker as TrackerMethod]);
    tracker = createTracker({ ...args.options, method: args.tracker as TrackerMethod });
    if (args.boxes) await checkOutputFile(args.boxes, '--boxes');
    if (args.out) await checkOutputFile(args.out, '--out');
    const source = await openFrameSource(args.input);
    if (source.frameCount !== undefined && args.start >= source.frameCount) {
      throw new UsageError(`--start-frame ${args.start + 1}: ${args.input} has ${source.frameCount} frames`);
    }
    const total = source.frameCount !== undefined ? source.frameCount - args.start : undefined;
    const rows: Row[] = [];
    let encoder: ReturnType<typeof startEncoder> | null = null;
    const tty = args.progress && process.stderr.isTTY;
    const clearLine = (): string => (tty ? '\r\x1b[K' : '');
    // Ctrl-C / SIGTERM: stop after the frame being tracked and write every box so far; a second one quits at once
    const stop = onInterrupt({
      command: 'track',
      keeping: 'writing the boxes tracked so far',
      losing: 'writing the boxes',
      pauseEnv: 'MODESEEK_TRACK_PAUSE_AFTER',
      clearLine,
    });
    const t0 = performance.now();
    let lastDraw = 0;
    let k = 0;
    // a frame that cannot be read or tracked ends the run, but the boxes before it are written
    let failure: Error | null = null;
    try {
      for await (const frame of source.frames(args.start)) {
        if (stop.signal.aborted) break;
        const n = args.start + k + 1; // 1-based frame number
        if (k === 0) {
          const b = args.box;
          if (b.x >= frame.width || b.y >= frame.height || b.x + b.width <= 0 || b.y + b.height <= 0) {
            throw new UsageError(`--box ${b.x},${b.y},${b.width},${b.height} lies outside the ${frame.width}x${frame.height} frame`);
          }
          tracker.init(frame, b);
          rows.push({ frame: n, box: { ...b }, rotatedBox: { cx: b.x + b.width / 2, cy: b.y + b.height / 2, width: b.width, height: b.height, angle: 0 }, status: 'init', score: 1 });
        } else {
          const r = tracker.track(frame, n - 1);
          rows.push({ frame: n, box: { x: r.box.x, y: r.box.y, width: r.box.width, height: r.box.height }, rotatedBox: { ...r.rotatedBox }, status: r.status, score: r.score });
        }
        if (args.out) {
          encoder ??= startEncoder(args.out, frame.width, frame.height, args.fps);
          const img = new Uint8Array(frame.data);
          const row = rows[rows.length - 1];
          const colour: Rgb = row.status === 'lost' ? [230, 30, 30] : [40, 220, 60];
          drawBox(img, frame.width, frame.height, row.box, colour);
          // a turned box (CamShift's; the robust tracker's turn search) is drawn too, as the element does
          if (row.rotatedBox.angle !== 0) drawRotatedBox(img, frame.width, frame.height, row.rotatedBox, [255, 200, 0]);
          await encoder.write(img);
        }
        k++;
        const now = performance.now();
        if (args.progress && now - lastDraw > (tty ? 100 : 10_000)) {
          lastDraw = now;
          const fps = k / ((now - t0) / 1000);
          const text = `track: frame ${k}${total !== undefined ? `/${total}` : ''}  ${fps.toFixed(0)} frames/s`;
          process.stderr.write(tty ? `\r${text}\x1b[K` : `${text}\n`);
        }
        await stop.pauseAt(k, `${k} frames`);
      }
    } catch (err) {
      if (rows.length === 0 || err instanceof UsageError) throw err;
      failure = err instanceof Error ? err : new Error(String(err));
    } finally {
      stop.dispose();
    }
    if (tty) process.stderr.write('\r\x1b[K');
    if (k === 0) throw new Error(`${args.input}: no frame from frame ${args.start + 1} on`);
    const interrupted = stop.signal.aborted;
    // the boxes first: a video that cannot be finished does not take them with it
    const text = formatRows(rows, args.boxes ?? 'stdout.csv', args.tracker, args.options, interrupted);
    if (args.boxes) {
      await mkdir(dirname(args.boxes), { recursive: true });
      await writeFile(args.boxes, text);
    } else if (!args.out) process.stdout.write(text);
    if (encoder) await encoder.end();
    if (failure) {
      const kept = args.boxes ? `; the ${k} boxes before it are in ${args.boxes}` : args.out ? `; the ${k} frames before it are in ${args.out}` : `; the ${k} boxes before it were printed`;
      throw new Error(`frame ${args.start + k + 1}: ${failure.message}${kept}`);
    }
    const lost = rows.filter((r) => r.status === 'lost').length;
    const s = (performance.now() - t0) / 1000;
    process.stderr.write(
      `modeseek track: ${interrupted ? 'interrupted after ' : ''}${k} frames in ${s.toFixed(1)} s (${(k / Math.max(s, 1e-9)).toFixed(0)} frames/s), ${lost} lost` +
        `${args.boxes ? `; boxes -> ${args.boxes}` : ''}${args.out ? `; video -> ${args.out}` : ''}\n`,
    );
    return interrupted ? 130 : 0;
  });
}
