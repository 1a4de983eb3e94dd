// What src/segment offers the rest of modeseek and the package (src/index.ts picks the
// package's names from here). Internals (tiling, kernels, pyramids, the band filter) are
// imported from their own modules by the code and tests that need them.
export { meanShiftFilter } from './filter.js';
export {
  DEFAULT_FILTER_OPTIONS,
  DEFAULT_SEGMENT_OPTIONS,
  type MeanShiftFilterOptions,
  type SegmentImageOptions,
  type SegmentColorSpace,
} from './options.js';
export { segmentImage, type SegmentImageResult, type SegmentRegion } from './segment-image.js';
export { drawRegionBoundaries, paintRegions, type DrawBoundariesOptions } from './boundaries.js';
export { type ParallelFilterOptions } from './pool.js';
