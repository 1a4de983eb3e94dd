// Public exports of src/segment (re-exports only).
export { meanShiftFilter, filterModes } from './filter.js';
export {
  DEFAULT_FILTER_OPTIONS,
  DEFAULT_SEGMENT_OPTIONS,
  MAX_PIXELS,
  type MeanShiftFilterOptions,
  type SegmentImageOptions,
  type SegmentColorSpace,
} from './options.js';
export { filterTile, type FilterTileTask, type FilterTileResult } from './filter-tile.js';
export { planTiles, tileHalo, tileTask, placeTile, type TileBand } from './tiles.js';
