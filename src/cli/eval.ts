/**
 * `modeseek eval <sequence-or-folder>... [--tracker NAME[,NAME...]] [--json FILE] [--predictions DIR]
 *   [--report FILE.html] [--jobs N] [--shard i/n] [--origin 0|1]` and `modeseek eval merge PART.json... --json FILE`.
 * Node only.
 */
import { availableParallelism } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createTracker } from '../track/create-tracker.js';
import type { TrackerMethod } from '../track/types.js';
import { buildEvalJson, checkEvalJson, jsonPathFor, mergeEvalJson, type EvalFailure, type EvalJson, type EvalSequenceResult } from '../eval/result.js';
import { formatEvalTable } from '../eval/table.js';
import { renderReportHtml, type ReportSequence } from '../eval/report-html.js';
import { findSequences, type SequenceSource } from '../eval/node/sources.js';
import { runJobs } from '../eval/node/pool.js';
import { EVAL_PROTOCOLS, type EvalProtocol } from '../eval/run-plan.js';
import type { SequenceJob, SequenceJobResult } from '../eval/node/run-sequence.js';
import { EvalProgress } from './eval-progress.js';

export const EVAL_USAGE = `Usage: modeseek eval <sequence-or-folder>... [options]
       modeseek eval merge PART.json... --json FILE

Replays each sequence from its first ground-truth box and scores it (OTB metrics).
A sequence is an OTB folder (img/ + groundtruth_rect.txt), a VOT folder (frames +
groundtruth.txt, 4 values or 8-value polygons), or a video file (needs ffmpeg) with its
ground truth beside it (V.txt or V.groundtruth.txt); a folder of sequences takes them all.

Options:
  --tracker NAME[,NAME...]  robust (default), camshift, meanshift; several give one curve each
  --protocol ope|tre|sre    OTB's protocols (Wu, Lim & Yang 2015): ope one pass from the first box
                            (default); tre 20 runs from the ground truth at evenly spaced frames to
                            the end; sre 12 runs from the first box shifted by 10% (8 ways) or scaled
                            by 0.8, 0.9, 1.1, 1.2; frames of all runs pooled per sequence
  --json FILE               results as JSON; with several trackers one file each, the tracker's
                            name inserted before the extension (eval.json -> eval.camshift.json)
  --predictions DIR         DIR/<name>.txt (DIR/<tracker>/<name>.txt with several trackers):
                            one x,y,w,h a line in the ground truth's convention, line 1 the initial box
  --report FILE.html        self-contained HTML report: plots, table, worst frames
  --jobs N                  worker threads (default: min(cores, sequences)); 1 runs in this thread
  --shard i/n               evaluate only part i of n of the sequences (1-based); join the JSON
                            parts with 'modeseek eval merge'
  --origin 0|1              pixel origin of the ground truth (default: OTB and video 1, VOT 0)
  --thumbnails N            worst frames shown per sequence in the report (default 6)
  --no-progress             no progress on stderr
`;

interface EvalArgs {
  inputs: string[];
  trackers: string[];
  protocol: EvalProtocol;
  json?: string;
  predictions?: string;
  report?: string;
  jobs?: number;
  shard?: { index: number; count: number };
  origin?: 0 | 1;
  thumbnails: number;
  progress: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): EvalArgs {
  const a: EvalArgs = { inputs: [], trackers: ['robust'], protocol: 'ope', thumbnails: 6, progress: true };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const val = (): string => {
      if (inline !== undefined) return inline;
      const v = value(i, arg);
      i++;
      return v;
    };
    switch (arg) {
      case '--tracker':
      case '--trackers': {
        const list = val().split(',').map((s) => s.trim()).filter(Boolean);
        if (list.length === 0) throw new UsageError('--tracker needs a name: robust, camshift or meanshift');
        if (new Set(list).size !== list.length) throw new UsageError(`--tracker names a tracker twice: ${list.join(',')}`);
        a.trackers = list;
        break;
      }
      case '--json':
        a.json = val();
        break;
      case '--protocol': {
        const v = val().toLowerCase();
        if (!(EVAL_PROTOCOLS as readonly string[]).includes(v)) throw new UsageError(`--protocol must be one of ${EVAL_PROTOCOLS.join(', ')}, got ${v}`);
        a.protocol = v as EvalProtocol;
        break;
      }
      case '--predictions':
        a.predictions = val();
        break;
      case '--report':
        a.report = val();
        break;
      case '--jobs': {
        const v = val(), n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--jobs must be an integer in 1..256, got ${v}`);
        a.jobs = n;
        break;
      }
      case '--shard': {
        const v = val();
        const m = /^(\d+)\/(\d+)$/.exec(v);
        const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
        if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 1/4), got ${v}`);
        a.shard = { index, count };
        break;
      }
      case '--origin': {
        const v = val();
        if (v !== '0' && v !== '1') throw new UsageError(`--origin must be 0 or 1, got ${v}`);
        a.origin = Number(v) as 0 | 1;
        break;
      }
      case '--thumbnails': {
        const v = val(), n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 100) throw new UsageError(`--thumbnails must be an integer in 0..100, got ${v}`);
        a.thumbnails = n;
        break;
      }
      case '--no-progress':
        a.progress = false;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        a.inputs.push(arg);
    }
  }
  return a;
}

/** The sequences of shard `index` of `count` (1-based): contiguous, so merged parts keep the order. */
export function shardOf<T>(list: readonly T[], index: number, count: number): T[] {
  return list.slice(Math.floor(((index - 1) * list.length) / count), Math.floor((index * list.length) / count));
}

async function writeOut(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

export async function runEval(argv: string[]): Promise<number> {
  if (argv[0] === 'merge') return runMerge(argv.slice(1));
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(EVAL_USAGE);
    return 0;
  }
  let args: EvalArgs;
  try {
    args = parseArgs(argv);
    if (args.inputs.length === 0) throw new UsageError('give at least one sequence, video or folder of sequences');
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`modeseek eval: ${err.message}\n\n${EVAL_USAGE}`);
      return 2;
    }
    throw err;
  }
  // check the trackers before reading anything: an unknown or unavailable one is a clean error
  for (const t of args.trackers) {
    try {
      createTracker({ method: t as TrackerMethod });
    } catch (err) {
      process.stderr.write(`modeseek eval: tracker '${t}': ${(err as Error).message}\n`);
      return 2;
    }
  }

  const found = await findSequences(args.inputs);
  let sources: SequenceSource[] = found.sources;
  let inputErrors = found.errors;
  if (args.shard) {
    sources = shardOf(sources, args.shard.index, args.shard.count);
    inputErrors = shardOf(inputErrors, args.shard.index, args.shard.count);
  }
  const jobs: SequenceJob[] = sources.map((source) => ({
    source,
    trackers: args.trackers,
    protocol: args.protocol,
    origin: args.origin,
    predictionsDir: args.predictions,
    thumbnails: args.report ? args.thumbnails : 0,
  }));
  const threads = args.jobs ?? Math.max(1, Math.min(availableParallelism(), jobs.length));
  // progress counts tracked frames of all runs: TRE's 20 runs cover about 10.5 sequences' worth
  // of frames (starts spread evenly), SRE's 12 runs 12
  const perFrame = args.protocol === 'tre' ? 10.5 : args.protocol === 'sre' ? 12 : 1;
  const totalFrames = Math.round(sources.reduce((a, s) => a + (s.frameCount ?? 0), 0) * perFrame);
  const progress = new EvalProgress(totalFrames, jobs.length, process.stderr, args.progress);
  const results = await runJobs(jobs, {
    jobs: threads,
    // longest first, so that the last job to finish is a short one
    order: jobs.map((_, i) => i).sort((x, y) => (sources[y].frameCount ?? 0) - (sources[x].frameCount ?? 0) || x - y),
    onFrames: (n) => progress.frames(n),
    onResult: (_, r) => {
      progress.sequence();
      if (!r.ok) process.stderr.write(`${args.progress && process.stderr.isTTY ? '\r\x1b[K' : ''}modeseek eval: ${r.name} failed: ${r.error}\n`);
    },
  });
  const seconds = progress.end();
  for (const e of inputErrors) process.stderr.write(`modeseek eval: ${e.name} failed: ${e.error}\n`);

  const failed: EvalFailure[] = [...results.filter((r): r is Extract<SequenceJobResult, { ok: false }> => !r.ok), ...inputErrors].map((r) => ({
    name: r.name,
    error: r.error,
  }));
  const ok = results.filter((r): r is Extract<SequenceJobResult, { ok: true }> => r.ok);
  const perTracker: EvalJson[] = args.trackers.map((t, i) => {
    const seqs: EvalSequenceResult[] = ok.map((r) => ({
      name: r.name,
      frames: r.frames,
      auc: r.trackers[i].auc,
      precision20: r.trackers[i].precision20,
      meanIoU: r.trackers[i].meanIoU,
      msPerFrame: r.trackers[i].msPerFrame,
      excluded: r.excluded,
      runs: r.runs,
    }));
    return buildEvalJson(t, seqs, failed, { shard: args.shard, protocol: args.protocol });
  });

  process.stdout.write(formatEvalTable(perTracker));
  const frames = ok.reduce((a, r) => a + r.frames, 0);
  const runFrames = ok.reduce((a, r) => a + r.runFrames, 0);
  const tracked = args.protocol === 'ope' ? `${frames} frames` : `${frames} frames, ${runFrames} tracked over the ${args.protocol.toUpperCase()} runs,`;
  process.stderr.write(`modeseek eval: ${ok.length} sequence${ok.length === 1 ? '' : 's'}, ${tracked} in ${seconds.toFixed(1)} s (${(runFrames / Math.max(seconds, 1e-9)).toFixed(0)} frames/s, ${threads} thread${threads === 1 ? '' : 's'})${failed.length ? `, ${failed.length} failed` : ''}\n`);

  const several = args.trackers.length > 1;
  if (args.json) {
    for (const r of perTracker) {
      const file = jsonPathFor(args.json, r.tracker, several);
      await writeOut(file, JSON.stringify(r, null, 2) + '\n');
    }
  }
  if (args.report) {
    const sequences: ReportSequence[] = ok.map((r) => ({
      name: r.name,
      width: r.width,
      height: r.height,
      curves: r.trackers.map((x) => ({ success: x.success, precision: x.precision })),
      thumbnails: r.thumbnails,
    }));
    const command = `modeseek eval ${argv.join(' ')}`;
    await writeOut(args.report, renderReportHtml({ results: perTracker, sequences, command, seconds }));
  }
  return failed.length > 0 ? 1 : 0;
}

async function runMerge(argv: string[]): Promise<number> {
  let out: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') out = argv[++i];
    else if (argv[i].startsWith('--json=')) out = argv[i].slice(7);
    else if (argv[i] === '-h' || argv[i] === '--help') {
      process.stdout.write(EVAL_USAGE);
      return 0;
    } else if (argv[i].startsWith('-')) {
      process.stderr.write(`modeseek eval merge: unknown option ${argv[i]}\n\n${EVAL_USAGE}`);
      return 2;
    } else files.push(argv[i]);
  }
  if (files.length === 0 || !out) {
    process.stderr.write(`modeseek eval merge: give the JSON parts and --json FILE\n\n${EVAL_USAGE}`);
    return 2;
  }
  try {
    const byTracker = new Map<string, EvalJson[]>();
    for (const f of files) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(f, 'utf8'));
      } catch (err) {
        throw new Error(`cannot read ${f}: ${(err as Error).message}`);
      }
      const j = checkEvalJson(parsed, f);
      byTracker.set(j.tracker, [...(byTracker.get(j.tracker) ?? []), j]);
    }
    const merged = [...byTracker.values()].map((parts) => mergeEvalJson(parts));
    for (const m of merged) await writeOut(jsonPathFor(out, m.tracker, merged.length > 1), JSON.stringify(m, null, 2) + '\n');
    process.stdout.write(formatEvalTable(merged));
    return merged.some((m) => (m.failed?.length ?? 0) > 0) ? 1 : 0;
  } catch (err) {
    process.stderr.write(`modeseek eval merge: ${(err as Error).message}\n`);
    return 1;
  }
}
