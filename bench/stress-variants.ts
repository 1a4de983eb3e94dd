// The default tracker on harder versions of OTB sequences than it was tuned on, beside OpenCV's
// CSRT on the same versions: a check that it generalises, where the development sequences
// themselves have been seen too often.
//
//   npx tsx bench/stress-variants.ts <sequence-or-folder>... [--variants skip2,skip3,half]
//       [--options JSON] [--protocol ope|tre|sre] [--csrt] [--held NAME,NAME...] [--jobs 2] [--json FILE]
//
// Variants, written to a temporary folder (removed at the end; the sequences are never copied
// anywhere else):
//   skipN  every N-th frame, from the first (a camera at 1/N of the frame rate: N times the motion
//          a frame), the ground truth's lines with them;
//   half   every frame at half the width and height (cv2.resize INTER_AREA, JPEG quality 92), the
//          ground truth's boxes halved (in 0-based pixel edges);
//   pingpong  every frame, then back again to the first (twice as long: a long sequence, where a
//          tracker that drifts or learns the background does not come back), the ground truth with them;
//   gray   every frame without its colour (cv2 BGR2GRAY, written back as three equal channels);
//   dark   every frame as a camera at night: intensities times 0.3, then Gaussian noise of
//          σ 3 (seeded by the frame's index, so every run sees the same frames);
//   none   the sequences as they are.
// The tracker runs through `modeseek eval` (one pass from the first box, OPE, or `--protocol`'s
// runs: single passes of these trackers are chaotic, so compare settings on TRE or SRE;
// `--options` gives the robust tracker's options, as `modeseek eval --options` takes them);
// `--csrt` (one pass whatever the protocol) also
// runs cv2.TrackerCSRT (/usr/bin/python3 with python3-opencv, default parameters, from the
// first box rounded to whole pixels) and scores its boxes with `modeseek score`. Prints, per
// variant, the mean AUC and P@20 over the sequences (and over the `--held` ones apart), and the
// sequences where CSRT is ahead.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { mean, runMain, sequencesOf, UsageError } from './otb-sequences.js';
import { RobustTracker } from '../src/track/robust/robust-tracker.js';

const PYTHON = '/usr/bin/python3';
const CLI = resolve(import.meta.dirname, '../bin/modeseek.js');

/** Rewrites frames pairwise (source, destination) as the variant in argv[1] asks. */
const PIXELS = String.raw`
import sys, cv2, numpy as np
variant = sys.argv[1]
for k, (src, dst) in enumerate(zip(sys.argv[2::2], sys.argv[3::2])):
    img = cv2.imread(src, cv2.IMREAD_UNCHANGED if variant == 'half' else cv2.IMREAD_COLOR)
    if variant == 'half':
        img = cv2.resize(img, (img.shape[1] // 2, img.shape[0] // 2), interpolation=cv2.INTER_AREA)
    elif variant == 'gray':
        img = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    elif variant == 'dark':
        noise = np.random.default_rng(k).normal(0, 3, img.shape)
        img = np.clip(img.astype(np.float64) * 0.3 + noise, 0, 255).round().astype(np.uint8)
    cv2.imwrite(dst, img, [cv2.IMWRITE_JPEG_QUALITY, 92])
`;

const CSRT = String.raw`
import os, sys, re, cv2
root, out = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(root)):
    d = os.path.join(root, name)
    truth = [l for l in open(os.path.join(d, 'groundtruth_rect.txt')).read().splitlines() if l.strip()]
    frames = sorted(f for f in os.listdir(os.path.join(d, 'img')) if re.search(r'\.(jpe?g|png)$', f, re.I))
    x, y, w, h = [float(v) for v in re.split(r'[\s,]+', truth[0].strip()) if v][:4]
    t = cv2.TrackerCSRT_create()
    t.init(cv2.imread(os.path.join(d, 'img', frames[0])), (int(round(x - 1)), int(round(y - 1)), int(round(w)), int(round(h))))
    rows = [f'{x},{y},{w},{h}']
    for f in frames[1:len(truth)]:
        ok, b = t.update(cv2.imread(os.path.join(d, 'img', f)))
        rows.append(f'{b[0] + 1},{b[1] + 1},{b[2]},{b[3]}' if ok else 'NaN,NaN,NaN,NaN')
    open(os.path.join(out, name + '.txt'), 'w').write('\n'.join(rows) + '\n')
`;

interface Score {
  name: string;
  auc: number;
  precision20: number;
}

const FRAME = /\.(jpe?g|png)$/i;

/** The sequence's frame files (sorted) and its ground-truth lines, as many of each as both have. */
function readSequence(dir: string): { frames: string[]; truth: string[] } {
  const truth = readFileSync(join(dir, 'groundtruth_rect.txt'), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const frames = readdirSync(join(dir, 'img')).filter((f) => FRAME.test(f)).sort();
  const n = Math.min(truth.length, frames.length);
  return { frames: frames.slice(0, n).map((f) => join(dir, 'img', f)), truth: truth.slice(0, n) };
}

/** Writes `variant` of each sequence under `root` (one folder a sequence, OTB layout). */
function writeVariant(variant: string, seqs: string[], root: string): void {
  const skip = /^skip(\d+)$/.exec(variant);
  for (const dir of seqs) {
    const { frames, truth } = readSequence(dir);
    const out = join(root, basename(dir));
    mkdirSync(join(out, 'img'), { recursive: true });
    const name = (k: number) => join(out, 'img', `${String(k + 1).padStart(5, '0')}.jpg`);
    if (variant === 'none' || variant === 'pingpong' || skip) {
      const step = skip ? Number(skip[1]) : 1;
      const keep = frames.map((_, k) => k).filter((k) => k % step === 0);
      if (variant === 'pingpong') keep.push(...keep.slice(0, -1).reverse());
      keep.forEach((k, j) => symlinkSync(resolve(frames[k]), name(j)));
      writeFileSync(join(out, 'groundtruth_rect.txt'), keep.map((k) => truth[k]).join('\n') + '\n');
    } else {
      // 1-based OTB boxes: the 0-based left edge x − 1 halves, then back to 1-based
      const halved = truth.map((l) => {
        const [x, y, w, h] = l.trim().split(/[\s,]+/).map(Number);
        return [(x - 1) / 2 + 1, (y - 1) / 2 + 1, w / 2, h / 2].map((v) => v.toFixed(2)).join(',');
      });
      writeFileSync(join(out, 'groundtruth_rect.txt'), (variant === 'half' ? halved : truth).join('\n') + '\n');
      run(PYTHON, ['-c', PIXELS, variant, ...frames.flatMap((f, k) => [f, name(k)])]);
    }
  }
}

/** Runs a command to its end; its error output is shown only if it fails. */
function run(cmd: string, args: string[]): void {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  } catch (e) {
    const err = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`${basename(cmd)} ${args.slice(0, 2).join(' ')} failed: ${err || (e as Error).message}`);
  }
}

function scores(json: string): Score[] {
  return (JSON.parse(readFileSync(json, 'utf8')) as { sequences: Score[] }).sequences;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let variants = ['skip2', 'skip3', 'half'], csrt = false, held: string[] = [], jobs = '2', json = '', options = '', protocol = 'ope';
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--variants') variants = args[++i].split(',');
    else if (args[i] === '--csrt') csrt = true;
    else if (args[i] === '--held') held = args[++i].split(',');
    else if (args[i] === '--jobs') jobs = args[++i];
    else if (args[i] === '--json') json = args[++i];
    else if (args[i] === '--options') options = args[++i];
    else if (args[i] === '--protocol') protocol = args[++i];
    else paths.push(args[i]);
  }
  if (paths.length === 0) {
    throw new UsageError('usage: npx tsx bench/stress-variants.ts <sequence-or-folder>... [--variants skip2,skip3,half] [--options JSON] [--protocol ope|tre|sre] [--csrt] [--held NAME,...] [--jobs 2] [--json FILE]');
  }
  for (const v of variants) {
    if (!/^(skip[1-9]\d*|half|gray|dark|pingpong|none)$/.test(v)) throw new UsageError(`--variants: '${v}' is not one of skipN (N ≥ 1), half, gray, dark, pingpong, none`);
  }
  if (!['ope', 'tre', 'sre'].includes(protocol)) throw new UsageError(`--protocol: '${protocol}' is not one of ope, tre, sre`);
  if (options) {
    // a bad option is named here, before any sequence is written
    try {
      new RobustTracker(JSON.parse(options));
    } catch (e) {
      throw new UsageError(`--options takes the robust tracker's options as JSON, e.g. '{"rotationStep":5}': ${(e as Error).message}`);
    }
  }
  const seqs = paths.flatMap(sequencesOf);
  const tmp = mkdtempSync(join(tmpdir(), 'modeseek-stress-'));
  const report: Record<string, { robust: Score[]; csrt?: Score[] }> = {};
  const m = (s: Score[], k: 'auc' | 'precision20', only?: string[]) => mean(s.filter((r) => !only || only.includes(r.name)).map((r) => r[k]));
  const line = (s: Score[]) => `${m(s, 'auc').toFixed(3)} / ${m(s, 'precision20').toFixed(3)}` + (held.length ? `  held out ${m(s, 'auc', held).toFixed(3)} / ${m(s, 'precision20', held).toFixed(3)}` : '');
  try {
    for (const v of variants) {
      const root = join(tmp, v);
      writeVariant(v, seqs, root);
      const ours = join(tmp, `${v}-robust.json`);
      run(process.execPath, [CLI, 'eval', root, '--jobs', jobs, '--no-progress', '--protocol', protocol, '--json', ours, ...(options ? ['--options', options] : [])]);
      report[v] = { robust: scores(ours) };
      console.log(`${v.padEnd(8)} robust AUC / P@20 ${line(report[v].robust)}${protocol === 'ope' ? '' : ` (${protocol.toUpperCase()})`}`);
      if (csrt) {
        const dir = join(tmp, `${v}-csrt`), out = join(tmp, `${v}-csrt.json`);
        mkdirSync(dir);
        run(PYTHON, ['-c', CSRT, root, dir]);
        run(process.execPath, [CLI, 'score', root, '--results', dir, '--name', 'csrt', '--json', out]);
        const c = (report[v].csrt = scores(out));
        console.log(`${''.padEnd(8)} CSRT   AUC / P@20 ${line(c)}`);
        const behind = report[v].robust.flatMap((r, i) => (r.auc < c[i].auc ? [`${r.name} ${r.auc.toFixed(3)} < ${c[i].auc.toFixed(3)}`] : []));
        if (behind.length) console.log(`${''.padEnd(8)} CSRT ahead on: ${behind.join(', ')}`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (json) writeFileSync(json, JSON.stringify(report, null, 2));
}

runMain(main);
