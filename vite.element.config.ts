import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// A self-contained ES module of <modeseek-tracker> (Lit bundled), for pages without a
// bundler: <script type="module" src="modeseek-element.js"></script>.
const root = import.meta.dirname;

export default defineConfig({
  publicDir: false,
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: false,
    sourcemap: true,
    lib: {
      entry: resolve(root, 'src/element/index.ts'),
      formats: ['es'],
      fileName: () => 'modeseek-element.js',
    },
  },
});
