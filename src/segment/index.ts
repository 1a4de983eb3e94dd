// Public exports of src/segment (re-exports only).
export { meanShiftFilter, filterModes, filterModesInBands, BAND_PIXELS } from './filter.js';
export {
  DEFAULT_FILTER_OPTIONS,
  DEFAULT_SEGMENT_OPTIONS,
  MAX_PIXELS,
  MAX_COLOR_RADIUS,
  ALWAYS_OK_SPATIAL_RADIUS,
  type FilterParams,
  type MeanShiftFilterOptions,
  type SegmentImageOptions,
  type SegmentColorSpace,
} from './options.js';
export { filterTile, type FilterTileTask, type FilterTileResult } from './filter-tile.js';
export { planTiles, tileHalo, tileTask, placeTile, type TileBand } from './tiles.js';
export {
  segmentImage,
  segmentFiltered,
  describeRegions,
  type SegmentImageResult,
  type SegmentRegion,
} from './segment-image.js';
export { fuseRegions, type FuseResult } from './fuse-regions.js';
export {
  drawRegionBoundaries,
  regionBoundaryMask,
  paintRegions,
  type DrawBoundariesOptions,
} from './boundaries.js';
export { filterWithRunners, type TileRunner, type ParallelFilterOptions } from './pool.js';
export { useWasmKernel, segmentKernel, unpackLuvModes, LUV_SCALE } from './filter-tile.js';
export { wasmKernelAvailable, wasmKernelRefusal } from './wasm-kernel.js';
export { pyrDownPacked, pyrUpPacked, filterPyramid, MAX_PYRAMID_LEVEL, type PackedImage } from './pyramid.js';
