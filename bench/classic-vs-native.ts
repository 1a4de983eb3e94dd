// Cost of the classic trackers (camshift, meanshift) beside native OpenCV's recipe and
// OpenCV.js's on the same decoded frames, frame by frame in the same run.
//
//   npx tsx bench/classic-vs-native.ts <sequence-or-folder>... [--rounds 2] [--methods camshift,meanshift]
//                                      [--rgba] [--no-wasm] [--json FILE]
//
// A sequence is an OTB folder (img/*.jpg + groundtruth_rect.txt); a folder of sequences runs
// each. Each sequence's JPEGs are decoded once (sharp, RGB; --rgba adds an opaque alpha, as a
// browser's ImageData) and written raw to a temporary file that /usr/bin/python3 (cv2) maps.
// Then, for each method and round, the three start from the first ground-truth box and track
// every frame, interleaved frame by frame (ours, OpenCV.js, native, for frame 1, then frame 2...):
//   ours:      time inside tracker.track() (performance.now());
//   opencv.js: cvtColor RGB2HSV, inRange((0,60,32),(180,255,255)), calcBackProject of the
//              16-bin hue histogram of the first box (normalised 0..255), bitwise_and with the
//              mask, CamShift or meanShift (COUNT|EPS, 10, 1): only those calls (performance.now());
//   native:    the same calls in cv2 (time.perf_counter()), as OpenCV's camshift sample does.
// Both OpenCV recipes run on the same decoded frames (each gets the frame in its own memory
// before its clock starts). Prints, per sequence and method, the median ms/frame of each,
// the ratios of the medians, the same over the frames where the window covers at least half
// of the frame, and how many frames ended with our window equal to native OpenCV's (the
// recipes are exact, so all of them). The machine's load inflates all three alike: read the
// ratios, and rerun when the machine is busy.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadOpenCV, type CV } from '../src/cli/opencv-ref.js';
import { parseGroundTruth } from '../src/eval/ground-truth.js';
import { mean, median, runMain, sequencesOf } from './otb-sequences.js';
import { HistogramTracker } from '../src/track/histogram-tracker.js';

const PYTHON = process.env.MODESEEK_PYTHON ?? '/usr/bin/python3';
type Method = 'camshift' | 'meanshift';
interface Box { x: number; y: number; width: number; height: number }

// A persistent cv2 process: `init m x y w h` then `track k` per frame; answers JSON lines.
const NATIVE = String.raw`
import sys, json, time, numpy as np, cv2
path, n, w, h, c = sys.argv[1], *map(int, sys.argv[2:6])
raw = np.memmap(path, dtype=np.uint8, mode='r', shape=(n, h, w, c))
code = cv2.COLOR_RGB2HSV
lo, hi = np.array((0., 60., 32.)), np.array((180., 255., 255.))
term = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 10, 1)
hist, win, method = None, None, 'camshift'
for line in sys.stdin:
    a = line.split()
    if a[0] == 'init':
        method = a[1]
        x, y, bw, bh = map(int, a[2:6])
        f = np.ascontiguousarray(raw[0][:, :, :3])
        hsv = cv2.cvtColor(f, code)
        mask = cv2.inRange(hsv, lo, hi)
        hist = cv2.calcHist([hsv[y:y+bh, x:x+bw]], [0], mask[y:y+bh, x:x+bw], [16], [0, 180])
        cv2.normalize(hist, hist, 0, 255, cv2.NORM_MINMAX)
        win = (x, y, bw, bh)
        print(json.dumps({"version": cv2.__version__}), flush=True)
    elif a[0] == 'track':
        f = np.array(raw[int(a[1])])
        t0 = time.perf_counter()
        hsv = cv2.cvtColor(f, code)
        mask = cv2.inRange(hsv, lo, hi)
        prob = cv2.calcBackProject([hsv], [0], hist, [0, 180], 1)
        prob &= mask
        if method == 'camshift':
            box, win = cv2.CamShift(prob, win, term)
        else:
            it, win = cv2.meanShift(prob, win, term)
        ms = (time.perf_counter() - t0) * 1000
        print(json.dumps({"ms": ms, "win": [int(v) for v in win]}), flush=True)
`;

class Native {
  private readonly child;
  private readonly lines: string[] = [];
  private waiting: ((l: string) => void) | null = null;

  constructor(rawPath: string, n: number, w: number, h: number, c: number) {
    this.child = spawn(PYTHON, ['-c', NATIVE, rawPath, String(n), String(w), String(h), String(c)], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.child.stdout }).on('line', (l) => {
      if (this.waiting) {
        const r = this.waiting;
        this.waiting = null;
        r(l);
      } else this.lines.push(l);
    });
  }

  ask(cmd: string): Promise<string> {
    this.child.stdin.write(cmd + '\n');
    const l = this.lines.shift();
    if (l !== undefined) return Promise.resolve(l);
    return new Promise((r) => (this.waiting = r));
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** OpenCV.js running the recipe on RGB(A) frames; only the recipe's calls are timed. */
class OpenCvJsRecipe {
  private readonly cv: CV;
  private readonly frame: CV;
  private readonly hsv: CV;
  private readonly mask: CV;
  private readonly prob: CV;
  private readonly hist: CV;
  private readonly lo: CV;
  private readonly hi: CV;
  private readonly all: CV;
  private readonly crit: CV;
  private win: CV = null;

  constructor(cv: CV, w: number, h: number, c: number, private readonly method: Method) {
    this.cv = cv;
    this.frame = new cv.Mat(h, w, c === 4 ? cv.CV_8UC4 : cv.CV_8UC3);
    this.hsv = new cv.Mat();
    this.mask = new cv.Mat();
    this.prob = new cv.Mat();
    this.hist = new cv.Mat();
    this.lo = new cv.Mat(h, w, cv.CV_8UC3, [0, 60, 32, 0]);
    this.hi = new cv.Mat(h, w, cv.CV_8UC3, [180, 255, 255, 0]);
    this.all = new cv.MatVector();
    this.crit = new cv.TermCriteria(3 /* COUNT | EPS */, 10, 1);
  }

  init(data: Uint8Array, r: Box): void {
    const cv = this.cv;
    this.frame.data.set(data);
    cv.cvtColor(this.frame, this.hsv, cv.COLOR_RGB2HSV);
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

  track(data: Uint8Array): number {
    const cv = this.cv;
    this.frame.data.set(data);
    const t0 = performance.now();
    cv.cvtColor(this.frame, this.hsv, cv.COLOR_RGB2HSV);
    cv.inRange(this.hsv, this.lo, this.hi, this.mask);
    cv.calcBackProject(this.all, [0], this.hist, this.prob, [0, 180], 1);
    cv.bitwise_and(this.prob, this.mask, this.prob);
    const [, w] = this.method === 'camshift' ? cv.CamShift(this.prob, this.win, this.crit) : cv.meanShift(this.prob, this.win, this.crit);
    const ms = performance.now() - t0;
    this.win = w;
    return ms;
  }

  delete(): void {
    for (const m of [this.frame, this.hsv, this.mask, this.prob, this.hist, this.lo, this.hi, this.all]) m.delete();
  }
}

interface Side { median: number; mean: number }
interface Row {
  sequence: string;
  size: string;
  method: Method;
  frames: number;
  ours: Side;
  opencvjs: Side;
  native: Side;
  /** frames whose window covered at least half of the frame, and the medians over them */
  large: { frames: number; ours: number; opencvjs: number; native: number };
  /** frames whose window after tracking equals native OpenCV's */
  sameWindow: number;
  kernelShare: number;
}

async function benchSequence(dir: string, methods: Method[], rounds: number, rgba: boolean, wasm: boolean, cv: CV, tmp: string): Promise<Row[]> {
  const name = dir.split('/').filter(Boolean).pop()!;
  const truth = parseGroundTruth(readFileSync(join(dir, 'groundtruth_rect.txt'), 'utf8'), { origin: 1 });
  const files = readdirSync(join(dir, 'img')).filter((f) => /\.jpe?g$/i.test(f)).sort();
  const n = Math.min(files.length, truth.boxes.length);
  const c: 3 | 4 = rgba ? 4 : 3;
  let w = 0, h = 0;
  const frames: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    let img = sharp(join(dir, 'img', files[k])).removeAlpha().toColourspace('srgb');
    if (rgba) img = img.ensureAlpha(1);
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    w = info.width;
    h = info.height;
    frames.push(new Uint8Array(data.buffer, data.byteOffset, data.length));
  }
  const rawPath = join(tmp, 'frames.raw');
  writeFileSync(rawPath, Buffer.concat(frames));
  const b0 = truth.boxes[0]!;
  const box = { x: Math.max(0, Math.round(b0.x)), y: Math.max(0, Math.round(b0.y)), width: Math.round(b0.width), height: Math.round(b0.height) };
  const native = new Native(rawPath, n, w, h, c);
  const rows: Row[] = [];
  try {
    for (const method of methods) {
      const ours: number[] = [], js: number[] = [], nat: number[] = [];
      const lOurs: number[] = [], lJs: number[] = [], lNat: number[] = [];
      let same = 0, kernel = 0, projected = 0;
      for (let r = 0; r < rounds; r++) {
        const t = new HistogramTracker(method, { colorModel: 'hue', wasm });
        t.init({ data: frames[0], width: w, height: h, channels: c }, box);
        const lazy = (t as unknown as { lazy: { projected: number; projectedByKernel: number } }).lazy;
        const ocv = new OpenCvJsRecipe(cv, w, h, c, method);
        ocv.init(frames[0], box);
        await native.ask(`init ${method} ${box.x} ${box.y} ${box.width} ${box.height}`);
        let win = { ...box };
        for (let k = 1; k < n; k++) {
          const large = win.width * win.height >= (w * h) / 2;
          const f = { data: frames[k], width: w, height: h, channels: c };
          const t0 = performance.now();
          const res = t.track(f);
          const ms = performance.now() - t0;
          kernel += lazy.projectedByKernel;
          projected += lazy.projected;
          const jsMs = ocv.track(frames[k]);
          const a = JSON.parse(await native.ask(`track ${k}`)) as { ms: number; win: number[] };
          ours.push(ms);
          js.push(jsMs);
          nat.push(a.ms);
          if (large) {
            lOurs.push(ms);
            lJs.push(jsMs);
            lNat.push(a.ms);
          }
          const b = res.box;
          if (b.x === a.win[0] && b.y === a.win[1] && b.width === a.win[2] && b.height === a.win[3]) same++;
          win = { x: a.win[0], y: a.win[1], width: a.win[2], height: a.win[3] };
        }
        ocv.delete();
      }
      rows.push({
        sequence: name,
        size: `${w}x${h}`,
        method,
        frames: ours.length,
        ours: { median: median(ours), mean: mean(ours) },
        opencvjs: { median: median(js), mean: mean(js) },
        native: { median: median(nat), mean: mean(nat) },
        large: { frames: lOurs.length, ours: median(lOurs), opencvjs: median(lJs), native: median(lNat) },
        sameWindow: same,
        kernelShare: projected ? kernel / projected : 0,
      });
    }
  } finally {
    native.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let rounds = 2, json = '', rgba = false, wasm = true;
  let methods: Method[] = ['camshift', 'meanshift'];
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--rounds') rounds = Math.max(1, Number(args[++i]));
    else if (args[i] === '--json') json = args[++i];
    else if (args[i] === '--rgba') rgba = true;
    else if (args[i] === '--no-wasm') wasm = false;
    else if (args[i] === '--methods') methods = args[++i].split(',') as Method[];
    else paths.push(args[i]);
  }
  if (paths.length === 0 || methods.some((m) => m !== 'camshift' && m !== 'meanshift')) {
    console.error('usage: npx tsx bench/classic-vs-native.ts <sequence-or-folder>... [--rounds 2] [--methods camshift,meanshift] [--rgba] [--no-wasm] [--json FILE]');
    process.exit(2);
  }
  const cv = await loadOpenCV();
  const seqs = paths.flatMap(sequencesOf);
  const tmp = mkdtempSync(join(tmpdir(), 'modeseek-bench-'));
  const rows: Row[] = [];
  const f = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(3)).padStart(7);
  const q = (a: number, b: number) => (Number.isNaN(a / b) ? '-' : (a / b).toFixed(2)).padStart(6);
  console.log(`frames ${rgba ? 'RGBA' : 'RGB'}, ${rounds} round(s), wasm ${wasm ? 'on' : 'off'}; median ms/frame; ratios of medians`);
  console.log(`${'sequence'.padEnd(13)} ${'method'.padEnd(9)} frames    ours opencv.js  native  ours/nat ours/js | large: frames    ours  native ours/nat ours/js | same window  kernel`);
  try {
    for (const s of seqs) {
      for (const r of await benchSequence(s, methods, rounds, rgba, wasm, cv, tmp)) {
        rows.push(r);
        const L = r.large;
        console.log(
          `${r.sequence.padEnd(13)} ${r.method.padEnd(9)} ${String(r.frames).padStart(6)} ${f(r.ours.median)} ${f(r.opencvjs.median)}   ${f(r.native.median)}   ${q(r.ours.median, r.native.median)}  ${q(r.ours.median, r.opencvjs.median)} |     ${String(L.frames).padStart(6)} ${f(L.ours)} ${f(L.native)}   ${q(L.ours, L.native)}  ${q(L.ours, L.opencvjs)} | ${String(r.sameWindow).padStart(5)}/${String(r.frames).padEnd(5)} ${(r.kernelShare * 100).toFixed(0).padStart(4)}%`,
        );
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const m of methods) {
    const rs = rows.filter((r) => r.method === m);
    if (!rs.length) continue;
    const avg = (g: (r: Row) => number) => mean(rs.map(g).filter((v) => !Number.isNaN(v)));
    const o = avg((r) => r.ours.median), j = avg((r) => r.opencvjs.median), nt = avg((r) => r.native.median);
    const lo = avg((r) => r.large.ours), lj = avg((r) => r.large.opencvjs), ln = avg((r) => r.large.native);
    console.log(
      `${'mean'.padEnd(13)} ${m.padEnd(9)} ${String(rs.length).padStart(6)} ${f(o)} ${f(j)}   ${f(nt)}   ${q(o, nt)}  ${q(o, j)} |            ${f(lo)} ${f(ln)}   ${q(lo, ln)}  ${q(lo, lj)} |`,
    );
  }
  if (json) writeFileSync(json, JSON.stringify({ rounds, rgba, wasm, rows }, null, 2));
}

runMain(main);
