/**
 * Node only: mean-shift filtering and segmentation split over worker_threads. Not exported
 * from the browser index (it imports node: modules); the CLI and the benchmark use it.
 * The result is identical to the single call (bands carry an exact halo).
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImageLike } from '../../image/types.js';
import type { FilterTileResult, FilterTileTask } from '../filter-tile.js';
import { resolveSegmentOptions, type MeanShiftFilterOptions, type SegmentImageOptions } from '../options.js';
import { fromRgb3 } from '../pixels.js';
import { filterWithRunners, type ParallelFilterOptions, type TileRunner } from '../pool.js';
import { segmentFiltered, type SegmentImageResult } from '../segment-image.js';

/** Options of {@link createSegmentPool}. */
export interface SegmentPoolOptions {
  /** Number of worker threads. Default: the machine's available parallelism. */
  workers?: number;
}

/** A pool of worker threads made by {@link createSegmentPool}. */
export interface SegmentPool {
  readonly size: number;
  /** Filters in parallel; the raw result (packed RGB, Luv modes). */
  filterModes(image: ImageLike, options?: MeanShiftFilterOptions, parallel?: ParallelFilterOptions): Promise<FilterTileResult>;
  /** meanShiftFilter over the pool. */
  filter(image: ImageLike, options?: MeanShiftFilterOptions, parallel?: ParallelFilterOptions): Promise<ImageLike>;
  /** segmentImage over the pool (the filtering is parallel, the fusion runs here). */
  segment(image: ImageLike, options?: SegmentImageOptions, parallel?: ParallelFilterOptions): Promise<SegmentImageResult>;
  /** Ends the worker threads. */
  close(): Promise<void>;
}

function spawn(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // running from source (tsx, vitest): load the TypeScript worker through tsx's loader
    const workerUrl = new URL('./parallel-worker.ts', here).href;
    const tsxApi = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const boot =
      `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); ` +
      `return import(${JSON.stringify(workerUrl)}); });`;
    return new Worker(boot, { eval: true });
  }
  return new Worker(new URL('./parallel-worker.js', here));
}

/** Starts a pool of worker threads for filtering and segmentation. Close it when done. */
export async function createSegmentPool(options: SegmentPoolOptions = {}): Promise<SegmentPool> {
  const size = options.workers ?? Math.max(1, availableParallelism());
  if (!Number.isInteger(size) || size < 1 || size > 256) {
    throw new RangeError(`workers must be an integer in 1..256, got ${String(size)}`);
  }
  const workers = Array.from({ length: size }, spawn);
  let nextId = 0;
  const runners: TileRunner[] = workers.map(
    (w) => (task: FilterTileTask) =>
      new Promise<FilterTileResult>((resolve, reject) => {
        const id = nextId++;
        const onMessage = (msg: { id: number; result?: FilterTileResult; error?: string }): void => {
          if (msg.id !== id) return;
          w.off('message', onMessage);
          w.off('error', onError);
          if (msg.error !== undefined) reject(new Error(msg.error));
          else resolve(msg.result!);
        };
        const onError = (err: Error): void => {
          w.off('message', onMessage);
          reject(err);
        };
        w.on('message', onMessage);
        w.once('error', onError);
        w.postMessage({ id, task }, [task.rgb.buffer as ArrayBuffer]);
      }),
  );
  const pool: SegmentPool = {
    size,
    filterModes: (image, opts = {}, parallel = {}) => filterWithRunners(image, opts, runners, parallel),
    async filter(image, opts = {}, parallel = {}) {
      const { rgb } = await filterWithRunners(image, opts, runners, parallel);
      return fromRgb3(rgb, image);
    },
    async segment(image, opts = {}, parallel = {}) {
      const o = resolveSegmentOptions(opts);
      return segmentFiltered(image, await filterWithRunners(image, o, runners, parallel), o);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
  return pool;
}
