/** meanShiftFilter(): edge-preserving smoothing by mean shift in the joint spatial-range domain. */
import type { ImageLike } from '../image/types.js';
import { filterTile, type FilterTileResult } from './filter-tile.js';
import { abortError, checkRadiiForImage, resolveFilterOptions, type MeanShiftFilterOptions } from './options.js';
import { checkSegmentInput, fromRgb3, toRgb3 } from './pixels.js';
import { placeTile, planTiles, tileHalo, tileTask } from './tiles.js';

/**
 * Pixels a band of rows holds (plus its halo) when filterModes streams over an image: the
 * working memory of a band is about 40 bytes a pixel (halo included), ~10 MB whatever the
 * image size.
 */
export const BAND_PIXELS = 1 << 18;

/**
 * Filters the whole image in the calling thread and returns the raw result: packed filtered
 * RGB and, for 'luv', the packed Luv modes. The building block of meanShiftFilter and
 * segmentImage. Streams over bands of about {@link BAND_PIXELS} pixels with the halo that
 * makes the result identical to one band (maxLevel 0), so memory stays at the output (3
 * bytes a pixel, 7 with 'luv') plus one band; reports `onProgress` and honours `signal`
 * between bands. maxLevel > 0 filters the whole image at once (about 40 bytes a pixel).
 */
export function filterModes(image: ImageLike, options: MeanShiftFilterOptions = {}): FilterTileResult {
  return filterModesInBands(image, options, BAND_PIXELS);
}

/** {@link filterModes} with bands of about `bandPixels` pixels (for tests and tuning). */
export function filterModesInBands(image: ImageLike, options: MeanShiftFilterOptions, bandPixels: number): FilterTileResult {
  checkSegmentInput(image);
  const o = resolveFilterOptions(options);
  const { width, height } = image;
  checkRadiiForImage(o, width, height);
  const { onProgress, signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const rgb = toRgb3(image);
  const rowsPerBand = Math.max(1, Math.floor(bandPixels / width));
  const count = o.maxLevel > 0 ? 1 : Math.ceil(height / rowsPerBand);
  if (count === 1) {
    onProgress?.(0);
    const r = filterTile({ rgb, width, rows: height, rowOffset: 0, rowStart: 0, rowEnd: height, options: o });
    onProgress?.(1);
    return r;
  }
  const bands = planTiles(height, count, tileHalo(o));
  const outRgb = new Uint8Array(width * height * 3);
  const outModes = o.colorSpace === 'luv' ? new Int32Array(width * height) : undefined;
  onProgress?.(0);
  for (let k = 0; k < bands.length; k++) {
    if (signal?.aborted) throw abortError(signal);
    placeTile(bands[k], width, filterTile(tileTask(rgb, width, bands[k], o)), outRgb, outModes);
    onProgress?.((k + 1) / bands.length);
  }
  if (signal?.aborted) throw abortError(signal);
  return outModes ? { rgb: outRgb, modes: outModes } : { rgb: outRgb };
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
