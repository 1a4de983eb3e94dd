import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

// A self-contained ES module of <modeseek-tracker> (Lit bundled), for pages without a
// bundler: <script type="module" src="modeseek-element.js"></script>.
const root = import.meta.dirname;

/**
 * The tracking worker, inlined: src/dom/create-tracking-worker.ts points bundlers at a
 * separate file (new URL(..., import.meta.url)); this one file has it built in instead, as a
 * Blob URL worker (a page whose CSP forbids blob: workers falls back to the main thread).
 */
function inlineTrackingWorker(): Plugin {
  const factory = resolve(root, 'src/dom/create-tracking-worker.ts');
  const id = '\0modeseek-inline-tracking-worker';
  return {
    name: 'modeseek-inline-tracking-worker',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !source.endsWith('create-tracking-worker.js')) return null;
      const r = await this.resolve(source, importer, { skipSelf: true });
      return r?.id === factory ? id : null;
    },
    load(loaded) {
      if (loaded !== id) return null;
      const entry = JSON.stringify(`${resolve(root, 'src/dom/tracking-worker-entry.ts')}?worker&inline`);
      return `import TrackingWorker from ${entry};\nexport function createTrackingWorker() { return new TrackingWorker({ name: 'modeseek-tracking' }); }\n`;
    },
  };
}

export default defineConfig({
  publicDir: false,
  plugins: [inlineTrackingWorker()],
  worker: { format: 'es' },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: false,
    sourcemap: false, // src/ is not shipped: a map would point at nothing
    lib: {
      entry: resolve(root, 'src/element/index.ts'),
      formats: ['es'],
      fileName: () => 'modeseek-element.js',
    },
  },
});
