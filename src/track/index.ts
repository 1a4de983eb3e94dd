// Public exports of src/track (re-exports only).
export * from './types.js';
export * from './criteria.js';
export * from './moment-source.js';
export * from './mean-shift-window.js';
export * from './camshift.js';
export * from './lazy-back-projection.js';
export * from './target.js';
export * from './histogram-tracker.js';
export * from './create-tracker.js';
export * from './robust/index.js';
export { TRACKER_METHODS, isTrackerMethod } from './methods.js';
export { trackerReadMargin } from './read-margin.js';
export { MultiTracker, type MultiTrackerOptions, type TargetTrackResult, type TrackedTarget } from './multi-tracker.js';
