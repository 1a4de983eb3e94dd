// The public library API of modeseek: re-exports only; defines no element.
// The web component lives in 'modeseek/element'.
export * from './image/index.js';
export * from './track/index.js';
export * from './cluster/index.js';
export * from './segment/index.js';
export * from './eval/index.js';
