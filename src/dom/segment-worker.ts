/**
 * Browser glue for mean-shift filtering and segmentation in Web Workers.
 *
 * Worker side: `serveSegmentWorker(self)` in a module worker. Page side:
 * `createSegmentWorkers(() => new Worker(url, { type: 'module' }), n)` gives a pool whose
 * `segment()` splits the filtering into bands of rows over the workers (identical result to
 * the single call), reports progress, can be cancelled, and fuses regions in a worker too.
 */
import type { ImageLike } from '../image/types.js';
import type { FilterTileResult, FilterTileTask } from '../segment/filter-tile.js';
import { filterTile } from '../segment/filter-tile.js';
import { resolveSegmentOptions, type SegmentImageOptions } from '../segment/options.js';
import { filterWithRunners, type ParallelFilterOptions, type TileRunner } from '../segment/pool.js';
import { segmentFiltered, type SegmentImageResult } from '../segment/segment-image.js';

type RequestBody =
  | { kind: 'tile'; task: FilterTileTask }
  | { kind: 'fuse'; image: ImageLike; filtered: FilterTileResult; options: SegmentImageOptions };
type Request = RequestBody & { id: number };

interface Scope {
  onmessage: ((ev: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

/** Serves band filtering and region fusion requests in a worker. */
export function serveSegmentWorker(scope: Scope): void {
  scope.onmessage = (ev: MessageEvent) => {
    const msg = ev.data as Request;
    try {
      if (msg.kind === 'tile') {
        const result = filterTile(msg.task);
        const transfer: Transferable[] = [result.rgb.buffer as ArrayBuffer];
        if (result.modes) transfer.push(result.modes.buffer as ArrayBuffer);
        scope.postMessage({ id: msg.id, result }, transfer);
      } else {
        const result = segmentFiltered(msg.image, msg.filtered, msg.options);
        scope.postMessage({ id: msg.id, result }, [result.labels.buffer as ArrayBuffer]);
      }
    } catch (err) {
      scope.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) }, []);
    }
  };
}

/** A pool of Web Workers made by {@link createSegmentWorkers}. */
export interface SegmentWorkers {
  readonly size: number;
  /** segmentImage over the workers (the filtering in bands, the fusion in a worker too). */
  segment(image: ImageLike, options?: SegmentImageOptions, parallel?: ParallelFilterOptions): Promise<SegmentImageResult>;
  /** Ends the workers (any request in flight rejects). */
  terminate(): void;
}

/** Starts `count` workers made by `create` (each must run serveSegmentWorker). */
export function createSegmentWorkers(create: () => Worker, count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2))): SegmentWorkers {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be an integer >= 1, got ${String(count)}`);
  const workers = Array.from({ length: count }, create);
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  for (const w of workers) {
    w.onmessage = (ev: MessageEvent) => {
      const { id, result, error } = ev.data as { id: number; result?: unknown; error?: string };
      const p = pending.get(id);
      if (!p) return;
      pending.delete(id);
      if (error !== undefined) p.reject(new Error(error));
      else p.resolve(result);
    };
    w.onerror = (ev) => {
      for (const p of pending.values()) p.reject(new Error(`segmentation worker failed: ${ev.message}`));
      pending.clear();
    };
  }
  const call = <T>(w: Worker, msg: RequestBody, transfer: Transferable[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ ...msg, id }, transfer);
    });
  const runners: TileRunner[] = workers.map((w) => (task) => call<FilterTileResult>(w, { kind: 'tile', task }, [task.rgb.buffer as ArrayBuffer]));
  return {
    size: count,
    async segment(image, options = {}, parallel = {}) {
      const o = resolveSegmentOptions(options);
      const filtered = await filterWithRunners(image, o, runners, parallel);
      if (parallel.signal?.aborted) throw new DOMException('segmentation was cancelled', 'AbortError');
      return call<SegmentImageResult>(workers[0], { kind: 'fuse', image, filtered, options: o }, []);
    },
    terminate() {
      for (const w of workers) w.terminate();
      for (const p of pending.values()) p.reject(new Error('segmentation workers were terminated'));
      pending.clear();
    },
  };
}
