// Public exports of src/image: named re-exports only (helpers used inside modeseek stay internal).
export type { Channels, ImageLike, Rect, RotatedRect, ProbabilityImage } from './types.js';
export { rgbToHsv } from './color.js';
export {
  CAMSHIFT_RANGE,
  calcHistogram,
  normalizeHistogram,
  type Histogram,
  type HistogramOptions,
  type HistogramSpace,
  type HsvRange,
} from './histogram.js';
export { backProject, BackProjector } from './back-project.js';
export { moments, type Moments } from './moments.js';
