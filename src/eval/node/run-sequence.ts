/**
 * Node only: evaluates one sequence with one or more trackers (the unit of work of a worker
 * thread): decodes the frames (prefetched), drives a SequenceEvaluator, writes the predictions,
 * and makes the report's thumbnails of the worst frames.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rect } from '../../image/types.js';
import { createTracker } from '../../track/create-tracker.js';
import type { TrackerMethod } from '../../track/types.js';
import { checkFrameCount } from '../ground-truth.js';
import { ProtocolEvaluator } from '../protocol-evaluator.js';
import { formatPredictions } from '../result.js';
import { planRuns, type EvalProtocol } from '../run-plan.js';
import { decodeFrame, thumbnailDataUrl } from './decode.js';
import { openSequence, type SequenceSource } from './sources.js';
import { videoFramesAt } from './video.js';

export interface SequenceJob {
  source: SequenceSource;
  trackers: string[];
  /** Tracker options (`createTracker()`'s), given to every tracker; each reads those of its method. */
  trackerOptions?: Record<string, unknown>;
  /** OTB protocol (default 'ope'): one pass, or TRE's 20 starts, or SRE's 12 perturbed first boxes. */
  protocol?: EvalProtocol;
  /** Overrides the layout's ground-truth origin. */
  origin?: 0 | 1;
  /**
   * Write predictions under this folder (`<dir>/<name>.txt`, or `<dir>/<tracker>/<name>.txt` with
   * several trackers); with TRE/SRE one file a run, `<dir>/<name>/<run label>.txt`, from the run's
   * start frame to the end.
   */
  predictionsDir?: string;
  /** Number of worst-frame thumbnails to make (0: none). */
  thumbnails?: number;
  thumbnailWidth?: number;
}

/** A worst-frame thumbnail: the frame, its ground truth and every tracker's box (full-frame pixels, 0-based). */
export interface Thumbnail {
  index: number;
  dataUrl: string;
  truth: Rect | null;
  boxes: Rect[];
  ious: number[];
}

export interface TrackerSequenceResult {
  tracker: string;
  auc: number;
  precision20: number;
  meanIoU: number;
  msPerFrame: number;
  lostFrames: number;
  success: number[];
  precision: number[];
}

export type SequenceJobResult =
  | {
      ok: true;
      name: string;
      frames: number;
      excluded: number;
      /** Runs a tracker made on the sequence (1 for OPE). */
      runs: number;
      /** Frames scored over all runs (the sequence's frames for OPE). */
      runFrames: number;
      width: number;
      height: number;
      trackers: TrackerSequenceResult[];
      thumbnails: Thumbnail[];
    }
  | { ok: false; name: string; error: string };

/** Runs one sequence. Never throws: a failure comes back as `{ ok: false, error }`. */
export async function runSequenceJob(job: SequenceJob, onFrames?: (runFrames: number) => void, signal?: AbortSignal): Promise<SequenceJobResult> {
  const { source } = job;
  const protocol = job.protocol ?? 'ope';
  try {
    const seq = await openSequence(source, { origin: job.origin });
    const factories = job.trackers.map((name) => ({ name, create: () => createTracker({ ...job.trackerOptions, method: name as TrackerMethod }) }));
    // the plan needs the frame size (SRE clips its boxes to the frame): made on the first frame
    let ev: ProtocolEvaluator | null = null;
    let width = 0, height = 0, extra = 0;
    let pending = 0;
    const where = seq.files ? `${source.frameDir ?? source.path}/` : source.path;
    for await (const frame of seq.frames()) {
      if (signal?.aborted) throw new Error('interrupted');
      if (!ev) {
        let plan;
        try {
          plan = planRuns(protocol, seq.truth.boxes, frame);
        } catch (err) {
          throw new Error(`${seq.truth.file}: ${(err as Error).message}`);
        }
        ev = new ProtocolEvaluator(seq.truth, plan, factories);
      }
      if (ev.processed >= ev.length) {
        extra++; // a video longer than its ground truth: count the rest for the error
        continue;
      }
      width = frame.width;
      height = frame.height;
      try {
        pending += ev.step(frame) / factories.length;
      } catch (err) {
        const file = seq.files?.[ev.processed] ?? `${source.path} frame ${ev.processed + 1}`;
        throw new Error(`${file}: ${(err as Error).message}`);
      }
      if (onFrames && pending >= 10) {
        onFrames(pending);
        pending = 0;
      }
    }
    if (onFrames && pending > 0) onFrames(pending);
    if (!ev) throw new Error(`${where}: no frame could be read`);
    const evd: ProtocolEvaluator = ev;
    if (extra > 0) checkFrameCount(seq.truth, evd.processed + extra, where);
    const results = evd.finish(where);

    if (job.predictionsDir) {
      const several = job.trackers.length > 1;
      for (const r of results) {
        const dir = several ? join(job.predictionsDir, r.tracker) : job.predictionsDir;
        if (protocol === 'ope') {
          await mkdir(dir, { recursive: true });
          await writeFile(join(dir, `${source.name}.txt`), formatPredictions(r.runs[0].predictions, seq.truth.origin));
        } else {
          const runDir = join(dir, source.name);
          await mkdir(runDir, { recursive: true });
          for (const run of r.runs) await writeFile(join(runDir, `${run.run.label}.txt`), formatPredictions(run.predictions, seq.truth.origin));
        }
      }
    }

    const thumbnails: Thumbnail[] = [];
    const count = job.thumbnails ?? 0;
    if (count > 0) {
      // worst frames: lowest IoU averaged over the trackers (ties: largest centre error), among
      // scored frames after the first, at least a few frames apart so the strip is not one moment
      // (of the first run: OPE's one run, TRE's run from the first valid frame, SRE's first shift)
      const start = ev.plan[0].startFrame;
      const n = ev.length - start;
      const mean = new Float64Array(n), err = new Float64Array(n);
      for (let i = 0; i < results.length; i++) {
        const o = ev.ious(i, 0), e = ev.centerErrors(i, 0);
        for (let k = 0; k < n; k++) {
          mean[k] += o[k] / results.length;
          err[k] += e[k] / results.length;
        }
      }
      const gap = Math.max(1, Math.floor(n / (3 * count)));
      const ranked = Array.from({ length: n - 1 }, (_, k) => k + 1)
        .filter((k) => !Number.isNaN(mean[k]))
        .sort((a, b) => mean[a] - mean[b] || err[b] - err[a] || a - b);
      const order: number[] = [];
      for (const k of ranked) {
        if (order.length >= count) break;
        if (order.every((j) => Math.abs(j - k) >= gap)) order.push(k);
      }
      order.sort((a, b) => a - b);
      const tw = job.thumbnailWidth ?? 240;
      const videoFrames = seq.video ? await videoFramesAt(source.path, seq.video, order.map((j) => j + start), tw) : null;
      for (const j of order) {
        const k = j + start;
        let dataUrl: string;
        if (seq.files) dataUrl = await thumbnailDataUrl(seq.files[k], tw);
        else {
          const f = videoFrames!.get(k);
          if (!f) continue;
          dataUrl = await thumbnailDataUrl(f, tw);
        }
        thumbnails.push({
          index: k,
          dataUrl,
          truth: seq.truth.boxes[k],
          boxes: results.map((r) => r.runs[0].predictions[j]),
          ious: results.map((_, i) => evd.ious(i, 0)[j]),
        });
      }
    }
    return {
      ok: true,
      name: source.name,
      frames: ev.length,
      excluded: seq.truth.missing,
      runs: ev.plan.length,
      runFrames: results[0].score.frames,
      width,
      height,
      trackers: results.map((r) => ({
        tracker: r.tracker,
        auc: r.score.auc,
        precision20: r.score.precision20,
        meanIoU: r.score.meanIoU,
        msPerFrame: r.msPerFrame,
        lostFrames: r.lostFrames,
        success: r.score.success,
        precision: r.score.precision,
      })),
      thumbnails,
    };
  } catch (err) {
    return { ok: false, name: source.name, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Decodes one frame file (re-exported for tests). */
export { decodeFrame };
