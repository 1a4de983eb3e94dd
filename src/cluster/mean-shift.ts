// meanShift(): mean-shift clustering with scikit-learn 1.2's semantics.
import { mergeCentres, nearestCentres } from './merge-centres.js';
import { createMeanShiftRun, stepSeed, type MeanShiftRun } from './mean-shift-run.js';
import { toFlatPoints, toRows } from './points.js';
import type { MeanShiftOptions, MeanShiftResult, PointsInput } from './types.js';

/**
 * Mean-shift clustering: no number of clusters to choose, only a bandwidth.
 *
 * With the flat kernel (the default) the result is scikit-learn 1.2's `MeanShift`: every
 * seed (each point, the bin seeds, or `options.seeds`) moves to the mean of the points
 * within `bandwidth` (distance ≤ bandwidth) until it moves less than 1e-3 × bandwidth or has
 * taken `maxIterations` more steps; seeds with no point near them are dropped; the others
 * are merged, strongest first, dropping those within `bandwidth` of a stronger one; each
 * point gets the label of its nearest centre.
 *
 * Cost: with every point a seed (the default), about n × (iterations) neighbourhood queries,
 * answered by a grid (≤ 3 dimensions) or a KD tree. For hundreds of thousands of points use
 * `binSeeding: true` (and a larger `minBinFreq`), and pass `bandwidth`: estimating it takes
 * O(n²) time.
 *
 * @throws TypeError for data that is not a point set or has rows of different lengths.
 * @throws RangeError for no points, NaN or infinite coordinates, a given bandwidth ≤ 0,
 *   or when no seed has a point within the bandwidth. An estimated bandwidth of 0 makes every
 *   distinct point a cluster, as scikit-learn.
 */
export function meanShift(data: PointsInput, options: MeanShiftOptions = {}): MeanShiftResult {
  const run = createMeanShiftRun(data, options);
  for (let s = 0; s < run.nSeeds; s++) while (!stepSeed(run, s));
  return finishMeanShift(run);
}

/** Merges the converged seeds of a finished run and labels the points. */
export function finishMeanShift(run: MeanShiftRun): MeanShiftResult {
  const { d, bandwidth, points } = run;
  const centres = mergeCentres(run.positions, run.intensity, run.nSeeds, d, bandwidth);
  const labels = nearestCentres(points.data, points.n, centres, d, run.clusterAll ? Infinity : bandwidth);
  let iterations = 0;
  for (let s = 0; s < run.nSeeds; s++) if (run.completed[s] > iterations) iterations = run.completed[s];
  return {
    clusterCenters: toRows(centres, centres.length / d, d),
    labels,
    iterations,
    bandwidth,
    predict(input: PointsInput): number[] {
      const p = toFlatPoints(input, 'points', d);
      return nearestCentres(p.data, p.n, centres, d);
    },
  };
}
