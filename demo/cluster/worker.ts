// Runs mean shift off the main thread: the density map, every iteration's seed positions
// (in batches, so the page can start playing early) and a timed plain meanShift() run.
import { estimateBandwidth, meanShift, meanShiftSteps } from '../../src/cluster/index.js';
import { GAUSSIAN_SUPPORT } from '../../src/cluster/types.js';
import type { FromWorker, ToWorker } from './protocol.js';

const post = (m: FromWorker, transfer: Transferable[] = []): void =>
  (self as unknown as Worker).postMessage(m, transfer);

function rows(points: Float64Array): number[][] {
  const r: number[][] = [];
  for (let i = 0; i < points.length; i += 2) r.push([points[i], points[i + 1]]);
  return r;
}

/** Kernel density of the points on a grid (for the background), with the chosen profile. */
function density(msg: Extract<ToWorker, { type: 'run' }>): Float32Array {
  const { points, bandwidth: h, kernel, view } = msg;
  const { cols, rows: nr, x0, y0, x1, y1 } = view;
  const values = new Float32Array(cols * nr);
  const reach = kernel === 'gaussian' ? GAUSSIAN_SUPPORT * h : h;
  const sx = (x1 - x0) / cols;
  const sy = (y1 - y0) / nr;
  const h2 = h * h;
  for (let i = 0; i < points.length; i += 2) {
    const px = points[i];
    const py = points[i + 1];
    const c0 = Math.max(0, Math.floor((px - reach - x0) / sx));
    const c1 = Math.min(cols - 1, Math.floor((px + reach - x0) / sx));
    const r0 = Math.max(0, Math.floor((py - reach - y0) / sy));
    const r1 = Math.min(nr - 1, Math.floor((py + reach - y0) / sy));
    for (let r = r0; r <= r1; r++) {
      const dy = y0 + (r + 0.5) * sy - py;
      for (let c = c0; c <= c1; c++) {
        const dx = x0 + (c + 0.5) * sx - px;
        const d2 = dx * dx + dy * dy;
        // The density whose mean-shift step the kernel takes: flat → Epanechnikov, etc.
        if (kernel === 'gaussian') values[r * cols + c] += Math.exp(-0.5 * (d2 / h2));
        else if (d2 <= h2) values[r * cols + c] += kernel === 'flat' ? 1 - d2 / h2 : (1 - d2 / h2) ** 2;
      }
    }
  }
  return values;
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  try {
    if (msg.type === 'estimate') {
      const data = rows(msg.points);
      const bandwidth = data.length < 2 ? 0 : estimateBandwidth(data, data.length > 2000 ? { nSamples: 2000 } : {});
      post({ type: 'estimate', id: msg.id, bandwidth });
      return;
    }
    const data = rows(msg.points);
    const options = { bandwidth: msg.bandwidth, kernel: msg.kernel, binSeeding: msg.binSeeding };
    const values = density(msg);
    post({ type: 'density', id: msg.id, cols: msg.view.cols, rows: msg.view.rows, values }, [values.buffer]);

    const steps = meanShiftSteps(data, options);
    let r = steps.next();
    let batch: Float32Array[] = [];
    let seedCount = 0;
    let last = performance.now();
    while (!r.done) {
      seedCount = r.value.seedCount;
      batch.push(Float32Array.from(r.value.positions));
      if (performance.now() - last > 50) {
        post({ type: 'steps', id: msg.id, seedCount, frames: batch }, batch.map((f) => f.buffer));
        batch = [];
        last = performance.now();
      }
      r = steps.next();
    }
    if (batch.length) post({ type: 'steps', id: msg.id, seedCount, frames: batch }, batch.map((f) => f.buffer));
    // Timed after the animated run, so the figure is of warm (JIT-compiled) code.
    const t = performance.now();
    const result = meanShift(data, options);
    const ms = performance.now() - t;
    post({
      type: 'done',
      id: msg.id,
      centres: result.clusterCenters,
      labels: result.labels,
      iterations: result.iterations,
      ms,
    });
  } catch (err) {
    post({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) });
  }
};
