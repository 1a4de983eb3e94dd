// Where a tracker's overlap with the truth is lost: its place, its size or its shape.
//
//   npx tsx bench/overlap-oracle.ts <sequence-or-folder>... [--method robust] [--json FILE]
//
// A sequence is an OTB folder (img/*.jpg + groundtruth_rect.txt); a folder of sequences runs
// each. The tracker runs one pass from the first ground-truth box (as `modeseek eval`'s OPE).
// On every later frame with a truth box, the mean IoU of its box beside four boxes that each
// take one thing from the truth and keep the rest of the tracker's box:
//   tracker        the box as given;
//   truth aspect   the tracker's centre and area, the truth's width-to-height ratio;
//   truth area     the tracker's centre and aspect, the truth's area;
//   truth size     the tracker's centre, the truth's width and height;
//   truth centre   the truth's centre, the tracker's width and height.
// What a column gains over the first is what the tracker loses to that part of its box
// (the parts overlap, so the gains do not add). Prints a row per sequence and their mean.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFrame } from '../src/eval/node/decode.js';
import { parseGroundTruth } from '../src/eval/ground-truth.js';
import { createTracker } from '../src/index.js';
import type { Rect } from '../src/image/types.js';
import { mean, runMain, sequencesOf, UsageError } from './otb-sequences.js';

const COLUMNS = ['tracker', 'truth aspect', 'truth area', 'truth size', 'truth centre'] as const;

function iou(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const i = w > 0 && h > 0 ? w * h : 0;
  return i / (a.width * a.height + b.width * b.height - i);
}

const around = (cx: number, cy: number, w: number, h: number): Rect => ({ x: cx - w / 2, y: cy - h / 2, width: w, height: h });

/** The five boxes of `COLUMNS` for the tracker's box `b` against the truth `g`. */
function variants(b: Rect, g: Rect): Rect[] {
  const cx = b.x + b.width / 2, cy = b.y + b.height / 2;
  const area = b.width * b.height, aspect = g.width / g.height;
  const gArea = g.width * g.height, bAspect = b.width / b.height;
  return [
    b,
    around(cx, cy, Math.sqrt(area * aspect), Math.sqrt(area / aspect)),
    around(cx, cy, Math.sqrt(gArea * bAspect), Math.sqrt(gArea / bAspect)),
    around(cx, cy, g.width, g.height),
    around(g.x + g.width / 2, g.y + g.height / 2, b.width, b.height),
  ];
}

async function oracle(dir: string, method: string): Promise<number[]> {
  const truth = parseGroundTruth(readFileSync(join(dir, 'groundtruth_rect.txt'), 'utf8')).boxes;
  const img = join(dir, 'img');
  const files = readdirSync(img).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort();
  const tracker = createTracker({ method } as Parameters<typeof createTracker>[0]);
  const sums = COLUMNS.map(() => 0);
  let n = 0;
  for (let i = 0; i < Math.min(files.length, truth.length); i++) {
    const frame = await decodeFrame(join(img, files[i]));
    const g = truth[i];
    if (i === 0) {
      if (!g) throw new UsageError(`${dir}: the first frame has no ground-truth box to start from; give one on the first line of groundtruth_rect.txt`);
      tracker.init(frame, g);
      continue;
    }
    const b = tracker.track(frame).box;
    if (!g) continue;
    variants(b, g).forEach((v, k) => (sums[k] += iou(v, g)));
    n++;
  }
  return sums.map((s) => s / n);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const k = args.indexOf(name);
    return k >= 0 ? args.splice(k, 2)[1] : undefined;
  };
  const method = opt('--method') ?? 'robust';
  const jsonPath = opt('--json');
  if (args.length === 0) throw new UsageError('usage: npx tsx bench/overlap-oracle.ts <sequence-or-folder>... [--method robust] [--json FILE]');
  const dirs = args.flatMap(sequencesOf);
  const rows: { name: string; iou: number[] }[] = [];
  console.log(`${'sequence'.padEnd(14)} ${COLUMNS.map((c) => c.padStart(12)).join(' ')}`);
  for (const dir of dirs) {
    const name = dir.split(/[\\/]/).filter(Boolean).pop()!;
    const iou = await oracle(dir, method);
    rows.push({ name, iou });
    console.log(`${name.padEnd(14)} ${iou.map((v) => v.toFixed(3).padStart(12)).join(' ')}`);
  }
  const means = COLUMNS.map((_, k) => mean(rows.map((r) => r.iou[k])));
  console.log(`${'mean'.padEnd(14)} ${means.map((v) => v.toFixed(3).padStart(12)).join(' ')}`);
  if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ method, columns: COLUMNS, sequences: rows, mean: means }, null, 2) + '\n');
}

runMain(main);
