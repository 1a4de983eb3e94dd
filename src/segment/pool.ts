/**
 * Runtime-free scheduling of filter bands over a set of workers: the browser (Web Workers)
 * and Node (worker_threads) runners supply the transport, this file the splitting, the queue,
 * progress, cancellation and reassembly. DOM-free, imports no Node module.
 */
import type { ImageLike } from '../image/types.js';
import type { FilterTileResult, FilterTileTask } from './filter-tile.js';
import { abortError, checkRadiiForImage, resolveFilterOptions, type MeanShiftFilterOptions } from './options.js';
import { checkSegmentInput, toRgb3 } from './pixels.js';
import { placeTile, planTiles, tileHalo, tileTask } from './tiles.js';

/** Runs one band somewhere (a worker) and resolves with its result. */
export type TileRunner = (task: FilterTileTask) => Promise<FilterTileResult>;

/** How a parallel segmentation reports progress, splits the work and is cancelled. */
export interface ParallelFilterOptions {
  /** Bands per runner (more bands: finer progress and balance, more halo work). Default 4. */
  bandsPerWorker?: number;
  /** Called after each band with the fraction done, 0..1. */
  onProgress?: (fraction: number) => void;
  /** Aborting rejects at once with the signal's reason (an AbortError) and skips the remaining bands. */
  signal?: AbortSignal;
}


/**
 * Filters `image` in bands of rows spread over `runners` (one per worker), each band with
 * the halo that makes the result identical to the single call `filterModes(image, options)`.
 */
export async function filterWithRunners(
  image: ImageLike,
  options: MeanShiftFilterOptions,
  runners: readonly TileRunner[],
  parallel: ParallelFilterOptions = {},
): Promise<FilterTileResult> {
  checkSegmentInput(image);
  const o = resolveFilterOptions(options);
  checkRadiiForImage(o, image.width, image.height);
  if (runners.length === 0) throw new RangeError('at least one worker is needed, got 0');
  const signal = parallel.signal ?? options.signal;
  const onProgress = parallel.onProgress ?? options.onProgress;
  const perWorker = parallel.bandsPerWorker ?? 4;
  if (!Number.isInteger(perWorker) || perWorker < 1) {
    throw new RangeError(`bandsPerWorker must be an integer >= 1, got ${String(perWorker)}`);
  }
  if (signal?.aborted) throw abortError(signal);
  const { width, height } = image;
  const rgb = toRgb3(image);
  // the pyramid (maxLevel > 0) needs the whole image: one band on one worker
  const bands = o.maxLevel > 0 ? planTiles(height, 1, 0) : planTiles(height, runners.length * perWorker, tileHalo(o));
  const outRgb = new Uint8Array(width * height * 3);
  const outModes = o.colorSpace === 'luv' ? new Int32Array(width * height) : undefined;
  let next = 0;
  let done = 0;
  onProgress?.(0);
  const lane = async (run: TileRunner): Promise<void> => {
    while (next < bands.length) {
      if (signal?.aborted) throw abortError(signal);
      const band = bands[next++];
      const result = await run(tileTask(rgb, width, band, o));
      if (signal?.aborted) throw abortError(signal);
      placeTile(band, width, result, outRgb, outModes);
      done++;
      onProgress?.(done / bands.length);
    }
  };
  const lanes = Promise.all(runners.map(lane));
  if (signal) {
    // an abort rejects at once; the bands in flight finish in their workers and are dropped
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = (): void => signal.removeEventListener('abort', onAbort);
      lanes.then(
        () => (settle(), resolve()),
        (e: unknown) => (settle(), reject(e)),
      );
    });
  } else {
    await lanes;
  }
  return outModes ? { rgb: outRgb, modes: outModes } : { rgb: outRgb };
}
