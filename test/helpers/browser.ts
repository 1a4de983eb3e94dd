// Shared helpers for the e2e tests (Playwright with Chromium): launch a headless Chromium
// and serve the demo site with Vite's dev server on a free port.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createServer } from 'vite';

/** The Chromium binary: $CHROMIUM_PATH, /usr/bin/chromium, else Playwright's own download. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // playwright-core has no browser registry entry: ignore
  }
  for (const p of candidates) if (p && existsSync(p)) return p;
  throw new Error(
    'No Chromium found: set CHROMIUM_PATH, install /usr/bin/chromium, or run `npx playwright-core install chromium`',
  );
}

/** Launches headless Chromium with the flags the e2e tests share, plus `extraArgs`. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...extraArgs],
  });
}

/** Starts Vite's dev server for the demo site (repository root) on a free port. */
export async function startDemoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await createServer({
    root: resolve(import.meta.dirname, '../..'),
    configFile: resolve(import.meta.dirname, '../../vite.config.ts'),
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite dev server did not report a port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
