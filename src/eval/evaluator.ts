import type { ImageLike, Rect } from '../image/types.js';
import type { Tracker } from '../track/types.js';
import type { GroundTruth } from './ground-truth.js';
import { SequenceScorer, type SequenceScore } from './metrics.js';

/** A tracker under evaluation and the name it is reported by. */
export interface NamedTracker {
  name: string;
  tracker: Tracker;
}

/** One tracker's outcome on one sequence. */
export interface TrackerRun {
  tracker: string;
  score: SequenceScore;
  /** Mean time inside `track()` per tracked frame (every frame but the first), in ms. */
  msPerFrame: number;
  /** Frames the tracker reported `'lost'`. */
  lostFrames: number;
  /** The predicted boxes, 0-based, one a frame; the first is the initial (ground-truth) box. */
  predictions: Rect[];
}

/** What `SequenceEvaluator.step()` reports for a frame. */
export interface FrameStep {
  /** 0-based index of the frame just processed. */
  index: number;
  /** Ground truth of the frame (0-based), null if missing or empty. */
  truth: Rect | null;
  /** Per tracker, in order: the prediction (a copy), its IoU (NaN if excluded) and the time in `track()`. */
  results: { box: Rect; iou: number; ms: number; lost: boolean }[];
}

/** Clock used to time `track()`; `performance.now` in Node and browsers. */
export type Clock = () => number;

/**
 * Replays one sequence through one or more trackers, frame by frame, the OTB way ("one-pass
 * evaluation"): every tracker is initialised on frame 0 with the first ground-truth box, frame 0
 * is scored with that box (as the OTB toolkit does), and every later frame is tracked and
 * scored. Only the `track()` call is timed. The CLI and the replay page both drive this class,
 * so their numbers are the same for the same frames.
 */
export class SequenceEvaluator {
  readonly truth: GroundTruth;
  private readonly trackers: NamedTracker[];
  private readonly scorers: SequenceScorer[];
  private readonly predictions: Rect[][];
  private readonly ms: number[];
  private readonly lost: number[];
  private readonly clock: Clock;
  private k = 0;

  constructor(truth: GroundTruth, trackers: readonly NamedTracker[], clock: Clock = () => performance.now()) {
    if (trackers.length === 0) throw new RangeError('SequenceEvaluator needs at least one tracker');
    const first = truth.boxes[0];
    if (!first) {
      throw new RangeError(`${truth.file}:1: the first ground-truth box is missing or empty; the trackers start from it, so give a box on line 1`);
    }
    this.truth = truth;
    this.trackers = [...trackers];
    this.scorers = trackers.map(() => new SequenceScorer());
    this.predictions = trackers.map(() => []);
    this.ms = trackers.map(() => 0);
    this.lost = trackers.map(() => 0);
    this.clock = clock;
  }

  /** Number of frames processed so far. */
  get processed(): number {
    return this.k;
  }

  /** Number of frames the ground truth describes. */
  get length(): number {
    return this.truth.boxes.length;
  }

  /** Processes the next frame (frame 0 initialises the trackers). */
  step(frame: ImageLike): FrameStep {
    const k = this.k;
    if (k >= this.truth.boxes.length) {
      throw new RangeError(
        `the sequence has more frames than ${this.truth.file} has ground-truth lines (${this.truth.boxes.length}); give one box a frame`,
      );
    }
    const truth = this.truth.boxes[k];
    const results: FrameStep['results'] = [];
    for (let t = 0; t < this.trackers.length; t++) {
      const { tracker } = this.trackers[t];
      let box: Rect, ms = 0, lost = false;
      if (k === 0) {
        const init = truth!;
        tracker.init(frame, init);
        box = { x: init.x, y: init.y, width: init.width, height: init.height };
      } else {
        const t0 = this.clock();
        const r = tracker.track(frame, k);
        ms = this.clock() - t0;
        // track() returns a tracker-owned object that the next call overwrites: copy the box
        box = { x: r.box.x, y: r.box.y, width: r.box.width, height: r.box.height };
        lost = r.status === 'lost';
        this.ms[t] += ms;
        if (lost) this.lost[t]++;
      }
      this.predictions[t].push(box);
      const o = this.scorers[t].add(truth, box);
      results.push({ box, iou: o, ms, lost });
    }
    this.k = k + 1;
    return { index: k, truth, results };
  }

  /** Running scores of every tracker (valid at any time). */
  current(): TrackerRun[] {
    return this.trackers.map((t, i) => ({
      tracker: t.name,
      score: this.scorers[i].score(),
      msPerFrame: this.k > 1 ? this.ms[i] / (this.k - 1) : 0,
      lostFrames: this.lost[i],
      predictions: this.predictions[i],
    }));
  }

  /** Per-frame IoU of tracker `i` (NaN where excluded). */
  ious(i: number): readonly number[] {
    return this.scorers[i].ious;
  }

  /** Per-frame centre error of tracker `i` (NaN where excluded). */
  centerErrors(i: number): readonly number[] {
    return this.scorers[i].centerErrors;
  }

  /** Final scores; throws (with both counts) if fewer frames came than ground-truth lines. */
  finish(framesWhere = 'the sequence'): TrackerRun[] {
    if (this.k !== this.truth.boxes.length) {
      throw new RangeError(
        `${framesWhere} has ${this.k} frames but ${this.truth.file} has ${this.truth.boxes.length} ground-truth lines (more ground-truth lines than frames); give one box a frame`,
      );
    }
    return this.current();
  }
}
