import { defineConfig } from 'vitest/config';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

// The demo site: index.html at the root is the live-tracking home page; every other
// page is an HTML file under demo/ and is built as an extra entry.
const root = import.meta.dirname;
const pages: Record<string, string> = { main: resolve(root, 'index.html') };
for (const f of readdirSync(resolve(root, 'demo'))) {
  if (f.endsWith('.html')) pages[f.slice(0, -5)] = resolve(root, 'demo', f);
}

export default defineConfig({
  server: { host: true },
  build: {
    outDir: 'dist-demo',
    rollupOptions: { input: pages },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
