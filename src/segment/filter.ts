/** meanShiftFilter(): edge-preserving smoothing by mean shift in the joint spatial-range domain. */
import type { ImageLike } from '../image/types.js';
import { filterTile, type FilterTileResult } from './filter-tile.js';
import { resolveFilterOptions, type MeanShiftFilterOptions } from './options.js';
import { checkSegmentInput, fromRgb3, toRgb3 } from './pixels.js';

/**
 * Filters the whole image in the calling thread and returns the raw result: packed filtered
 * RGB and, for 'luv', the Luv modes. The building block of meanShiftFilter and segmentImage.
 */
export function filterModes(image: ImageLike, options: MeanShiftFilterOptions = {}): FilterTileResult {
  checkSegmentInput(image);
  const o = resolveFilterOptions(options);
  const rgb = toRgb3(image);
  return filterTile({ rgb, width: image.width, rows: image.height, rowOffset: 0, rowStart: 0, rowEnd: image.height, options: o });
}

/**
 * Mean-shift filtering (Comaniciu & Meer 2002): every pixel climbs to the mode of the joint
 * position-colour density (square window of half-size `spatialRadius`, colour ball of
 * `colorRadius`) and takes the mode's colour. Returns a new image with the input's channel
 * count (alpha copied). With `colorSpace: 'rgb'` (and the default `maxIterations: 5`,
 * `epsilon: 1`) the result equals OpenCV's `pyrMeanShiftFiltering(src, dst, sp, sr, maxLevel)`
 * pixel for pixel, maxLevel 0 (default) to 3 tested, OpenCV's BGR being our RGB reversed (as
 * cv2.imread loads the file we read): the pyramid keeps one OpenCV quirk that depends on the
 * byte order (see pyrUpPacked).
 */
export function meanShiftFilter(image: ImageLike, options: MeanShiftFilterOptions = {}): ImageLike {
  const { rgb } = filterModes(image, options);
  return fromRgb3(rgb, image);
}
