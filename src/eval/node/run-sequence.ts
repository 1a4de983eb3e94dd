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
import { SequenceEvaluator } from '../evaluator.js';
import { formatPredictions } from '../result.js';
import { decodeFrame, thumbnailDataUrl } from './decode.js';
import { openSequence, type SequenceSource } from './sources.js';
import { videoFramesAt } from './video.js';

export interface SequenceJob {
  source: SequenceSource;
  trackers: string[];
  /** Overrides the layout's ground-truth origin. */
  origin?: 0 | 1;
  /** Write predictions under this folder (`<dir>/<name>.txt`, or `<dir>/<tracker>/<name>.txt` with several trackers). */
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
      width: number;
      height: number;
      runs: TrackerSequenceResult[];
      thumbnails: Thumbnail[];
    }
  | { ok: false; name: string; error: string };

/** Runs one sequence. Never throws: a failure comes back as `{ ok: false, error }`. */
export async function runSequenceJob(job: SequenceJob, onFrames?: (framesDone: number) => void): Promise<SequenceJobResult> {
  const { source } = job;
  try {
    const seq = await openSequence(source, { origin: job.origin });
    const trackers = job.trackers.map((name) => ({ name, tracker: createTracker({ method: name as TrackerMethod }) }));
    const ev = new SequenceEvaluator(seq.truth, trackers);
    let width = 0, height = 0, extra = 0;
    let last = 0;
    const where = seq.files ? `${source.frameDir ?? source.path}/` : source.path;
    for await (const frame of seq.frames()) {
      if (ev.processed >= ev.length) {
        extra++; // a video longer than its ground truth: count the rest for the error
        continue;
      }
      width = frame.width;
      height = frame.height;
      try {
        ev.step(frame);
      } catch (err) {
        const file = seq.files?.[ev.processed] ?? `${source.path} frame ${ev.processed + 1}`;
        throw new Error(`${file}: ${(err as Error).message}`);
      }
      if (onFrames && ev.processed - last >= 10) {
        onFrames(ev.processed - last);
        last = ev.processed;
      }
    }
    if (onFrames && ev.processed > last) onFrames(ev.processed - last);
    if (extra > 0) checkFrameCount(seq.truth, ev.processed + extra, where);
    const runs = ev.finish(where);

    if (job.predictionsDir) {
      const several = job.trackers.length > 1;
      for (const r of runs) {
        const dir = several ? join(job.predictionsDir, r.tracker) : job.predictionsDir;
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, `${source.name}.txt`), formatPredictions(r.predictions, seq.truth.origin));
      }
    }

    const thumbnails: Thumbnail[] = [];
    const count = job.thumbnails ?? 0;
    if (count > 0) {
      // worst frames: lowest IoU averaged over the trackers (ties: largest centre error), among
      // scored frames after the first, at least a few frames apart so the strip is not one moment
      const n = ev.length;
      const mean = new Float64Array(n), err = new Float64Array(n);
      for (let i = 0; i < runs.length; i++) {
        const o = ev.ious(i), e = ev.centerErrors(i);
        for (let k = 0; k < n; k++) {
          mean[k] += o[k] / runs.length;
          err[k] += e[k] / runs.length;
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
      const videoFrames = seq.video ? await videoFramesAt(source.path, seq.video, order, tw) : null;
      for (const k of order) {
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
          boxes: runs.map((r) => r.predictions[k]),
          ious: runs.map((_, i) => ev.ious(i)[k]),
        });
      }
    }
    const s0 = runs[0].score;
    return {
      ok: true,
      name: source.name,
      frames: s0.frames,
      excluded: s0.excluded,
      width,
      height,
      runs: runs.map((r) => ({
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
