import { mergeOptions } from '../util/options.js';

/** When mean shift stops: after `maxIterations` moves, or when a move is shorter than `epsilon` px. */
export interface TermCriteria {
  maxIterations?: number;
  epsilon?: number;
}

/** The CamShift sample's criteria: `TermCriteria(EPS | COUNT, 10, 1)`. */
export const DEFAULT_TERM_CRITERIA: Readonly<Required<TermCriteria>> = Object.freeze({ maxIterations: 10, epsilon: 1 });

/** Resolves criteria as OpenCV does: at least one iteration, epsilon ≥ 0. */
export function resolveCriteria(c: TermCriteria | undefined): { maxIterations: number; epsilon: number } {
  const { maxIterations, epsilon } = mergeOptions('criteria', DEFAULT_TERM_CRITERIA, c);
  if (!Number.isFinite(maxIterations)) throw new RangeError(`criteria.maxIterations must be a finite number, got ${maxIterations}`);
  if (!Number.isFinite(epsilon) && epsilon !== Infinity) throw new RangeError(`criteria.epsilon must be a number, got ${epsilon}`);
  return { maxIterations: Math.max(Math.trunc(maxIterations), 1), epsilon: Math.max(epsilon, 0) };
}
