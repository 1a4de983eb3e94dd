// Public exports of src/image (re-exports only).
export * from './types.js';
export * from './round.js';
export * from './color.js';
export * from './histogram.js';
export * from './back-project.js';
export * from './moments.js';
