// Public exports of src/eval (re-exports only). DOM-free and Node-free: file reading lives in
// src/eval/node/ and is used by the CLI only.
export * from './ground-truth.js';
export * from './metrics.js';
export * from './evaluator.js';
export * from './result.js';
export * from './table.js';
export * from './plots.js';
export * from './natural-sort.js';
export * from './report-html.js';
export * from './run-plan.js';
export * from './protocol-evaluator.js';
