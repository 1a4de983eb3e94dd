// Public exports of src/track/robust (re-exports only).
export * from './options.js';
export * from './robust-tracker.js';
