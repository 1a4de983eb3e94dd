/**
 * Node only: scores another tracker's result files against our sequences' ground truth, with the
 * same metrics as `modeseek eval` (OTB layout: `DIR/<sequence>.txt`, one `x,y,w,h` a frame,
 * comma, tab or space separated, as the OTB and pysot toolkits write them).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rect } from '../../image/types.js';
import { parseGroundTruth } from '../ground-truth.js';
import { SequenceScorer, type SequenceScore } from '../metrics.js';
import type { SequenceSource } from './sources.js';

export interface ScoredResults {
  name: string;
  frames: number;
  excluded: number;
  score: SequenceScore;
  /** The file read. */
  file: string;
}

const LOST: Rect = { x: NaN, y: NaN, width: NaN, height: NaN };

/** The result file of `name` in `dir`: `<name>.txt`, else a case-insensitive match; null if none. */
export async function findResultFile(dir: string, name: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new Error(`cannot read the results folder ${dir}: ${(err as Error).message}`);
  }
  const want = `${name}.txt`;
  if (names.includes(want)) return join(dir, want);
  const ci = names.find((n) => n.toLowerCase() === want.toLowerCase());
  return ci ? join(dir, ci) : null;
}

/**
 * Scores `dir`'s result file for `source` (frame k of the file against line k of the ground
 * truth). `origin` is the file's pixel origin (default: the ground truth's). A line that is
 * blank, NaN or has an empty box counts as a frame where the tracker gave no box (IoU 0, never
 * within the precision threshold). Throws naming the file when it is missing or its line count
 * differs from the ground truth's.
 */
export async function scoreResultFile(source: SequenceSource, dir: string, origin?: 0 | 1): Promise<ScoredResults> {
  const truthText = await readFile(source.truthFile, 'utf8').catch((err: Error) => {
    throw new Error(`cannot read ground truth ${source.truthFile}: ${err.message}`);
  });
  const truth = parseGroundTruth(truthText, { file: source.truthFile, origin: source.origin });
  const file = await findResultFile(dir, source.name);
  if (!file) throw new Error(`no result file for ${source.name} in ${dir}; expected ${join(dir, `${source.name}.txt`)} (one x,y,w,h a frame)`);
  const text = await readFile(file, 'utf8');
  const pred = parseGroundTruth(text, { file, origin: origin ?? truth.origin });
  if (pred.boxes.length !== truth.boxes.length) {
    throw new Error(`${file} has ${pred.boxes.length} boxes but ${truth.file} has ${truth.boxes.length} ground-truth lines; give one box a frame`);
  }
  const scorer = new SequenceScorer();
  for (let k = 0; k < truth.boxes.length; k++) scorer.add(truth.boxes[k], pred.boxes[k] ?? LOST);
  const score = scorer.score();
  return { name: source.name, frames: score.frames, excluded: score.excluded, score, file };
}
