/**
 * Splitting an image into bands of rows for parallel filtering. Each band carries a halo of
 * `filterReach(spatialRadius, maxIterations)` rows on each side: a pixel's windows never
 * reach farther, so filtering the bands gives exactly the result of filtering the whole image.
 */
import type { FilterTileResult, FilterTileTask } from './filter-tile.js';
import type { FilterParams } from './options.js';
import { filterReach } from './rgb-kernel.js';

export interface TileBand {
  /** Image rows [start, end) this band produces. */
  start: number;
  end: number;
  /** Image rows [haloStart, haloEnd) it needs (band plus halo, clipped to the image). */
  haloStart: number;
  haloEnd: number;
}

/** Halo (rows) a band needs so that its result equals the whole image's. */
export function tileHalo(options: FilterParams): number {
  return filterReach(options.spatialRadius, options.maxIterations) + 1;
}

/** Splits `height` rows into `count` bands of nearly equal size (fewer if the image is short). */
export function planTiles(height: number, count: number, halo: number): TileBand[] {
  const n = Math.max(1, Math.min(Math.floor(count), height));
  const bands: TileBand[] = [];
  for (let k = 0; k < n; k++) {
    const start = Math.floor((k * height) / n);
    const end = Math.floor(((k + 1) * height) / n);
    if (end <= start) continue;
    bands.push({ start, end, haloStart: Math.max(0, start - halo), haloEnd: Math.min(height, end + halo) });
  }
  return bands;
}

/** The task for one band of a packed RGB image (copies the band's rows, halo included). */
export function tileTask(
  rgb: Uint8Array,
  width: number,
  band: TileBand,
  options: FilterParams,
): FilterTileTask {
  const stride = width * 3;
  return {
    rgb: rgb.slice(band.haloStart * stride, band.haloEnd * stride),
    width,
    rows: band.haloEnd - band.haloStart,
    rowOffset: band.haloStart,
    rowStart: band.start - band.haloStart,
    rowEnd: band.end - band.haloStart,
    options,
  };
}

/** Copies a band's result into the whole image's buffers. */
export function placeTile(
  band: TileBand,
  width: number,
  result: FilterTileResult,
  rgbOut: Uint8Array,
  modesOut?: Int32Array,
): void {
  rgbOut.set(result.rgb, band.start * width * 3);
  if (modesOut && result.modes) modesOut.set(result.modes, band.start * width);
}
