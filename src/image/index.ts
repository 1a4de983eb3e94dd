// Public exports of src/image (re-exports only).
export * from './types.js';
