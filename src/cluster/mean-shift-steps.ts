// meanShiftSteps(): mean shift one iteration at a time, for animation.
import { finishMeanShift } from './mean-shift.js';
import { createMeanShiftRun, stepSeed } from './mean-shift-run.js';
import type { MeanShiftOptions, MeanShiftResult, PointsInput } from './types.js';

/** One iteration of {@link meanShiftSteps}. */
export interface MeanShiftStep {
  /** 0 for the seeds before any step, then 1, 2, ... */
  iteration: number;
  /** Number of seeds. */
  seedCount: number;
  /** Dimensions of a point. */
  dimensions: number;
  /**
   * Seed positions, row-major seedCount × dimensions. The same array is updated in place
   * at every step: copy it to keep it.
   */
  positions: Float64Array;
  /** 1 for the seeds still moving, 0 for those done (same array every step). */
  active: Uint8Array;
  /** Number of seeds still moving. */
  activeCount: number;
  /** The bandwidth in use (given or estimated). */
  bandwidth: number;
}

/**
 * {@link meanShift} as a generator: yields every iteration's seed positions (all seeds take
 * their k-th step together), then returns the same result as `meanShift(data, options)`.
 *
 * ```ts
 * const steps = meanShiftSteps(points, { bandwidth: 2 });
 * let r = steps.next();
 * while (!r.done) { draw(r.value.positions); r = steps.next(); }
 * const { clusterCenters, labels } = r.value;
 * ```
 */
export function* meanShiftSteps(
  data: PointsInput,
  options: MeanShiftOptions = {},
): Generator<MeanShiftStep, MeanShiftResult, void> {
  const run = createMeanShiftRun(data, options, 'meanShiftSteps');
  const active = new Uint8Array(run.nSeeds).fill(1);
  let activeCount = run.nSeeds;
  const step: MeanShiftStep = {
    iteration: 0,
    seedCount: run.nSeeds,
    dimensions: run.d,
    positions: run.positions,
    active,
    activeCount,
    bandwidth: run.bandwidth,
  };
  yield step;
  while (activeCount > 0) {
    for (let s = 0; s < run.nSeeds; s++) {
      if (active[s] && stepSeed(run, s)) {
        active[s] = 0;
        activeCount--;
      }
    }
    step.iteration++;
    step.activeCount = activeCount;
    yield step;
  }
  return finishMeanShift(run);
}
