// Public exports of src/eval: named re-exports only. DOM-free and Node-free: file reading
// lives in src/eval/node/ and is used by the CLI only.
export { iou, centerError, scoreSequence, type SequenceScore } from './metrics.js';
export {
  parseGroundTruth,
  GroundTruthError,
  type GroundTruth,
  type GroundTruthFormat,
  type ParseGroundTruthOptions,
} from './ground-truth.js';
