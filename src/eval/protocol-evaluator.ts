import type { ImageLike, Rect } from '../image/types.js';
import type { Tracker } from '../track/types.js';
import type { Clock } from './evaluator.js';
import type { GroundTruth } from './ground-truth.js';
import { SequenceScorer, type SequenceScore } from './metrics.js';
import type { PlannedRun } from './run-plan.js';

/** A tracker under evaluation by name, and how to make a fresh one for each run. */
export interface TrackerFactory {
  name: string;
  create: () => Tracker;
}

/** One run of one tracker: its plan, its score over its own frames and its boxes. */
export interface ProtocolRunResult {
  run: PlannedRun;
  score: SequenceScore;
  /** One box a frame from `run.startFrame` to the end, 0-based; the first is `run.initBox`. */
  predictions: Rect[];
}

/** One tracker's outcome on one sequence under a protocol. */
export interface ProtocolTrackerResult {
  tracker: string;
  /**
   * The score over the frames of all runs pooled, as the OTB toolkit scores TRE and SRE (success
   * and precision counted over every frame of every run, divided by their total); for OPE, the
   * one run's score.
   */
  score: SequenceScore;
  /** Mean time inside `track()` per tracked frame over all runs, in ms. */
  msPerFrame: number;
  /** Frames the tracker reported `'lost'`, over all runs. */
  lostFrames: number;
  runs: ProtocolRunResult[];
}

/**
 * Replays one sequence under a run plan (OPE, TRE or SRE; see `planRuns()`), every run of every
 * tracker in a single pass over the frames: at frame k, the runs that start there are initialised
 * (and scored with their initial box, as OPE's first frame), the runs started earlier track, and
 * every active run is scored against the ground truth of frame k. So each frame is decoded once
 * however many runs there are. Only `track()` is timed. DOM-free.
 */
export class ProtocolEvaluator {
  readonly truth: GroundTruth;
  readonly plan: readonly PlannedRun[];
  private readonly factories: TrackerFactory[];
  /** [tracker][run] */
  private readonly trackers: Tracker[][];
  private readonly runScorers: SequenceScorer[][];
  private readonly predictions: Rect[][][];
  private readonly pooled: SequenceScorer[];
  private readonly ms: number[];
  private readonly tracked: number[];
  private readonly lost: number[];
  private readonly clock: Clock;
  private k = 0;

  constructor(truth: GroundTruth, plan: readonly PlannedRun[], trackers: readonly TrackerFactory[], clock: Clock = () => performance.now()) {
    if (trackers.length === 0) throw new RangeError('ProtocolEvaluator needs at least one tracker');
    if (plan.length === 0) throw new RangeError('ProtocolEvaluator needs at least one run');
    for (const r of plan) {
      if (!Number.isInteger(r.startFrame) || r.startFrame < 0 || r.startFrame >= truth.boxes.length) {
        throw new RangeError(`run ${r.label} starts at frame ${r.startFrame + 1}, outside the ${truth.boxes.length} frames of ${truth.file}`);
      }
    }
    this.truth = truth;
    this.plan = plan.map((r) => ({ ...r, initBox: { ...r.initBox } }));
    this.factories = [...trackers];
    this.trackers = trackers.map((f) => plan.map(() => f.create()));
    this.runScorers = trackers.map(() => plan.map(() => new SequenceScorer()));
    this.predictions = trackers.map(() => plan.map(() => []));
    this.pooled = trackers.map(() => new SequenceScorer());
    this.ms = trackers.map(() => 0);
    this.tracked = trackers.map(() => 0);
    this.lost = trackers.map(() => 0);
    this.clock = clock;
  }

  /** Frames processed so far. */
  get processed(): number {
    return this.k;
  }

  /** Frames the ground truth describes. */
  get length(): number {
    return this.truth.boxes.length;
  }

  /** Runs active at the frame about to be processed (work units of the next `step()`, per tracker). */
  activeRuns(): number {
    let n = 0;
    for (const r of this.plan) if (r.startFrame <= this.k) n++;
    return n;
  }

  /** Processes the next frame; returns the number of run-frames it advanced (all trackers). */
  step(frame: ImageLike): number {
    const k = this.k;
    if (k >= this.truth.boxes.length) {
      throw new RangeError(`the sequence has more frames than ${this.truth.file} has ground-truth lines (${this.truth.boxes.length}); give one box a frame`);
    }
    const truth = this.truth.boxes[k];
    let work = 0;
    for (let t = 0; t < this.factories.length; t++) {
      for (let r = 0; r < this.plan.length; r++) {
        const run = this.plan[r];
        if (run.startFrame > k) continue;
        const tracker = this.trackers[t][r];
        let box: Rect;
        if (run.startFrame === k) {
          tracker.init(frame, run.initBox);
          box = { x: run.initBox.x, y: run.initBox.y, width: run.initBox.width, height: run.initBox.height };
        } else {
          const t0 = this.clock();
          const res = tracker.track(frame, k);
          this.ms[t] += this.clock() - t0;
          this.tracked[t]++;
          if (res.status === 'lost') this.lost[t]++;
          box = { x: res.box.x, y: res.box.y, width: res.box.width, height: res.box.height };
        }
        this.predictions[t][r].push(box);
        this.runScorers[t][r].add(truth, box);
        this.pooled[t].add(truth, box);
        work++;
      }
    }
    this.k = k + 1;
    return work;
  }

  /** Per-frame IoU of run `r` of tracker `t` (index 0 = the run's start frame; NaN where excluded). */
  ious(t: number, r = 0): readonly number[] {
    return this.runScorers[t][r].ious;
  }

  /** Per-frame centre error of run `r` of tracker `t`. */
  centerErrors(t: number, r = 0): readonly number[] {
    return this.runScorers[t][r].centerErrors;
  }

  /** Final results; throws (with both counts) if fewer frames came than ground-truth lines. */
  finish(framesWhere = 'the sequence'): ProtocolTrackerResult[] {
    if (this.k !== this.truth.boxes.length) {
      throw new RangeError(
        `${framesWhere} has ${this.k} frames but ${this.truth.file} has ${this.truth.boxes.length} ground-truth lines (more ground-truth lines than frames); give one box a frame`,
      );
    }
    return this.factories.map((f, t) => ({
      tracker: f.name,
      score: this.pooled[t].score(),
      msPerFrame: this.tracked[t] > 0 ? this.ms[t] / this.tracked[t] : 0,
      lostFrames: this.lost[t],
      runs: this.plan.map((run, r) => ({ run, score: this.runScorers[t][r].score(), predictions: this.predictions[t][r] })),
    }));
  }
}
