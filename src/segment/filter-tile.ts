/**
 * One unit of filtering work: a band of rows (plus halo rows) of a packed RGB image.
 * The whole image is the band with no halo. Workers (browser or Node) run exactly this.
 */
import { filterLuvRows } from './luv-kernel.js';
import { rgbToLuv, luvToRgb } from './luv.js';
import type { MeanShiftFilterOptions } from './options.js';
import { filterRgbRows } from './rgb-kernel.js';

export interface FilterTileTask {
  /** Packed 3-channel RGB of the band, `width` x `rows`, halo included. */
  rgb: Uint8Array;
  width: number;
  rows: number;
  /** Image row of the band's first row. */
  rowOffset: number;
  /** Rows [rowStart, rowEnd) of the band to filter (band coordinates). */
  rowStart: number;
  rowEnd: number;
  options: Required<MeanShiftFilterOptions>;
}

export interface FilterTileResult {
  /** Filtered RGB of rows [rowStart, rowEnd), packed 3 channels. */
  rgb: Uint8Array;
  /** For colorSpace 'luv': the modes in Luv, packed 3 floats a pixel. */
  luv?: Float32Array;
}

/** Filters one band. Pure: allocates its output, touches nothing else. */
export function filterTile(task: FilterTileTask): FilterTileResult {
  const { rgb, width, rows, rowOffset, rowStart, rowEnd, options } = task;
  const outPixels = (rowEnd - rowStart) * width;
  if (options.colorSpace === 'rgb') {
    const out = new Uint8Array(outPixels * 3);
    filterRgbRows(rgb, width, rows, options, rowStart, rowEnd, out, rowOffset);
    return { rgb: out };
  }
  const luv = rgbToLuv(rgb);
  const modes = new Float32Array(outPixels * 3);
  filterLuvRows(luv, width, rows, options, rowStart, rowEnd, modes, rowOffset);
  return { rgb: luvToRgb(modes), luv: modes };
}
