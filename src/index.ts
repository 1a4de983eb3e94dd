// The public library API of modeseek ('modeseek'): named re-exports only; defines no element.
// The web component is 'modeseek/element'; Node-only helpers are 'modeseek/node'. The names
// are the ones README.md lists ("Every exported name"); test/package checks the installed
// package against that list. The room index files also export what other rooms and the
// tests use: only the names below are the package's.
export type { Channels, ImageLike, Rect, RotatedRect, ProbabilityImage } from './image/index.js';
export {
  rgbToHsv,
  CAMSHIFT_RANGE,
  calcHistogram,
  normalizeHistogram,
  backProject,
  BackProjector,
  moments,
  type Histogram,
  type HistogramOptions,
  type HistogramSpace,
  type HsvRange,
  type Moments,
} from './image/index.js';
export {
  createTracker,
  RobustTracker,
  HistogramTracker,
  DEFAULT_ROBUST_TRACKER_OPTIONS,
  DEFAULT_HISTOGRAM_TRACKER_OPTIONS,
  meanShiftWindow,
  camShift,
  DEFAULT_TERM_CRITERIA,
  type Tracker,
  type TrackerMethod,
  type TrackerOptions,
  type TrackResult,
  type TrackStatus,
  type TermCriteria,
  type MeanShiftWindowResult,
  type CamShiftResult,
  type ColorModel,
  type HistogramTrackerOptions,
  type RobustTrackerOptions,
} from './track/index.js';
export {
  meanShift,
  meanShiftSteps,
  estimateBandwidth,
  MEAN_SHIFT_DEFAULTS,
  ESTIMATE_BANDWIDTH_DEFAULTS,
  type MeanShiftStep,
  type MeanShiftOptions,
  type MeanShiftResult,
  type MeanShiftKernel,
  type EstimateBandwidthOptions,
  type MatrixLike,
  type PointsInput,
} from './cluster/index.js';
export {
  meanShiftFilter,
  segmentImage,
  drawRegionBoundaries,
  paintRegions,
  DEFAULT_FILTER_OPTIONS,
  DEFAULT_SEGMENT_OPTIONS,
  type MeanShiftFilterOptions,
  type SegmentImageOptions,
  type SegmentColorSpace,
  type SegmentImageResult,
  type SegmentRegion,
  type DrawBoundariesOptions,
  type ParallelFilterOptions,
} from './segment/index.js';
export {
  iou,
  centerError,
  scoreSequence,
  parseGroundTruth,
  GroundTruthError,
  type SequenceScore,
  type GroundTruth,
  type GroundTruthFormat,
  type ParseGroundTruthOptions,
} from './eval/index.js';
export { createSegmentWorkers, serveSegmentWorker, type SegmentWorkers } from './dom/segment-worker.js';
