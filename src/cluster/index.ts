// Public exports of src/cluster: named re-exports only.
export { meanShift } from './mean-shift.js';
export { meanShiftSteps, type MeanShiftStep } from './mean-shift-steps.js';
export { estimateBandwidth } from './estimate-bandwidth.js';
export {
  MEAN_SHIFT_DEFAULTS,
  ESTIMATE_BANDWIDTH_DEFAULTS,
  type MeanShiftOptions,
  type MeanShiftResult,
  type MeanShiftKernel,
  type EstimateBandwidthOptions,
  type MatrixLike,
  type PointsInput,
} from './types.js';
