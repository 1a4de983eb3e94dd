// Public exports of src/cluster (re-exports only).
export { meanShift } from './mean-shift.js';
export { meanShiftSteps, type MeanShiftStep } from './mean-shift-steps.js';
export { estimateBandwidth } from './estimate-bandwidth.js';
export {
  MEAN_SHIFT_DEFAULTS,
  ESTIMATE_BANDWIDTH_DEFAULTS,
  ESTIMATE_WARN_DISTANCES,
  GAUSSIAN_SUPPORT,
  type MeanShiftOptions,
  type MeanShiftResult,
  type MeanShiftKernel,
  type EstimateBandwidthOptions,
  type PointsInput,
} from './types.js';
