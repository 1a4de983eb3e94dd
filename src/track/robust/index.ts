// Public exports of src/track/robust: the tracker, its options and their defaults.
export { DEFAULT_ROBUST_TRACKER_OPTIONS, type RobustTrackerOptions } from './options.js';
export { RobustTracker } from './robust-tracker.js';
