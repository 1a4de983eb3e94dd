// A plain HTML page with nothing but the built ES module (dist/modeseek-element.js, Lit
// bundled) can use <modeseek-tracker>: with the webcam (Chromium's fake camera) and with
// any MediaStream (a canvas's captureStream()).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { waitForRest } from './page-helpers.js';
import { writeRestingY4m, type RestingSequence } from './y4m.js';

const W = 640, H = 480;
const Y4M = join(tmpdir(), `modeseek-e2e-bundle-${W}x${H}-90-36-v1.y4m`);
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>plain page</title>
<script type="module" src="modeseek-element.js"></script>
<modeseek-tracker id="cam" camera method="camshift" style="width: 640px"></modeseek-tracker>
<modeseek-tracker id="canvas" method="camshift" style="width: 320px"></modeseek-tracker>
`;

let dir: string;
let http: Server;
let url: string;
let browser: Browser;
let seq: RestingSequence;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'modeseek-bundle-'));
  const root = resolve(import.meta.dirname, '../..');
  await build({
    configFile: resolve(root, 'vite.element.config.ts'),
    logLevel: 'error',
    build: { outDir: dir, sourcemap: false },
  });
  writeFileSync(join(dir, 'index.html'), PAGE);
  http = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '').slice(1);
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, name));
      res.writeHead(200, { 'content-type': name.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const addr = http.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  seq = writeRestingY4m(Y4M, { width: W, height: H, frames: 90, rest: 36 });
  browser = await launchChromium([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${Y4M}`,
  ]);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => http?.close(r));
});

describe('dist/modeseek-element.js on a plain page', () => {
  test('the module alone defines the element; its Start button opens the camera; select() tracks', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    expect(await page.locator('script').count()).toBe(1);
    await page.waitForFunction(() => customElements.get('modeseek-tracker') !== undefined);
    expect(await page.evaluate(() => document.querySelector<HTMLElementTagNameMap['modeseek-tracker']>('#cam')!.shadowRoot !== null)).toBe(true);
    // the element's own button (inside its shadow root)
    await page.locator('#cam').getByRole('button', { name: 'Start camera' }).click();
    await page.waitForFunction(() => document.querySelector<HTMLElementTagNameMap['modeseek-tracker']>('#cam')!.status === 'ready', null, { timeout: 15_000 });
    await waitForRest(page, W, H, '#cam');
    const home = seq.truth(0);
    const boxes = (await page.evaluate(
      (rect) =>
        new Promise<{ x: number; y: number; width: number; height: number }[]>((res) => {
          const el = document.querySelector<HTMLElementTagNameMap['modeseek-tracker']>('#cam')!;
          const out: { x: number; y: number; width: number; height: number }[] = [];
          el.addEventListener('modeseek-track', (e) => {
            out.push(e.detail.box);
            if (out.length === 30) res(out);
          });
          el.select(rect);
        }),
      { x: home.x - 6, y: home.y - 6, width: home.width + 12, height: home.height + 12 },
    )) as { x: number; y: number; width: number; height: number }[];
    const path = seq.pathCentres();
    const far = boxes
      .map((b) => Math.min(...path.map(([x, y]) => Math.hypot(b.x + b.width / 2 - x, b.y + b.height / 2 - y))))
      .filter((d) => d > 25);
    expect(far).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the stream property: an orange square moving on a canvas is followed', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => customElements.get('modeseek-tracker') !== undefined);
    const r = await page.evaluate(
      () =>
        new Promise<{ errors: number; samples: [number, number, number][] }>((resolve) => {
          const canvas = document.createElement('canvas');
          canvas.width = 320;
          canvas.height = 240;
          const ctx = canvas.getContext('2d')!;
          let t = 0;
          const at = (k: number) => 60 + 200 * (0.5 - 0.5 * Math.cos(k / 40)); // square's left edge
          const paint = () => {
            ctx.fillStyle = '#777';
            ctx.fillRect(0, 0, 320, 240);
            ctx.fillStyle = 'rgb(235,120,30)';
            ctx.fillRect(at(t) - 30, 90, 60, 60);
            t++;
            requestAnimationFrame(paint);
          };
          paint();
          const el = document.querySelector<HTMLElementTagNameMap['modeseek-tracker']>('#canvas')!;
          let errors = 0;
          el.addEventListener('modeseek-error', () => errors++);
          const samples: [number, number, number][] = [];
          el.addEventListener('modeseek-track', (e) => {
            const b = e.detail.box;
            samples.push([b.x + b.width / 2, at(t - 1), b.y + b.height / 2]);
            if (samples.length === 60) resolve({ errors, samples });
          });
          el.stream = canvas.captureStream(30);
          el.select({ x: at(0) - 36, y: 84, width: 72, height: 72 });
        }),
    );
    expect(r.errors).toBe(0);
    // the box centre stays on the square's row and within a few frames' motion of it
    for (const [cx, truth, cy] of r.samples) {
      expect(Math.abs(cy - 120)).toBeLessThan(12);
      expect(Math.abs(cx - truth)).toBeLessThan(30);
    }
    // and it moved with it
    const xs = r.samples.map((s) => s[0]);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(60);
    await page.close();
  });

  test('a bad video URL fires modeseek-error video-error and shows it; a good source then works', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => customElements.get('modeseek-tracker') !== undefined);
    const r = await page.evaluate(
      () =>
        new Promise<{ code: string; message: string; shown: string; status: string; after: string }>((resolve) => {
          const el = document.querySelector<HTMLElementTagNameMap['modeseek-tracker']>('#canvas')!;
          el.addEventListener('modeseek-error', async (e) => {
            await el.updateComplete;
            const shown = el.shadowRoot!.querySelector('[role=alert]')?.textContent ?? '';
            const status = el.status;
            // recover with a working source
            const canvas = document.createElement('canvas');
            const ctx = canvas.getContext('2d')!;
            const paint = () => {
              ctx.fillStyle = '#888';
              ctx.fillRect(0, 0, 300, 150);
              requestAnimationFrame(paint);
            };
            paint();
            el.removeAttribute('src');
            el.stream = canvas.captureStream(30);
            const t0 = performance.now();
            while (!el.running && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
            resolve({ ...e.detail, shown, status, after: el.status });
          }, { once: true });
          el.setAttribute('src', 'no-such-video.webm');
        }),
    );
    expect(r.code).toBe('video-error');
    expect(r.message).toContain('no-such-video.webm');
    expect(r.shown).toContain(r.message);
    expect(r.status).toBe('error');
    expect(r.after).toBe('ready');
    await page.close();
  });
});
