/**
 * Node only: spreads sequences over worker threads. Each worker evaluates whole sequences;
 * results come back in input order; a sequence that fails (or a worker that dies) is reported
 * as failed and the others still run.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runSequenceJob, type SequenceJob, type SequenceJobResult } from './run-sequence.js';

function spawn(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // running from source (tsx, vitest): register tsx in the worker, then load the TypeScript entry
    const workerUrl = new URL('./worker.ts', here).href;
    const tsxApi = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl)}); });`;
    return new Worker(boot, { eval: true });
  }
  // a worker inherits the process's flags; --input-type only applies to the main script
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
  return new Worker(new URL('./worker.js', here), { execArgv });
}

export interface RunJobsOptions {
  /** Worker threads; 0 or 1 runs in this thread. */
  jobs: number;
  /** The order to take the jobs in (indices into the list; default: as listed). Results stay in list order. */
  order?: readonly number[];
  /** Called with the number of frames just processed (any sequence). */
  onFrames?: (frames: number) => void;
  /** Called when a sequence is done (in completion order); a returned promise is awaited before the lane takes the next job. */
  onResult?: (index: number, result: SequenceJobResult) => void | Promise<void>;
  /**
   * Stops the run: no job is started after it aborts, worker threads are terminated (their
   * sequences in progress are dropped) and the sequence running in this thread stops at its next
   * frame. The results of the jobs not finished are left undefined.
   */
  signal?: AbortSignal;
}

/**
 * Runs the jobs, `jobs` at a time, and returns their results in input order (undefined for the
 * jobs not finished when `signal` aborted).
 */
export async function runJobs(list: readonly SequenceJob[], options: RunJobsOptions): Promise<(SequenceJobResult | undefined)[]> {
  const results: (SequenceJobResult | undefined)[] = new Array(list.length);
  const signal = options.signal;
  const order = options.order ?? list.map((_, i) => i);
  if (order.length !== list.length || new Set(order).size !== list.length || order.some((i) => !(i >= 0 && i < list.length))) {
    throw new RangeError(`order must list each of the ${list.length} jobs once`);
  }
  let next = 0;
  const take = (): number => (!signal?.aborted && next < order.length ? order[next++] : -1);
  const finish = async (i: number, r: SequenceJobResult): Promise<void> => {
    results[i] = r;
    await options.onResult?.(i, r);
  };
  const threads = Math.min(options.jobs, list.length);
  if (threads <= 1) {
    for (let i = take(); i >= 0; i = take()) {
      const r = await runSequenceJob(list[i], options.onFrames, signal);
      if (signal?.aborted && !r.ok) break; // stopped mid-sequence: not a result
      await finish(i, r);
    }
    return results;
  }
  const lane = async (): Promise<void> => {
    let worker: Worker | null = null;
    try {
      for (let i = take(); i >= 0; i = take()) {
        worker ??= spawn();
        const w: Worker = worker;
        const r = await new Promise<SequenceJobResult | null>((resolve) => {
          const onAbort = (): void => {
            cleanup();
            resolve(null);
          };
          const onMessage = (msg: { id: number; frames?: number; result?: SequenceJobResult }): void => {
            if (msg.id !== i) return;
            if (msg.frames !== undefined) options.onFrames?.(msg.frames);
            if (msg.result) {
              cleanup();
              resolve(msg.result);
            }
          };
          const onError = (err: Error): void => {
            cleanup();
            resolve({ ok: false, name: list[i].source.name, error: `worker thread failed: ${err.message}` });
          };
          const onExit = (code: number): void => {
            cleanup();
            resolve({ ok: false, name: list[i].source.name, error: `worker thread exited (code ${code})` });
          };
          const cleanup = (): void => {
            signal?.removeEventListener('abort', onAbort);
            w.off('message', onMessage);
            w.off('error', onError);
            w.off('exit', onExit);
          };
          w.on('message', onMessage);
          w.on('error', onError);
          w.on('exit', onExit);
          signal?.addEventListener('abort', onAbort);
          w.postMessage({ id: i, job: list[i] });
        });
        if (r === null) break; // aborted: the worker is terminated below, its sequence dropped
        if (!r.ok && r.error.startsWith('worker thread')) {
          // the worker is gone: start a new one for the next sequence
          void worker.terminate();
          worker = null;
        }
        await finish(i, r);
      }
    } finally {
      if (worker) await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: threads }, lane));
  return results;
}
