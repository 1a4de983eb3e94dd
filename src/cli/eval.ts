/**
 * `modeseek eval <sequence-or-folder>... [options]` and `modeseek eval merge PART.json... [--json F] [--report F]`.
 * Node only.
 */
import { availableParallelism } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { createTracker, trackerOptionsFor } from '../track/create-tracker.js';
import { checkTrackerOptions, parseTrackerOptions, type TrackerOptionValues } from './tracker-options.js';
import type { TrackerMethod } from '../track/types.js';
import {
  buildEvalJson,
  checkEvalJson,
  jsonPathFor,
  mergeEvalJson,
  type EvalFailure,
  type EvalJson,
  type EvalReportData,
  type EvalSequenceResult,
} from '../eval/result.js';
import { formatEvalTable } from '../eval/table.js';
import { renderReportHtml, type ReportSequence } from '../eval/report-html.js';
import { findSequences, type SequenceSource } from '../eval/node/sources.js';
import { runJobs } from '../eval/node/pool.js';
import type { SequenceJob, SequenceJobResult } from '../eval/node/run-sequence.js';
import { scoreResultFile } from '../eval/node/score-results.js';
import { EVAL_PROTOCOLS, type EvalProtocol } from '../eval/run-plan.js';
import { intOption, parseArgs, UsageError, withUsage } from './args.js';
import { checkOutputDir, checkOutputFile } from './outputs.js';
import { resolveShard, type Shard } from './shard.js';
import { EvalProgress } from './eval-progress.js';
import { onInterrupt } from './interrupt.js';

export const EVAL_USAGE = `Usage: modeseek eval <sequence-or-folder>... [options]
       modeseek eval merge PART.json... [--json FILE] [--report FILE.html]

Replays each sequence from its ground truth and scores it (OTB metrics).
A sequence is an OTB folder (img/ + groundtruth_rect.txt), a VOT folder (frames +
groundtruth.txt, 4 values or 8-value polygons), or a video file (needs ffmpeg) with its
ground truth beside it (V.txt or V.groundtruth.txt); a folder of sequences takes them all.

Options:
  -t, --tracker NAME[,NAME...]  robust (default), camshift, meanshift; several give one curve each
      --options JSON|FILE       tracker options (README, "Tracker options"), as a JSON object or a
                                .json file holding one: --options '{"filterRate":0.02}'; each
                                tracker takes those it has, and its JSON records them
  -p, --protocol ope|tre|sre    OTB's protocols (Wu, Lim & Yang 2015): ope one pass from the first
                                box (default); tre 20 runs from the ground truth at evenly spaced
                                frames to the end; sre 12 runs from the first box shifted by 10%
                                (8 ways) or scaled by 0.8, 0.9, 1.1, 1.2; frames of all runs pooled
  -o, --json FILE               results as JSON; with several trackers one file each, the tracker's
                                name inserted before the extension (eval.json -> eval.camshift.json)
      --predictions DIR         DIR/<name>.txt (DIR/<tracker>/<name>.txt with several trackers):
                                one x,y,w,h a line in the ground truth's convention, line 1 the
                                initial box; TRE/SRE: DIR/<name>/<run>.txt. Written as each
                                sequence finishes
  -r, --report FILE.html        self-contained HTML report: plots, table, worst frames
      --compare DIR[:NAME]      also score another tracker's result files DIR/<sequence>.txt
                                (OPE; as 'modeseek score') and show them in the table and report;
                                may be given several times
  -j, --jobs N                  worker threads (default: min(cores, sequences)); 1 runs in this thread
      --shard i/n | auto        evaluate only part i of n of the sequences (1-based); auto reads
                                the index from a batch engine (Kubernetes Indexed Job:
                                JOB_COMPLETION_INDEX; GitLab CI, CircleCI, Buildkite) with the count
                                from --shard auto/n, --shards n or the engine; join the parts with
                                'modeseek eval merge' (parts carry what the report needs)
      --shards N                the shard count for --shard auto
      --origin 0|1              pixel origin of the ground truth (default: OTB and video 1, VOT 0)
      --thumbnails N            worst frames shown per sequence in the report (default 6)
  -q, --no-progress             no progress on stderr
  -h, --help                    this help

Output paths are checked (and their folders created) before any frame is read. Ctrl-C (or
SIGTERM) stops the workers and writes the JSON ("interrupted": true), report and table of the
sequences finished so far, then exits 130.
`;

const EVAL_OPTIONS = {
  tracker: { type: 'string', short: 't' },
  trackers: 'string',
  options: 'string',
  protocol: { type: 'string', short: 'p' },
  json: { type: 'string', short: 'o' },
  predictions: 'string',
  report: { type: 'string', short: 'r' },
  compare: { type: 'string', multiple: true },
  jobs: { type: 'string', short: 'j' },
  shard: 'string',
  shards: 'string',
  origin: 'string',
  thumbnails: 'string',
  'no-progress': { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Compare {
  dir: string;
  name: string;
}

interface EvalArgs {
  inputs: string[];
  trackers: string[];
  /** `--options`: tracker options, given to every tracker that has them. */
  options?: TrackerOptionValues;
  protocol: EvalProtocol;
  json?: string;
  predictions?: string;
  report?: string;
  compare: Compare[];
  jobs?: number;
  shard?: Shard;
  origin?: 0 | 1;
  thumbnails: number;
  progress: boolean;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `DIR[:NAME]` (a colon followed by a name without slashes; `C:\\x` is a path). */
function parseCompare(v: string): Compare {
  const m = /^(.+):([^/\\:]+)$/.exec(v);
  const dir = m && m[1].length > 1 ? m[1] : v;
  const name = m && m[1].length > 1 ? m[2] : basename(v.replace(/[\\/]+$/, '')) || v;
  return { dir, name };
}

function parseEvalArgs(argv: string[]): EvalArgs | null {
  const { positionals, options: o } = parseArgs(argv, EVAL_OPTIONS);
  if (o.help) return null;
  const a: EvalArgs = { inputs: positionals, trackers: ['robust'], protocol: 'ope', compare: [], thumbnails: 6, progress: !o['no-progress'] };
  const t = str(o.tracker) ?? str(o.trackers);
  if (t !== undefined) {
    const list = t.split(',').map((s) => s.trim()).filter(Boolean);
    if (list.length === 0) throw new UsageError('--tracker needs a name: robust, camshift or meanshift');
    if (new Set(list).size !== list.length) throw new UsageError(`--tracker names a tracker twice: ${list.join(',')}`);
    a.trackers = list;
  }
  a.options = parseTrackerOptions(o.options);
  const p = str(o.protocol);
  if (p !== undefined) {
    const v = p.toLowerCase();
    if (!(EVAL_PROTOCOLS as readonly string[]).includes(v)) throw new UsageError(`--protocol must be one of ${EVAL_PROTOCOLS.join(', ')}, got ${p}`);
    a.protocol = v as EvalProtocol;
  }
  a.json = str(o.json);
  a.predictions = str(o.predictions);
  a.report = str(o.report);
  if (o.jobs !== undefined) a.jobs = intOption(o.jobs, 'jobs', 1, 1, 256);
  a.thumbnails = intOption(o.thumbnails, 'thumbnails', 6, 0, 100);
  const origin = str(o.origin);
  if (origin !== undefined) {
    if (origin !== '0' && origin !== '1') throw new UsageError(`--origin must be 0 or 1, got ${origin}`);
    a.origin = Number(origin) as 0 | 1;
  }
  a.shard = resolveShard(str(o.shard), str(o.shards));
  a.compare = ((o.compare as string[] | undefined) ?? []).map(parseCompare);
  if (a.compare.length > 0 && a.protocol !== 'ope') throw new UsageError('--compare scores result files of one pass (OPE); drop it or use --protocol ope');
  const names = [...a.trackers, ...a.compare.map((c) => c.name)];
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new UsageError(`two result sets are named '${twice}'; name a --compare set with DIR:NAME`);
  if (a.inputs.length === 0) throw new UsageError('give at least one sequence, video or folder of sequences');
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

type OkResult = Extract<SequenceJobResult, { ok: true }>;

/** The report material of tracker `i` (carried by shard parts). */
function reportData(ok: readonly OkResult[], i: number): EvalReportData {
  return {
    sequences: ok.map((r) => ({
      name: r.name,
      width: r.width,
      height: r.height,
      success: r.trackers[i].success,
      precision: r.trackers[i].precision,
      thumbnails: r.thumbnails.map((t) => ({ index: t.index, dataUrl: t.dataUrl, truth: t.truth, box: t.boxes[i], iou: Number.isNaN(t.ious[i]) ? null : t.ious[i] })),
    })),
  };
}

/** Report sequences from the report material of several trackers' JSON (in tracker order). */
export function reportSequencesFrom(results: readonly EvalJson[]): ReportSequence[] {
  const first = results[0]?.report;
  if (!first) return [];
  return first.sequences.map((s) => {
    const per = results.map((r) => r.report?.sequences.find((q) => q.name === s.name));
    return {
      name: s.name,
      width: s.width,
      height: s.height,
      curves: per.map((q) => ({ success: q?.success ?? [], precision: q?.precision ?? [] })),
      thumbnails: s.thumbnails.map((t) => ({
        index: t.index,
        dataUrl: t.dataUrl,
        truth: t.truth,
        boxes: per.map((q) => q?.thumbnails.find((u) => u.index === t.index)?.box ?? null),
        ious: per.map((q) => q?.thumbnails.find((u) => u.index === t.index)?.iou ?? null),
      })),
    };
  });
}

export async function runEval(argv: string[]): Promise<number> {
  if (argv[0] === 'merge') return runMerge(argv.slice(1));
  return withUsage('eval', async () => {
    const args = parseEvalArgs(argv);
    if (!args) {
      process.stdout.write(EVAL_USAGE);
      return 0;
    }
    // the trackers before reading anything: an unknown or unavailable one is a clean error
    for (const t of args.trackers) {
      try {
        createTracker({ method: t as TrackerMethod });
      } catch (err) {
        throw new UsageError(`tracker '${t}': ${(err as Error).message}`);
      }
    }
    checkTrackerOptions(args.options, args.trackers as TrackerMethod[]);
    // every output path before the first frame (folders created): a bad one costs nothing
    const several = args.trackers.length + args.compare.length > 1;
    const jsonNames = [...args.trackers, ...args.compare.map((c) => c.name)];
    if (args.json) for (const t of jsonNames) await checkOutputFile(jsonPathFor(args.json, t, several), '--json');
    if (args.report) await checkOutputFile(args.report, '--report');
    if (args.predictions) await checkOutputDir(args.predictions, '--predictions');
    for (const c of args.compare) {
      const ok = await import('node:fs/promises').then((fs) => fs.stat(c.dir)).then((s) => s.isDirectory(), () => false);
      if (!ok) throw new UsageError(`--compare ${c.dir}: no such folder; give the folder of the result files (<sequence>.txt)`);
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
      trackerOptions: args.options,
      protocol: args.protocol,
      origin: args.origin,
      predictionsDir: args.predictions,
      thumbnails: args.report || args.shard ? args.thumbnails : 0,
    }));
    const threads = args.jobs ?? Math.max(1, Math.min(availableParallelism(), jobs.length));
    // progress counts tracked frames of all runs: TRE's 20 runs cover about 10.5 sequences' worth
    // of frames (starts spread evenly), SRE's 12 runs 12
    const perFrame = args.protocol === 'tre' ? 10.5 : args.protocol === 'sre' ? 12 : 1;
    const totalFrames = Math.round(sources.reduce((a, s) => a + (s.frameCount ?? 0), 0) * perFrame);
    const progress = new EvalProgress(totalFrames, jobs.length, process.stderr, args.progress);
    const clearLine = (): string => (args.progress && process.stderr.isTTY ? '\r\x1b[K' : '');

    // Ctrl-C / SIGTERM: stop the workers, keep what finished; a second one quits at once
    const stop = onInterrupt({
      command: 'eval',
      keeping: 'writing the results of the sequences finished so far',
      losing: 'writing results',
      pauseEnv: 'MODESEEK_EVAL_PAUSE_AFTER',
      clearLine,
    });
    let done = 0;
    let results: (SequenceJobResult | undefined)[];
    try {
      results = await runJobs(jobs, {
        jobs: threads,
        signal: stop.signal,
        // longest first, so that the last job to finish is a short one
        order: jobs.map((_, i) => i).sort((x, y) => (sources[y].frameCount ?? 0) - (sources[x].frameCount ?? 0) || x - y),
        onFrames: (n) => progress.frames(n),
        onResult: async (_, r) => {
          progress.sequence();
          if (!r.ok) process.stderr.write(`${clearLine()}modeseek eval: ${r.name} failed: ${r.error}\n`);
          done++;
          await stop.pauseAt(done, `${done} sequence${done === 1 ? '' : 's'}`);
        },
      });
    } finally {
      stop.dispose();
    }
    const interrupted = stop.signal.aborted;
    const seconds = progress.end();
    for (const e of inputErrors) process.stderr.write(`modeseek eval: ${e.name} failed: ${e.error}\n`);

    const finished = results.filter((r): r is SequenceJobResult => r !== undefined);
    const failed: EvalFailure[] = [...finished.filter((r): r is Extract<SequenceJobResult, { ok: false }> => !r.ok), ...inputErrors].map((r) => ({
      name: r.name,
      error: r.error,
    }));
    const ok = finished.filter((r): r is OkResult => r.ok);
    const meta = { shard: args.shard, protocol: args.protocol, interrupted };
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
      const json = buildEvalJson(t, seqs, failed, { ...meta, options: trackerOptionsFor(args.options ?? {}, t as TrackerMethod) });
      if (args.shard) json.report = reportData(ok, i);
      return json;
    });

    // other trackers' result files, scored on the sequences evaluated
    const curvesOf = new Map<string, { success: number[]; precision: number[] }[]>();
    for (const r of ok) curvesOf.set(r.name, r.trackers.map((x) => ({ success: x.success, precision: x.precision })));
    for (const c of args.compare) {
      const seqs: EvalSequenceResult[] = [];
      const cf: EvalFailure[] = [...failed];
      for (const r of ok) {
        const source = sources.find((s) => s.name === r.name)!;
        try {
          const s = await scoreResultFile(source, c.dir, args.origin);
          seqs.push({ name: r.name, frames: s.frames, auc: s.score.auc, precision20: s.score.precision20, meanIoU: s.score.meanIoU, msPerFrame: null, excluded: s.excluded });
          curvesOf.get(r.name)!.push({ success: s.score.success, precision: s.score.precision });
        } catch (err) {
          process.stderr.write(`modeseek eval: --compare ${c.name}: ${r.name}: ${(err as Error).message}\n`);
          cf.push({ name: r.name, error: (err as Error).message });
          curvesOf.get(r.name)!.push({ success: [], precision: [] });
        }
      }
      perTracker.push(buildEvalJson(c.name, seqs, cf, meta));
    }

    process.stdout.write(formatEvalTable(perTracker));
    const frames = ok.reduce((a, r) => a + r.frames, 0);
    const runFrames = ok.reduce((a, r) => a + r.runFrames, 0);
    const tracked = args.protocol === 'ope' ? `${frames} frames` : `${frames} frames, ${runFrames} tracked over the ${args.protocol.toUpperCase()} runs,`;
    process.stderr.write(
      `modeseek eval: ${ok.length} sequence${ok.length === 1 ? '' : 's'}, ${tracked} in ${seconds.toFixed(1)} s (${(runFrames / Math.max(seconds, 1e-9)).toFixed(0)} frames/s, ${threads} thread${threads === 1 ? '' : 's'})${failed.length ? `, ${failed.length} failed` : ''}\n`,
    );

    const written: string[] = [];
    if (args.json) {
      for (const r of perTracker) {
        const file = jsonPathFor(args.json, r.tracker, several);
        await writeOut(file, JSON.stringify(r, null, 2) + '\n');
        written.push(file);
      }
    }
    if (args.report) {
      const sequences: ReportSequence[] = ok.map((r) => ({
        name: r.name,
        width: r.width,
        height: r.height,
        curves: curvesOf.get(r.name)!,
        thumbnails: r.thumbnails,
      }));
      const command = `modeseek eval ${argv.join(' ')}`;
      // compare sets whose files were missing for some sequence: their curves are empty there
      await writeOut(args.report, renderReportHtml({ results: perTracker, sequences: sequences.filter((s) => s.curves.every((c) => c.success.length > 0)), command, seconds }));
      written.push(args.report);
    }
    if (interrupted) {
      const left = jobs.length - finished.length;
      process.stderr.write(
        `modeseek eval: interrupted: ${finished.length} of ${jobs.length} sequence${jobs.length === 1 ? '' : 's'} finished (${left} not run or stopped)` +
          (written.length ? `; wrote ${written.join(', ')} with "interrupted": true` : '') +
          '\n',
      );
      return 130;
    }
    return failed.length > 0 ? 1 : 0;
  });
}

async function runMerge(argv: string[]): Promise<number> {
  return withUsage('eval merge', async () => {
    const { positionals: files, options: o } = parseArgs(argv, { json: { type: 'string', short: 'o' }, report: { type: 'string', short: 'r' }, help: { type: 'boolean', short: 'h' } });
    if (o.help) {
      process.stdout.write(EVAL_USAGE);
      return 0;
    }
    const out = str(o.json), report = str(o.report);
    if (files.length === 0) throw new UsageError('give the JSON parts to join');
    if (!out && !report) throw new UsageError('give --json FILE and/or --report FILE.html for the joined result');
    const byTracker = new Map<string, EvalJson[]>();
    for (const f of files) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(f, 'utf8'));
      } catch (err) {
        throw new Error(`cannot read ${f}: ${(err as Error).message}`);
      }
      const j = checkEvalJson(parsed, f);
      if (report && !j.report) throw new Error(`${f} carries no report material; write the parts with --shard (they then carry the curves and thumbnails the report needs)`);
      byTracker.set(j.tracker, [...(byTracker.get(j.tracker) ?? []), j]);
    }
    const several = byTracker.size > 1;
    if (out) for (const t of byTracker.keys()) await checkOutputFile(jsonPathFor(out, t, several), '--json');
    if (report) await checkOutputFile(report, '--report');
    const merged = [...byTracker.values()].map((parts) => mergeEvalJson(parts));
    if (out) for (const m of merged) await writeOut(jsonPathFor(out, m.tracker, several), JSON.stringify(m, null, 2) + '\n');
    process.stdout.write(formatEvalTable(merged));
    if (report) {
      // the report material of each tracker, in the merged (unsharded) sequence order
      const withReport = [...byTracker.values()].map((parts, i) => {
        const all = parts.flatMap((p) => p.report!.sequences);
        return { ...merged[i], report: { sequences: merged[i].sequences.map((s) => all.find((q) => q.name === s.name)!).filter(Boolean) } };
      });
      await writeOut(report, renderReportHtml({ results: merged, sequences: reportSequencesFrom(withReport), command: `modeseek eval merge ${argv.join(' ')}` }));
    }
    return merged.some((m) => (m.failed?.length ?? 0) > 0) ? 1 : 0;
  });
}
