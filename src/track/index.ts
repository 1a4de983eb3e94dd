// Public exports of src/track (re-exports only).
export * from './types.js';
