import { formatBox } from './ground-truth.js';
import type { Rect } from '../image/types.js';
import type { EvalProtocol } from './run-plan.js';

/** One sequence in the evaluation JSON (the contract's fields, then `excluded`). */
export interface EvalSequenceResult {
  name: string;
  /** Frames of the sequence (scored and excluded). */
  frames: number;
  auc: number;
  precision20: number;
  meanIoU: number;
  /** Time inside `track()` per frame; null when unknown (results scored by `modeseek score`). */
  msPerFrame: number | null;
  /** Extra field: frames excluded because their ground truth is missing or empty. */
  excluded?: number;
  /** Extra field: runs the tracker made on the sequence (1 for OPE, up to 20 for TRE, 12 for SRE). */
  runs?: number;
}

/** The mean over sequences. */
export interface EvalMean {
  auc: number;
  precision20: number;
  meanIoU: number;
  /** null when a sequence's time is unknown. */
  msPerFrame: number | null;
}

/** A worst-frame thumbnail of one tracker (report material carried by shard parts). */
export interface EvalReportThumbnail {
  index: number;
  dataUrl: string;
  truth: Rect | null;
  box: Rect;
  iou: number | null;
}

/**
 * What the HTML report needs beyond the scores, per sequence: the frame size, this tracker's
 * success and precision curves and its worst-frame thumbnails. Written into the JSON parts of a
 * sharded run (`--shard`), so that `modeseek eval merge ... --report` can draw the report.
 */
export interface EvalReportData {
  sequences: { name: string; width: number; height: number; success: number[]; precision: number[]; thumbnails: EvalReportThumbnail[] }[];
}

/** A sequence that could not be evaluated (extra field of the JSON). */
export interface EvalFailure {
  name: string;
  error: string;
}

/**
 * The evaluation JSON of one tracker (the DESIGN.md contract):
 * `{ tracker, sequences: [{ name, frames, auc, precision20, meanIoU, msPerFrame }], mean }`.
 * `mean` is the mean over the sequences scored, or null when none was (never a fake 0).
 * Extra fields: `protocol` (`'ope'`, `'tre'`, `'sre'`), `excluded` and `runs` per sequence,
 * `options` (the tracker options given with `--options` that this tracker has; absent when none),
 * `failed` (sequences that could not be evaluated; absent when none failed), `shard`
 * (`{ index, count }`, 1-based, when written by `--shard`), `interrupted` (true when the run was
 * stopped before every sequence was done; absent otherwise).
 */
export interface EvalJson {
  tracker: string;
  sequences: EvalSequenceResult[];
  mean: EvalMean | null;
  protocol?: EvalProtocol;
  /** The tracker options the run was given (`--options`), when any. */
  options?: Record<string, unknown>;
  failed?: EvalFailure[];
  shard?: { index: number; count: number };
  interrupted?: boolean;
  /** Report material (shard parts only). */
  report?: EvalReportData;
}

/** What `buildEvalJson()` records beside the scores. */
export interface EvalJsonMeta {
  protocol?: EvalProtocol;
  /** Tracker options given to the run (recorded when there are any). */
  options?: Record<string, unknown>;
  shard?: { index: number; count: number };
  interrupted?: boolean;
}

function meanOf<K extends string>(rows: readonly Record<K, number | null>[], keys: readonly K[]): Record<K, number | null> {
  const out = {} as Record<K, number | null>;
  for (const k of keys) {
    let s = 0;
    for (const r of rows) s += r[k] ?? NaN;
    out[k] = Number.isNaN(s) ? null : s / rows.length;
  }
  return out;
}

const MEAN_KEYS = ['auc', 'precision20', 'meanIoU', 'msPerFrame'] as const;

/** The mean over sequences of the contract's four numbers; null over no sequence. */
export function meanOfSequences(sequences: readonly EvalSequenceResult[]): EvalMean | null {
  if (sequences.length === 0) return null;
  return meanOf(sequences as unknown as Record<(typeof MEAN_KEYS)[number], number | null>[], MEAN_KEYS) as unknown as EvalMean;
}

/** Builds one tracker's JSON (fields in the contract's order). */
export function buildEvalJson(
  tracker: string,
  sequences: readonly EvalSequenceResult[],
  failed: readonly EvalFailure[] = [],
  meta: EvalJsonMeta = {},
): EvalJson {
  const out: EvalJson = {
    tracker,
    sequences: sequences.map((s) => ({
      name: s.name,
      frames: s.frames,
      auc: s.auc,
      precision20: s.precision20,
      meanIoU: s.meanIoU,
      msPerFrame: s.msPerFrame,
      ...(s.excluded !== undefined ? { excluded: s.excluded } : {}),
      ...(s.runs !== undefined ? { runs: s.runs } : {}),
    })),
    mean: meanOfSequences(sequences),
    protocol: meta.protocol ?? 'ope',
  };
  if (meta.options && Object.keys(meta.options).length > 0) out.options = { ...meta.options };
  if (failed.length > 0) out.failed = failed.map((f) => ({ name: f.name, error: f.error }));
  if (meta.shard) out.shard = { index: meta.shard.index, count: meta.shard.count };
  if (meta.interrupted) out.interrupted = true;
  return out;
}

/** Checks that a parsed value is an evaluation JSON; the error names the file and the field. */
export function checkEvalJson(value: unknown, file = 'JSON'): EvalJson {
  const bad = (what: string): never => {
    throw new TypeError(`${file}: not a modeseek eval JSON (${what}); give files written by 'modeseek eval --json'`);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) bad('expected an object');
  const v = value as Record<string, unknown>;
  if (typeof v.tracker !== 'string') bad('missing "tracker"');
  if (!Array.isArray(v.sequences)) bad('missing "sequences"');
  for (const s of v.sequences as unknown[]) {
    const r = s as Record<string, unknown>;
    if (typeof r?.name !== 'string') bad('a sequence has no "name"');
    for (const k of ['frames', 'auc', 'precision20', 'meanIoU']) {
      if (typeof r[k] !== 'number') bad(`sequence "${String(r.name)}" has no number "${k}"`);
    }
    if (typeof r.msPerFrame !== 'number' && r.msPerFrame !== null) bad(`sequence "${String(r.name)}" has no "msPerFrame"`);
  }
  if (v.options !== undefined && (v.options === null || typeof v.options !== 'object' || Array.isArray(v.options))) bad('"options" is not an object');
  return v as unknown as EvalJson;
}

/**
 * Joins the JSON parts of a sharded evaluation of one tracker. Parts written with `--shard` are
 * put back in shard order (so the sequences come in the unsharded order); all parts must be of
 * the same tracker and shard count, each shard given once, and no sequence twice. The mean is
 * recomputed over all sequences.
 */
export function mergeEvalJson(parts: readonly EvalJson[]): EvalJson {
  if (parts.length === 0) throw new RangeError('eval merge needs at least one JSON part');
  const tracker = parts[0].tracker;
  const protocol = parts[0].protocol ?? 'ope';
  for (const p of parts) {
    if (p.tracker !== tracker) throw new RangeError(`cannot merge parts of different trackers ('${tracker}' and '${p.tracker}'); merge each tracker's parts separately`);
    if ((p.protocol ?? 'ope') !== protocol) throw new RangeError(`cannot merge parts of different protocols ('${protocol}' and '${p.protocol ?? 'ope'}'); merge the parts of one protocol`);
    if (optionsKey(p.options) !== optionsKey(parts[0].options)) {
      throw new RangeError(`cannot merge parts run with different tracker options (${optionsKey(parts[0].options) || 'none'} and ${optionsKey(p.options) || 'none'}); merge the parts of one run`);
    }
  }
  let ordered = [...parts];
  const sharded = parts.filter((p) => p.shard);
  let count: number | undefined;
  if (sharded.length > 0) {
    if (sharded.length !== parts.length) throw new RangeError('some parts were written with --shard and some without; merge parts of one sharded run');
    count = parts[0].shard!.count;
    const seen = new Set<number>();
    for (const p of parts) {
      if (p.shard!.count !== count) throw new RangeError(`parts disagree on the shard count (${count} and ${p.shard!.count})`);
      if (seen.has(p.shard!.index)) throw new RangeError(`shard ${p.shard!.index}/${count} is given twice`);
      seen.add(p.shard!.index);
    }
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (missing.length > 0) throw new RangeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing; give every part`);
    ordered = ordered.sort((a, b) => a.shard!.index - b.shard!.index);
  }
  const names = new Set<string>();
  const sequences: EvalSequenceResult[] = [];
  const failed: EvalFailure[] = [];
  for (const p of ordered) {
    for (const s of [...p.sequences, ...(p.failed ?? [])]) {
      if (names.has(s.name)) throw new RangeError(`sequence '${s.name}' appears in more than one part; give each part once`);
      names.add(s.name);
    }
    sequences.push(...p.sequences);
    failed.push(...(p.failed ?? []));
  }
  return buildEvalJson(tracker, sequences, failed, { protocol, options: parts[0].options, interrupted: parts.some((p) => p.interrupted) });
}

/** Tracker options as one comparable string (keys sorted); '' for none. */
function optionsKey(o: Record<string, unknown> | undefined): string {
  if (!o || Object.keys(o).length === 0) return '';
  return JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** The predictions file: one `x,y,w,h` a line in the ground truth's convention, line 1 the initial box. */
export function formatPredictions(boxes: readonly Rect[], origin: 0 | 1): string {
  let s = '';
  for (const b of boxes) s += formatBox(b, origin) + '\n';
  return s;
}

/** `eval.json` → `eval.camshift.json` (the file of one tracker when several are evaluated). */
export function jsonPathFor(file: string, tracker: string, several: boolean): string {
  if (!several) return file;
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const dot = file.lastIndexOf('.');
  return dot > slash + 1 ? `${file.slice(0, dot)}.${tracker}${file.slice(dot)}` : `${file}.${tracker}`;
}
