/**
 * One unit of filtering work: a band of rows (plus halo rows) of a packed RGB image.
 * The whole image is the band with no halo. Workers (browser or Node) run exactly this.
 */
import { rgbToLuv, luvToRgb } from './luv.js';
import type { FilterParams } from './options.js';
import { filterPackedRows, filterRgbRows, type PackedKernel } from './rgb-kernel.js';
import { filterPackedRowsWasm, wasmKernelAvailable } from './wasm-kernel.js';
import { filterPyramid } from './pyramid.js';

let wasmKernel = true;

/**
 * Chooses the kernel of this thread (each Worker has its own choice): true (default) runs
 * the WebAssembly SIMD kernel where the runtime has it and the window fits its lanes, false
 * always the JS kernel. Both give the same result bit for bit; the switch is for measuring.
 */
export function useWasmKernel(on: boolean): void {
  wasmKernel = on;
}

/**
 * The kernel this thread filters with: 'wasm' (WebAssembly SIMD) or 'js' — where WebAssembly
 * or its SIMD is missing, where the page's Content-Security-Policy refuses it (a console
 * warning says so once), or after useWasmKernel(false). Very wide windows take the JS
 * kernel call by call even under 'wasm'.
 */
export function segmentKernel(): 'wasm' | 'js' {
  return wasmKernel && wasmKernelAvailable() ? 'wasm' : 'js';
}

/** filterPackedRows, in WebAssembly SIMD when enabled and possible. */
export const filterPacked: PackedKernel = (px, bits, width, rows, p, rowStart, rowEnd, dst, rowOffset = 0, refine) => {
  if (wasmKernel && filterPackedRowsWasm(px, bits, width, rows, p, rowStart, rowEnd, dst, rowOffset, refine)) return;
  filterPackedRows(px, bits, width, rows, p, rowStart, rowEnd, dst, rowOffset, refine);
};

/** The pyramid (maxLevel > 0) as a packed kernel; it needs the whole image (one band, no halo). */
function pyramidKernel(maxLevel: number): PackedKernel {
  return (px, bits, width, rows, p, rowStart, rowEnd, dst, rowOffset = 0) => {
    if (rowStart !== 0 || rowEnd !== rows || rowOffset !== 0) {
      throw new RangeError('maxLevel > 0 filters the whole image at once: pass one band with no halo');
    }
    dst.set(filterPyramid({ px, width, height: rows }, bits, p, maxLevel, filterPacked));
  };
}

/**
 * Luv is filtered by the integer kernel on Luv scaled by LUV_SCALE and offset into 10 bits a
 * channel (L 0..100, u -100..241, v -140..201 fit 0..1023): same window and stopping rules
 * as OpenCV's, means rounded to 1/LUV_SCALE of a Luv unit.
 */
export const LUV_SCALE = 3;
const U_OFFSET = 100;
const V_OFFSET = 140;

/** Luv floats (3 a pixel) of packed modes (FilterTileResult.modes). */
export function unpackLuvModes(packed: Int32Array): Float32Array {
  const modes = new Float32Array(packed.length * 3);
  for (let k = 0, d = 0; k < packed.length; k++, d += 3) {
    const v = packed[k];
    modes[d] = (v & 1023) / LUV_SCALE;
    modes[d + 1] = ((v >> 10) & 1023) / LUV_SCALE - U_OFFSET;
    modes[d + 2] = (v >> 20) / LUV_SCALE - V_OFFSET;
  }
  return modes;
}

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
  options: FilterParams;
}

export interface FilterTileResult {
  /** Filtered RGB of rows [rowStart, rowEnd), packed 3 channels. */
  rgb: Uint8Array;
  /**
   * For colorSpace 'luv': the modes of rows [rowStart, rowEnd), one Int32 a pixel: Luv scaled
   * by LUV_SCALE, L | (u + 100·3) << 10 | (v + 140·3) << 20 in 10-bit fields (exactly the
   * kernel's values; 4 bytes a pixel instead of 12). `unpackLuvModes` gives Luv floats.
   */
  modes?: Int32Array;
}

/** Filters one band. Pure: allocates its output, touches nothing else. */
export function filterTile(task: FilterTileTask): FilterTileResult {
  const { rgb, width, rows, rowOffset, rowStart, rowEnd, options } = task;
  const outPixels = (rowEnd - rowStart) * width;
  const kernel = options.maxLevel > 0 ? pyramidKernel(options.maxLevel) : filterPacked;
  if (options.colorSpace === 'rgb') {
    const out = new Uint8Array(outPixels * 3);
    filterRgbRows(rgb, width, rows, options, rowStart, rowEnd, out, rowOffset, kernel);
    return { rgb: out };
  }
  const luv = rgbToLuv(rgb);
  const n = width * rows;
  const px = new Int32Array(n);
  const q = (v: number): number => {
    const r = Math.round(v * LUV_SCALE);
    return r < 0 ? 0 : r > 1023 ? 1023 : r;
  };
  for (let k = 0, s = 0; k < n; k++, s += 3) {
    px[k] = q(luv[s]) | (q(luv[s + 1] + U_OFFSET) << 10) | (q(luv[s + 2] + V_OFFSET) << 20);
  }
  const packed = new Int32Array(outPixels);
  const scaled = { ...options, colorRadius: options.colorRadius * LUV_SCALE };
  kernel(px, 10, width, rows, scaled, rowStart, rowEnd, packed, rowOffset);
  const out = luvToRgb(unpackLuvModes(packed));
  // a pixel whose mode is its own (quantized) colour keeps its exact RGB (no round-trip error)
  const first = rowStart * width;
  for (let k = 0, d = 0, s = first * 3; k < outPixels; k++, d += 3, s += 3) {
    if (packed[k] === px[first + k]) {
      out[d] = rgb[s];
      out[d + 1] = rgb[s + 1];
      out[d + 2] = rgb[s + 2];
    }
  }
  return { rgb: out, modes: packed };
}
