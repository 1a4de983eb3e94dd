// Cost of the robust tracker beside native OpenCV's CamShift recipe on the same decoded frames,
// in the same run.
//
//   npx tsx bench/robust-vs-native.ts <sequence-or-folder>... [--rounds 3] [--options JSON] [--json FILE]
//
// A sequence is an OTB folder (img/*.jpg + groundtruth_rect.txt); a folder of sequences runs
// each. `--options` gives the robust tracker's options (e.g. '{"rotationStep":0}'). Each sequence's JPEGs are decoded once (sharp, RGB) and written raw to a temporary
// file; then, `--rounds` times in turn, the robust tracker (this process) and /usr/bin/python3
// with cv2 track every frame from the first ground-truth box, timing each frame:
//   robust: time inside tracker.track() (performance.now());
//   native: cvtColor RGB2HSV, inRange((0,60,32),(180,255,255)), calcBackProject of the 16-bin
//           hue histogram of the first box (normalised 0..255), &= mask, CamShift (EPS|COUNT,
//           10, 1) (time.perf_counter()), as OpenCV's camshift sample does.
// Prints, per sequence, the median and mean ms/frame of each over all rounds, and the ratio;
// the summary is the mean over sequences (as `modeseek eval` averages), and its ratio.
// The machine's load inflates both sides alike; rounds alternate so that drift hits both.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { parseGroundTruth } from '../src/eval/ground-truth.js';
import { mean, median, runMain, sequencesOf, UsageError } from './otb-sequences.js';
import { RobustTracker } from '../src/track/robust/robust-tracker.js';
import type { RobustTrackerOptions } from '../src/track/robust/options.js';

const PYTHON = '/usr/bin/python3';

const NATIVE = String.raw`
import sys, json, time, numpy as np, cv2
path, n, w, h, x, y, bw, bh = sys.argv[1], *map(int, sys.argv[2:9])
raw = np.fromfile(path, dtype=np.uint8).reshape(n, h, w, 3)
lo, hi = np.array((0., 60., 32.)), np.array((180., 255., 255.))
hsv = cv2.cvtColor(raw[0], cv2.COLOR_RGB2HSV)
mask = cv2.inRange(hsv, lo, hi)
hist = cv2.calcHist([hsv[y:y+bh, x:x+bw]], [0], mask[y:y+bh, x:x+bw], [16], [0, 180])
cv2.normalize(hist, hist, 0, 255, cv2.NORM_MINMAX)
win, term, times = (x, y, bw, bh), (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 10, 1), []
for k in range(1, n):
    f = raw[k]
    t0 = time.perf_counter()
    hsv = cv2.cvtColor(f, cv2.COLOR_RGB2HSV)
    mask = cv2.inRange(hsv, lo, hi)
    prob = cv2.calcBackProject([hsv], [0], hist, [0, 180], 1)
    prob &= mask
    box, win = cv2.CamShift(prob, win, term)
    times.append((time.perf_counter() - t0) * 1000)
    if win[2] <= 0 or win[3] <= 0:
        win = (max(0, win[0] - 5), max(0, win[1] - 5), 10, 10)
print(json.dumps(times))
`;

interface Row {
  name: string;
  frames: number;
  robust: { median: number; mean: number };
  native: { median: number; mean: number };
}

async function benchSequence(dir: string, rounds: number, tmp: string, options: RobustTrackerOptions): Promise<Row> {
  const name = dir.split('/').filter(Boolean).pop()!;
  const truth = parseGroundTruth(readFileSync(join(dir, 'groundtruth_rect.txt'), 'utf8'), { origin: 1 });
  const files = readdirSync(join(dir, 'img')).filter((f) => /\.jpe?g$/i.test(f)).sort();
  const n = Math.min(files.length, truth.boxes.length);
  let w = 0, h = 0;
  const frames: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    const { data, info } = await sharp(join(dir, 'img', files[k])).removeAlpha().toColourspace('srgb').raw()
      .toBuffer({ resolveWithObject: true });
    w = info.width;
    h = info.height;
    frames.push(new Uint8Array(data.buffer, data.byteOffset, data.length));
  }
  const rawPath = join(tmp, 'frames.rgb');
  writeFileSync(rawPath, Buffer.concat(frames));
  const b0 = truth.boxes[0]!;
  const box = { x: Math.max(0, Math.round(b0.x)), y: Math.max(0, Math.round(b0.y)), width: Math.round(b0.width), height: Math.round(b0.height) };
  const ours: number[] = [], native: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = new RobustTracker(options);
    t.init({ data: frames[0], width: w, height: h, channels: 3 }, b0);
    for (let k = 1; k < n; k++) {
      const f = { data: frames[k], width: w, height: h, channels: 3 as const };
      const t0 = performance.now();
      t.track(f);
      ours.push(performance.now() - t0);
    }
    const out = execFileSync(PYTHON, ['-c', NATIVE, rawPath, ...[n, w, h, box.x, box.y, box.width, box.height].map(String)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    native.push(...(JSON.parse(out) as number[]));
  }
  return { name, frames: n, robust: { median: median(ours), mean: mean(ours) }, native: { median: median(native), mean: mean(native) } };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let rounds = 3, json = '', options: RobustTrackerOptions = {};
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--rounds') rounds = Math.max(1, Number(args[++i]));
    else if (args[i] === '--json') json = args[++i];
    else if (args[i] === '--options') {
      const text = args[++i];
      try {
        options = JSON.parse(text) as RobustTrackerOptions;
      } catch {
        throw new UsageError(`--options takes the robust tracker's options as JSON, e.g. '{"rotationStep":0}'; got ${text}`);
      }
      try {
        new RobustTracker(options); // an unknown or bad option fails here, before any decoding
      } catch (e) {
        throw new UsageError(`--options: ${(e as Error).message}`);
      }
    }
    else paths.push(args[i]);
  }
  if (paths.length === 0) {
    console.error('usage: npx tsx bench/robust-vs-native.ts <sequence-or-folder>... [--rounds 3] [--options JSON] [--json FILE]');
    process.exit(2);
  }
  const seqs = paths.flatMap(sequencesOf);
  const tmp = mkdtempSync(join(tmpdir(), 'modeseek-bench-'));
  const rows: Row[] = [];
  const f = (v: number) => v.toFixed(3).padStart(7);
  console.log(`${'sequence'.padEnd(13)} frames   robust median/mean    native median/mean   ratio(mean)`);
  try {
    for (const s of seqs) {
      const r = await benchSequence(s, rounds, tmp, options);
      rows.push(r);
      console.log(`${r.name.padEnd(13)} ${String(r.frames).padStart(6)}  ${f(r.robust.median)} ${f(r.robust.mean)}      ${f(r.native.median)} ${f(r.native.mean)}     ${(r.robust.mean / r.native.mean).toFixed(2)}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const m = (k: 'robust' | 'native', s: 'median' | 'mean') => mean(rows.map((r) => r[k][s]));
  console.log(`${'mean'.padEnd(13)} ${String(rows.length).padStart(6)}  ${f(m('robust', 'median'))} ${f(m('robust', 'mean'))}      ${f(m('native', 'median'))} ${f(m('native', 'mean'))}     ${(m('robust', 'mean') / m('native', 'mean')).toFixed(2)}`);
  console.log(`ratio of the mean ms/frame (robust / native CamShift): ${(m('robust', 'mean') / m('native', 'mean')).toFixed(2)}; of the medians: ${(m('robust', 'median') / m('native', 'median')).toFixed(2)}`);
  if (json) writeFileSync(json, JSON.stringify({ rounds, options, sequences: rows }, null, 2));
}

runMain(main);
