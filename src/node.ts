// 'modeseek/node': what needs Node (worker_threads). Named re-exports only.
export { createSegmentPool, type SegmentPool, type SegmentPoolOptions } from './segment/node/parallel.js';
