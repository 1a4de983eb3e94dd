/**
 * `modeseek bench [--json FILE] [--frames N] [--heap-frames N]`: per-frame cost of each
 * tracker on synthetic 640x480 and 1280x720 sequences with a moving target, beside OpenCV.js
 * running the CamShift sample's recipe (cvtColor, inRange, calcBackProject, CamShift) on the
 * same frames in the same process; then the heap over many frames. Node only.
 * Ctrl-C keeps the sizes finished.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { iou } from '../eval/metrics.js';
import { SyntheticSequence } from './synthetic-sequence.js';
import { createTracker } from '../track/create-tracker.js';
import type { Tracker, TrackerMethod } from '../track/types.js';
import { intOption, parseArgs, UsageError } from './args.js';
import { onInterrupt } from './interrupt.js';
import { checkOutputFile } from './outputs.js';
import { loadOpenCV, type CV } from './opencv-ref.js';

const USAGE = `Usage: modeseek bench [--json FILE] [--frames N] [--heap-frames N] [--no-native]

Per-frame time of each tracker (inside track() only) on synthetic 640x480 and 1280x720
sequences, beside OpenCV.js running the CamShift sample's recipe on the same frames in the
same process, and native OpenCV (Python's cv2, when present) on the same frames after it.
  --frames N        timed frames per tracker and size (default 300)
  --heap-frames N   frames of the heap check (default 10000; 0 skips it)
  --no-native       skip native OpenCV (python3 with cv2; MODESEEK_PYTHON picks the interpreter)
  --json FILE       also write the figures as JSON
`;

/** The sample's recipe in native OpenCV through Python's cv2: frames arrive as raw RGBA on stdin. */
const NATIVE_SCRIPT = `
import sys, json, time
import numpy as np, cv2
W, H, N, x, y, w, h = map(int, sys.argv[1:8])
size = W * H * 4
inp = sys.stdin.buffer
def read():
    b = inp.read(size)
    return np.frombuffer(b, np.uint8).reshape(H, W, 4)
f = read()
hsv = cv2.cvtColor(f, cv2.COLOR_RGB2HSV)
mask = cv2.inRange(hsv, np.array((0., 60., 32.)), np.array((180., 255., 255.)))
hist = cv2.calcHist([hsv[y:y+h, x:x+w]], [0], mask[y:y+h, x:x+w], [16], [0, 180])
cv2.normalize(hist, hist, 0, 255, cv2.NORM_MINMAX)
win = (x, y, w, h)
crit = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 10, 1)
ms = []
for i in range(1, N):
    f = read()
    t0 = time.perf_counter()
    hsv = cv2.cvtColor(f, cv2.COLOR_RGB2HSV)
    mask = cv2.inRange(hsv, np.array((0., 60., 32.)), np.array((180., 255., 255.)))
    prob = cv2.calcBackProject([hsv], [0], hist, [0, 180], 1)
    prob &= mask
    box, win = cv2.CamShift(prob, win, crit)
    ms.append((time.perf_counter() - t0) * 1000)
print(json.dumps({"ms": ms, "version": cv2.__version__}))
`;

function pythonWithCv2(): string | null {
  const candidates = [process.env.MODESEEK_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean) as string[];
  return candidates.find((p) => !p.startsWith('/') || existsSync(p)) ?? null;
}

/** Times native OpenCV's recipe on frames 1..n of `seq`; null when python3 with cv2 is missing. */
async function runNative(seq: SyntheticSequence, n: number, target: { x: number; y: number; width: number; height: number }): Promise<{ ms: Float64Array; version: string } | null> {
  const py = pythonWithCv2();
  if (!py) return null;
  const args = ['-c', NATIVE_SCRIPT, String(seq.width), String(seq.height), String(n + 1), String(target.x), String(target.y), String(target.width), String(target.height)];
  return new Promise((resolve) => {
    const child = spawn(py, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', () => {});
    child.on('error', () => resolve(null));
    child.stdin.on('error', () => {});
    child.on('close', (code) => {
      if (code !== 0) return resolve(null);
      try {
        const r = JSON.parse(out) as { ms: number[]; version: string };
        resolve({ ms: Float64Array.from(r.ms), version: r.version });
      } catch {
        resolve(null);
      }
    });
    (async () => {
      for (let i = 0; i <= n; i++) {
        const f = seq.frame(i);
        if (f.channels !== 4) throw new Error('native bench expects RGBA frames');
        const ok = child.stdin.write(Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength).subarray(0));
        // copy semantics: wait for the pipe to drain before the next frame overwrites the buffer
        if (!ok) await new Promise((r) => child.stdin.once('drain', r));
        else await new Promise((r) => setImmediate(r));
      }
      child.stdin.end();
    })().catch(() => child.kill());
  });
}

interface Stats {
  median: number;
  p95: number;
  mean: number;
}

export interface BenchRow {
  size: string;
  tracker: string;
  frames: number;
  msPerFrame: Stats;
  /** median ms of this tracker / median ms of OpenCV.js's recipe on the same frames */
  ratioToOpenCVjs: number | null;
  /** median ms of this tracker / median ms of native OpenCV's recipe (Python cv2), when measured */
  ratioToNative?: number;
  /** fraction of frames whose box overlaps the truth by IoU > 0.5 (a sanity check, not a score) */
  onTarget: number;
}

export interface BenchReport {
  machine: { cpu: string; cores: number; node: string; platform: string };
  rows: BenchRow[];
  heap?: { tracker: string; frames: number; size: string; heapStartMiB: number; heapEndMiB: number; growthKiB: number };
  /** Stopped by Ctrl-C or SIGTERM: the rows are the sizes finished before it. */
  interrupted?: boolean;
}

function stats(t: Float64Array): Stats {
  const s = Float64Array.from(t).sort();
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  let sum = 0;
  for (const v of s) sum += v;
  return { median: q(0.5), p95: q(0.95), mean: sum / s.length };
}


/** OpenCV.js running the sample's recipe on RGBA frames; only the recipe's calls are timed. */
class OpenCvRecipe {
  private readonly cv: CV;
  private readonly rgba: CV;
  private readonly hsv: CV;
  private readonly mask: CV;
  private readonly prob: CV;
  private readonly hist: CV;
  private readonly lo: CV;
  private readonly hi: CV;
  private readonly all: CV;
  private readonly crit: CV;
  private win: CV;

  constructor(cv: CV, width: number, height: number) {
    this.cv = cv;
    this.rgba = new cv.Mat(height, width, cv.CV_8UC4);
    this.hsv = new cv.Mat();
    this.mask = new cv.Mat();
    this.prob = new cv.Mat();
    this.hist = new cv.Mat();
    this.lo = new cv.Mat(height, width, cv.CV_8UC3, [0, 60, 32, 0]);
    this.hi = new cv.Mat(height, width, cv.CV_8UC3, [180, 255, 255, 0]);
    this.all = new cv.MatVector();
    this.crit = new cv.TermCriteria(3 /* COUNT | EPS */, 10, 1);
    this.win = null;
  }

  init(data: Uint8ClampedArray, r: { x: number; y: number; width: number; height: number }): void {
    const cv = this.cv;
    this.rgba.data.set(data);
    cv.cvtColor(this.rgba, this.hsv, cv.COLOR_RGBA2RGB);
    cv.cvtColor(this.hsv, this.hsv, cv.COLOR_RGB2HSV);
    cv.inRange(this.hsv, this.lo, this.hi, this.mask);
    this.win = new cv.Rect(r.x, r.y, r.width, r.height);
    const hroi = this.hsv.roi(this.win), mroi = this.mask.roi(this.win);
    const v = new cv.MatVector();
    v.push_back(hroi);
    cv.calcHist(v, [0], mroi, this.hist, [16], [0, 180]);
    cv.normalize(this.hist, this.hist, 0, 255, cv.NORM_MINMAX);
    v.delete();
    hroi.delete();
    mroi.delete();
    this.all.push_back(this.hsv);
  }

  /** Loads the frame (not timed), then times the recipe. */
  track(data: Uint8ClampedArray): { ms: number; box: { x: number; y: number; width: number; height: number } } {
    const cv = this.cv;
    this.rgba.data.set(data);
    const t0 = performance.now();
    cv.cvtColor(this.rgba, this.hsv, cv.COLOR_RGB2HSV); // RGB2HSV reads the first 3 of 4 channels
    cv.inRange(this.hsv, this.lo, this.hi, this.mask);
    cv.calcBackProject(this.all, [0], this.hist, this.prob, [0, 180], 1);
    cv.bitwise_and(this.prob, this.mask, this.prob);
    const [, w] = cv.CamShift(this.prob, this.win, this.crit);
    const ms = performance.now() - t0;
    this.win = w;
    return { ms, box: { x: w.x, y: w.y, width: w.width, height: w.height } };
  }

  delete(): void {
    for (const m of [this.rgba, this.hsv, this.mask, this.prob, this.hist, this.lo, this.hi, this.all]) m.delete();
  }
}

function tryTracker(method: TrackerMethod): Tracker | null {
  try {
    return createTracker({ method });
  } catch {
    return null;
  }
}

const SIZES: [number, number][] = [
  [640, 480],
  [1280, 720],
];

export async function runBench(argv: string[]): Promise<number> {
  let frames: number, heapFrames: number, json: string | undefined, native: boolean;
  try {
    const { positionals, options } = parseArgs(argv, { json: { type: 'string', short: 'o' }, frames: 'string', 'heap-frames': 'string', 'no-native': 'boolean', help: { type: 'boolean', short: 'h' } });
    if (options.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    frames = intOption(options.frames, 'frames', 300, 10);
    heapFrames = intOption(options['heap-frames'], 'heap-frames', 10_000, 0);
    json = options.json as string | undefined;
    native = !options['no-native'];
    if (json) await checkOutputFile(json, '--json'); // before the minutes of timing, not after
  } catch (e) {
    process.stderr.write(`modeseek bench: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }

  let cv: CV | null = null;
  try {
    cv = await loadOpenCV();
  } catch (e) {
    process.stderr.write(`modeseek bench: ${(e as Error).message}; printing our figures only\n`);
  }
  const methods: TrackerMethod[] = ['camshift', 'meanshift', 'robust'];
  const report: BenchReport = {
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` },
    rows: [],
  };
  const warmup = 20;
  // Ctrl-C / SIGTERM: stop, and print (and write) the sizes finished; a second one quits at once
  const stop = onInterrupt({
    command: 'bench',
    keeping: 'printing the sizes finished so far',
    losing: 'the figures',
    pauseEnv: 'MODESEEK_BENCH_PAUSE_AFTER',
  });
  let sizesDone = 0;

  try {
    for (const [W, H] of SIZES) {
      const seq = new SyntheticSequence({ width: W, height: H, frames: frames + warmup, scaleChange: 0.2 });
      const t0 = seq.truth(0);
      const target = { x: Math.round(t0.x), y: Math.round(t0.y), width: Math.round(t0.width), height: Math.round(t0.height) };
      // interleave: every frame is rendered once and given to each tracker in turn, so all
      // see the same frames under the same machine load
      type Box = { x: number; y: number; width: number; height: number };
      const runners: { name: string; track: (f: ReturnType<SyntheticSequence["frame"]>) => { ms: number; box: Box } }[] = [];
      const first = seq.frame(0);
      let recipe: OpenCvRecipe | null = null;
      if (cv) {
        recipe = new OpenCvRecipe(cv, W, H);
        recipe.init(first.data, target);
        const r = recipe;
        runners.push({ name: 'opencv.js camshift recipe', track: (f) => r.track(f.data) });
      }
      for (const m of methods) {
        const tr = tryTracker(m);
        if (!tr) continue;
        tr.init(first, target);
        runners.push({
          name: m,
          track: (f) => {
            const s = performance.now();
            const res = tr.track(f);
            return { ms: performance.now() - s, box: res.box };
          },
        });
      }
      const times = runners.map(() => new Float64Array(frames));
      const hits = runners.map(() => 0);
      for (let i = 1; i <= frames + warmup && !stop.signal.aborted; i++) {
        // let a signal in now and then (the timing loop is otherwise synchronous)
        if (i % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
        const f = seq.frame(i);
        const truth = seq.truth(i);
        for (let k = 0; k < runners.length; k++) {
          const { ms, box } = runners[k].track(f);
          if (i > warmup) {
            times[k][i - warmup - 1] = ms;
            if (iou(box, truth) > 0.5) hits[k]++;
          }
        }
      }
      recipe?.delete();
      if (stop.signal.aborted) break; // this size is unfinished: left out
      const n = frames;
      const ref = cv ? stats(times[0]).median : null;
      for (let k = 0; k < runners.length; k++) {
        const s = stats(times[k]);
        report.rows.push({
          size: `${W}x${H}`,
          tracker: runners[k].name,
          frames: n,
          msPerFrame: s,
          ratioToOpenCVjs: ref ? s.median / ref : null,
          onTarget: hits[k] / n,
        });
      }
      if (native) {
        const nat = await runNative(seq, frames + warmup, target);
        if (nat) {
          const s = stats(nat.ms.subarray(warmup));
          const row: BenchRow = {
            size: `${W}x${H}`,
            tracker: `native opencv ${nat.version} recipe`,
            frames: nat.ms.length - warmup,
            msPerFrame: s,
            ratioToOpenCVjs: ref ? s.median / ref : null,
            onTarget: NaN,
          };
          report.rows.push(row);
          // ours against native, measured in the same run
          for (const r of report.rows) if (r.size === row.size && !r.tracker.includes('opencv')) r.ratioToNative = r.msPerFrame.median / s.median;
        } else process.stderr.write('modeseek bench: native OpenCV (python3 with cv2) not found; skipping it\n');
      }
      sizesDone++;
      await stop.pauseAt(sizesDone, `${sizesDone} size${sizesDone === 1 ? '' : 's'}`);
      if (stop.signal.aborted) break;
    }
  } finally {
    stop.dispose();
  }
  if (stop.signal.aborted) report.interrupted = true;
  else if (heapFrames > 0) report.heap = heapCheck(heapFrames);

  printTable(report);
  if (json) writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  if (report.interrupted) process.stderr.write(`modeseek bench: interrupted: ${sizesDone} of ${SIZES.length} sizes finished${json ? `; wrote ${json} with "interrupted": true` : ''}\n`);
  return report.interrupted ? 130 : 0;
}

/** Heap after a forced GC, before and after `n` frames of the camshift tracker at 640x480. */
function heapCheck(n: number): NonNullable<BenchReport['heap']> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const seq = new SyntheticSequence({ width: 640, height: 480, frames: 120, scaleChange: 0.2 });
  // pre-render the frames so the check measures the tracker, not the renderer
  const frames = Array.from({ length: seq.frames }, (_, i) => {
    const f = seq.frame(i);
    return { data: Uint8ClampedArray.from(f.data), width: f.width, height: f.height, channels: f.channels };
  });
  const tracker = createTracker({ method: 'camshift' });
  tracker.init(frames[0], seq.truth(0));
  const warm = Math.min(1000, Math.floor(n / 10));
  for (let i = 1; i <= warm; i++) tracker.track(frames[i % frames.length]);
  gc();
  gc();
  const start = process.memoryUsage().heapUsed;
  for (let i = 1; i <= n; i++) tracker.track(frames[i % frames.length]);
  gc();
  gc();
  const end = process.memoryUsage().heapUsed;
  return {
    tracker: 'camshift',
    frames: n,
    size: '640x480',
    heapStartMiB: start / 2 ** 20,
    heapEndMiB: end / 2 ** 20,
    growthKiB: (end - start) / 1024,
  };
}

function printTable(r: BenchReport): void {
  const out: string[] = [];
  out.push(`modeseek bench — ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}`);
  out.push('');
  out.push('size       tracker                        frames  median ms   p95 ms  mean ms  vs OpenCV.js  vs native  on target');
  for (const row of r.rows) {
    out.push(
      [
        row.size.padEnd(10),
        row.tracker.padEnd(30),
        String(row.frames).padStart(6),
        row.msPerFrame.median.toFixed(3).padStart(10),
        row.msPerFrame.p95.toFixed(3).padStart(8),
        row.msPerFrame.mean.toFixed(3).padStart(8),
        (row.ratioToOpenCVjs === null ? '-' : `${row.ratioToOpenCVjs.toFixed(3)}x`).padStart(13),
        (row.ratioToNative === undefined ? '-' : `${row.ratioToNative.toFixed(3)}x`).padStart(10),
        (Number.isNaN(row.onTarget) ? '-' : `${(row.onTarget * 100).toFixed(0)}%`).padStart(10),
      ].join(' '),
    );
  }
  if (r.heap) {
    const h = r.heap;
    out.push('');
    out.push(
      `heap: ${h.tracker} ${h.size}, ${h.frames} frames: ${h.heapStartMiB.toFixed(2)} MiB → ${h.heapEndMiB.toFixed(2)} MiB (${h.growthKiB >= 0 ? '+' : ''}${h.growthKiB.toFixed(1)} KiB)`,
    );
  }
  process.stdout.write(out.join('\n') + '\n');
}
