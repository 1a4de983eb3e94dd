import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// The demo site: index.html at the root is the live-tracking home page; the other
// pages live under demo/ and are built as extra entries.
export default defineConfig({
  server: { host: true },
  build: {
    outDir: 'dist-demo',
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
      },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
