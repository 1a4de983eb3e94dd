/**
 * Starts the module worker that tracks for `<modeseek-tracker>`. Bundlers (Vite, webpack 5,
 * Parcel) follow this `new URL(..., import.meta.url)` pattern and emit the worker; the
 * self-contained `modeseek-element.js` inlines it instead (vite.element.config.ts).
 */
export function createTrackingWorker(): Worker {
  return new Worker(new URL('./tracking-worker-entry.js', import.meta.url), { type: 'module', name: 'modeseek-tracking' });
}
