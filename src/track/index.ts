// Public exports of src/track: named re-exports only.
export type { Tracker, TrackerMethod, TrackResult, TrackStatus } from './types.js';
export { DEFAULT_TERM_CRITERIA, type TermCriteria } from './criteria.js';
export { meanShiftWindow, type MeanShiftWindowResult } from './mean-shift-window.js';
export { camShift, type CamShiftResult } from './camshift.js';
export {
  DEFAULT_HISTOGRAM_TRACKER_OPTIONS,
  HistogramTracker,
  type ColorModel,
  type HistogramTrackerOptions,
} from './histogram-tracker.js';
export { RobustTracker, DEFAULT_ROBUST_TRACKER_OPTIONS, type RobustTrackerOptions } from './robust/index.js';
export { createTracker, type TrackerOptions } from './create-tracker.js';
// used inside modeseek (the element, the CLI) and by tests; not part of the package's API
export { TRACKER_METHODS, isTrackerMethod } from './methods.js';
export { trackerReadMargin } from './read-margin.js';
export { MultiTracker, type MultiTrackerOptions, type TargetTrackResult, type TrackedTarget } from './multi-tracker.js';
