/** segmentImage(): mean-shift filtering, then fusion of the modes into regions. */
import type { ImageLike, Rect } from '../image/types.js';
import { LUV_SCALE, type FilterTileResult } from './filter-tile.js';
import { filterModes } from './filter.js';
import { fuseRegions } from './fuse-regions.js';
import { abortError, resolveSegmentOptions, type SegmentImageOptions } from './options.js';
import { checkSegmentInput, fromRgb3, toRgb3 } from './pixels.js';

/** One region of a segmentation: its size, mean colour and bounding box. */
export interface SegmentRegion {
  /** The region's label in `labels`. */
  label: number;
  /** Number of pixels. */
  size: number;
  /** Mean colour [r, g, b] of the region in the original image, 0..255 (unrounded). */
  color: [number, number, number];
  /** Mean colour [r, g, b] of the region in the filtered image, 0..255 (unrounded). */
  filteredColor: [number, number, number];
  /** Bounding box in pixels. */
  box: Rect;
}

/** Result of {@link segmentImage}. */
export interface SegmentImageResult {
  /** Region label of every pixel (row-major), 0..regionCount-1. */
  labels: Int32Array;
  regionCount: number;
  regions: SegmentRegion[];
  /** The mean-shift filtered image, shaped like the input. */
  filtered: ImageLike;
}

/** Region statistics from labels, the original packed RGB and the filtered packed RGB. */
export function describeRegions(
  labels: Int32Array,
  regionCount: number,
  width: number,
  rgb: Uint8Array,
  filteredRgb: Uint8Array,
): SegmentRegion[] {
  const stats = new Float64Array(regionCount * 11); // size, 3 sums, 3 filtered sums, minx, miny, maxx, maxy
  for (let r = 0; r < regionCount; r++) {
    stats[r * 11 + 7] = Infinity;
    stats[r * 11 + 8] = Infinity;
    stats[r * 11 + 9] = -1;
    stats[r * 11 + 10] = -1;
  }
  for (let q = 0; q < labels.length; q++) {
    const o = labels[q] * 11;
    const y = (q / width) | 0;
    const x = q - y * width;
    stats[o]++;
    stats[o + 1] += rgb[q * 3];
    stats[o + 2] += rgb[q * 3 + 1];
    stats[o + 3] += rgb[q * 3 + 2];
    stats[o + 4] += filteredRgb[q * 3];
    stats[o + 5] += filteredRgb[q * 3 + 1];
    stats[o + 6] += filteredRgb[q * 3 + 2];
    if (x < stats[o + 7]) stats[o + 7] = x;
    if (y < stats[o + 8]) stats[o + 8] = y;
    if (x > stats[o + 9]) stats[o + 9] = x;
    if (y > stats[o + 10]) stats[o + 10] = y;
  }
  const regions: SegmentRegion[] = [];
  for (let r = 0; r < regionCount; r++) {
    const o = r * 11;
    const s = stats[o];
    regions.push({
      label: r,
      size: s,
      color: [stats[o + 1] / s, stats[o + 2] / s, stats[o + 3] / s],
      filteredColor: [stats[o + 4] / s, stats[o + 5] / s, stats[o + 6] / s],
      box: { x: stats[o + 7], y: stats[o + 8], width: stats[o + 9] - stats[o + 7] + 1, height: stats[o + 10] - stats[o + 8] + 1 },
    });
  }
  return regions;
}

/**
 * Builds the segmentation from an already filtered image (`filterModes`, a worker pool...):
 * fuses modes within `colorRadius` into connected regions, then merges regions smaller than
 * `minRegionSize` into their most similar neighbour.
 */
export function segmentFiltered(
  image: ImageLike,
  filtered: FilterTileResult,
  options: SegmentImageOptions = {},
): SegmentImageResult {
  checkSegmentInput(image);
  const o = resolveSegmentOptions(options);
  // Luv modes come packed (10-bit fields scaled by LUV_SCALE): fuse them in those units
  const packed = o.colorSpace === 'luv' && filtered.modes;
  const { labels, regionCount } = packed
    ? fuseRegions(packed, image.width, image.height, o.colorRadius * LUV_SCALE, o.minRegionSize)
    : fuseRegions(filtered.rgb, image.width, image.height, o.colorRadius, o.minRegionSize);
  const rgb = toRgb3(image);
  return {
    labels,
    regionCount,
    regions: describeRegions(labels, regionCount, image.width, rgb, filtered.rgb),
    filtered: fromRgb3(filtered.rgb, image),
  };
}

/**
 * Mean-shift segmentation (Comaniciu & Meer 2002, EDISON): filter, fuse modes closer than
 * the radii into connected regions, merge regions smaller than `minRegionSize` into their
 * most similar neighbour.
 */
export function segmentImage(image: ImageLike, options: SegmentImageOptions = {}): SegmentImageResult {
  checkSegmentInput(image);
  const o = resolveSegmentOptions(options);
  // filtering reports 0..0.9 of the progress, fusion the rest
  const { onProgress, signal } = options;
  const filtered = filterModes(image, { ...o, signal, onProgress: onProgress && ((f) => onProgress(0.9 * f)) });
  if (signal?.aborted) throw abortError(signal);
  const result = segmentFiltered(image, filtered, o);
  onProgress?.(1);
  return result;
}
