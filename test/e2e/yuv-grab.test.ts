// Frames read in their own layout (I420, NV12) and converted in script (src/dom/yuv-to-rgba.ts)
// against the browser's own conversion: Chromium's VideoFrame.copyTo(..., { format: 'RGBA' })
// on the same frames, BT.601 and BT.709, limited and full range.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, startDemoServer } from '../helpers/browser.js';

let browser: Browser;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('I420 and NV12 regions convert as Chromium converts them', async () => {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(`${server.url}/`);
  const r = await page.evaluate(async () => {
    const load = new Function('u', 'return import(u)') as (u: string) => Promise<Record<string, any>>;
    const { RegionGrabber } = await load('/src/dom/region-grabber.ts');
    const W = 160, H = 96;
    // smooth planes (chroma upsampling differences stay small), seeded
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const blobs = Array.from({ length: 6 }, () => ({ x: rnd() * W, y: rnd() * H, r: 10 + rnd() * 30, y0: 16 + rnd() * 219, u: 16 + rnd() * 224, v: 16 + rnd() * 224 }));
    const at = (x: number, y: number, k: 'y0' | 'u' | 'v') => {
      let s = 0, w = 0;
      for (const b of blobs) {
        const q = Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r));
        s += q * b[k];
        w += q;
      }
      return Math.round((s + 0.05 * (k === 'y0' ? 126 : 128)) / (w + 0.05));
    };
    const Y = new Uint8Array(W * H), U = new Uint8Array((W / 2) * (H / 2)), V = new Uint8Array((W / 2) * (H / 2));
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) Y[y * W + x] = at(x, y, 'y0');
    for (let y = 0; y < H / 2; y++) for (let x = 0; x < W / 2; x++) {
      U[y * (W / 2) + x] = at(2 * x + 0.5, 2 * y + 0.5, 'u');
      V[y * (W / 2) + x] = at(2 * x + 0.5, 2 * y + 0.5, 'v');
    }
    const i420 = new Uint8Array([...Y, ...U, ...V]);
    const uv = new Uint8Array(U.length * 2);
    for (let i = 0; i < U.length; i++) {
      uv[2 * i] = U[i];
      uv[2 * i + 1] = V[i];
    }
    const nv12 = new Uint8Array([...Y, ...uv]);
    const out: { case: string; max: number; mean: number }[] = [];
    const paths: string[] = [];
    const region = { x: 24, y: 10, width: 100, height: 70 };
    for (const format of ['I420', 'NV12'] as const) {
      for (const cs of [
        { primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', fullRange: false },
        { primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', fullRange: false },
        { primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', fullRange: true },
      ]) {
        const frame = new VideoFrame(format === 'I420' ? i420 : nv12, { format, codedWidth: W, codedHeight: H, timestamp: 0, colorSpace: cs as VideoColorSpaceInit });
        // the browser's conversion of the whole frame
        const ref = new Uint8Array(W * H * 4);
        await frame.copyTo(ref, { format: 'RGBA', colorSpace: 'srgb' } as VideoFrameCopyToOptions);
        const g = new RegionGrabber(undefined, { convert: 'script' });
        g.resize(W, H);
        await g.grab(frame, region);
        frame.close();
        paths.push(g.path);
        let max = 0, sum = 0, n = 0;
        for (let y = region.y; y < region.y + region.height; y++) {
          for (let x = region.x; x < region.x + region.width; x++) {
            for (let c = 0; c < 3; c++) {
              const i = (y * W + x) * 4 + c, d = Math.abs(g.image.data[i] - ref[i]);
              max = Math.max(max, d);
              sum += d;
              n++;
            }
          }
        }
        out.push({ case: `${format} ${cs.matrix} ${cs.fullRange ? 'full' : 'limited'}`, max, mean: sum / n });
      }
    }
    // a format the script does not convert (I444) is copied as RGBA by the browser
    const i444 = new Uint8Array([...Y, ...Y.map((_, i) => U[((i / W / 2) | 0) * (W / 2) + ((i % W) >> 1)]), ...Y.map((_, i) => V[((i / W / 2) | 0) * (W / 2) + ((i % W) >> 1)])]);
    const f444 = new VideoFrame(i444, { format: 'I444', codedWidth: W, codedHeight: H, timestamp: 0 });
    const ref = new Uint8Array(W * H * 4);
    await f444.copyTo(ref, { format: 'RGBA', colorSpace: 'srgb' } as VideoFrameCopyToOptions);
    const g = new RegionGrabber(undefined, { convert: 'script' });
    g.resize(W, H);
    await g.grab(f444, region);
    // on the page the browser converts by default
    const onPage = new RegionGrabber();
    onPage.resize(W, H);
    const f420 = new VideoFrame(i420, { format: 'I420', codedWidth: W, codedHeight: H, timestamp: 0 });
    await onPage.grab(f420, region);
    f420.close();
    f444.close();
    let same = true;
    for (let y = region.y; y < region.y + region.height; y++) {
      for (let x = region.x; x < region.x + region.width; x++) {
        for (let c = 0; c < 4; c++) if (g.image.data[(y * W + x) * 4 + c] !== ref[(y * W + x) * 4 + c]) same = false;
      }
    }
    return { out, paths, fallback: { path: g.path, same }, onPage: onPage.path };
  });
  await page.close();
  expect(r.paths).toEqual(['native', 'native', 'native', 'native', 'native', 'native']);
  expect(r.fallback).toEqual({ path: 'videoframe', same: true });
  expect(r.onPage).toBe('videoframe');
  expect(r.out).toHaveLength(6);
  for (const c of r.out) {
    // BT.601 and full range: within 1 level (rounding); BT.709 limited: up to 6 levels at a
    // few pixels, 0.37 on average (Chromium's own BT.709 path rounds differently)
    expect(c.mean, c.case).toBeLessThan(0.5);
    expect(c.max, c.case).toBeLessThanOrEqual(c.case.includes('bt709 limited') ? 8 : 2);
  }
});
