// <modeseek-tracker> in Firefox (Debian's firefox-esr, driven by puppeteer-core over WebDriver
// BiDi): a canvas's captureStream() through `stream` (Firefox has no fake-camera file), a
// `src` video, two targets with their own ids, the lifecycle with Firefox's fake camera.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemoServer } from '../helpers/browser.js';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const CLIP = join(tmpdir(), 'modeseek-e2e-lifecycle-clip-v1.webm');

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let clipServer: Server;
let clipUrl: string;

beforeAll(async () => {
  if (!existsSync(FIREFOX)) throw new Error(`No Firefox at ${FIREFOX}: install firefox-esr (apt-get install firefox-esr) or set FIREFOX_PATH`);
  if (!existsSync(CLIP)) {
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=30', '-t', '2', '-c:v', 'libvpx', '-b:v', '200k', CLIP]);
  }
  clipServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'video/webm', 'access-control-allow-origin': '*' }).end(readFileSync(CLIP));
  });
  await new Promise<void>((r) => clipServer.listen(0, '127.0.0.1', r));
  clipUrl = `http://127.0.0.1:${(clipServer.address() as { port: number }).port}/clip.webm`;
  server = await startDemoServer();
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      // Firefox's own fake camera (a test pattern), allowed without asking
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.autoplay.default': 0,
    },
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((r) => clipServer?.close(r));
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  try {
    await page.setViewport({ width: 1000, height: 800 });
  } catch (e) {
    // puppeteer sends WebDriver BiDi's emulation.setScreenOrientationOverride beside the
    // viewport's size, and Firefox ESR 140 does not know it: tolerate that one (as puppeteer's
    // own newPage() does); the size itself is checked below
    if (!/setScreenOrientationOverride/.test(String((e as Error)?.message ?? e))) throw e;
  }
  await page.goto(`${server.url}/`);
  expect(await page.evaluate(() => [innerWidth, innerHeight])).toEqual([1000, 800]);
  await page.waitForFunction(() => customElements.get('modeseek-tracker') !== undefined, { timeout: 30_000 });
  await page.evaluate(() => {
    document.querySelector('modeseek-tracker')!.remove();
    const w = window as unknown as Record<string, unknown>;
    // squares moving back and forth on a canvas: orange on row 90, blue on row 170
    w.__squares = (fps = 30) => {
      const canvas = document.createElement('canvas');
      canvas.width = 480;
      canvas.height = 270;
      const ctx = canvas.getContext('2d')!;
      let t = 0;
      const at = (k: number) => 70 + 300 * (0.5 - 0.5 * Math.cos(k / 50));
      w.__at = (dt = 0) => at(t - 1 + dt);
      setInterval(() => {
        ctx.fillStyle = '#777';
        ctx.fillRect(0, 0, 480, 270);
        ctx.fillStyle = 'rgb(235,120,30)';
        ctx.fillRect(at(t) - 30, 60, 60, 60);
        ctx.fillStyle = 'rgb(40,90,230)';
        ctx.fillRect(440 - at(t) - 30, 170, 60, 60);
        t++;
      }, 1000 / fps);
      return canvas.captureStream(fps);
    };
    w.__until = async (cond: () => boolean, ms = 8000) => {
      const t0 = performance.now();
      while (!cond()) {
        if (performance.now() - t0 > ms) return false;
        await new Promise((r) => setTimeout(r, 20));
      }
      return true;
    };
  });
  return page;
}

interface Helpers {
  __squares(fps?: number): MediaStream;
  __at(dt?: number): number;
  __until(cond: () => boolean, ms?: number): Promise<boolean>;
}

describe('<modeseek-tracker> in Firefox', () => {
  test('stream from a canvas: two targets with `multiple` are followed under their own ids', async () => {
    const page = await openPage();
    const r = await page.evaluate(async () => {
      const h = window as unknown as Helpers;
      const el = document.createElement('modeseek-tracker');
      el.multiple = true;
      el.method = 'camshift';
      el.style.width = '640px';
      document.body.prepend(el);
      const errors: string[] = [];
      el.addEventListener('modeseek-error', (e) => errors.push(e.detail.message));
      el.stream = h.__squares();
      void el.start(); // same tick as the stream: joins, never stuck
      const ran = await h.__until(() => el.running);
      const status = el.status;
      // each box against where its square was over the last four seconds (the stream, the worker
      // and a loaded machine delay a frame by a few hundred ms)
      const samples: { id: number; cx: number; cy: number; truths: number[] }[] = [];
      el.addEventListener('modeseek-track', (e) => {
        const b = e.detail.box;
        samples.push({ id: e.detail.id, cx: b.x + b.width / 2, cy: b.y + b.height / 2, truths: Array.from({ length: 121 }, (_, k) => h.__at(-k)) });
      });
      const x = h.__at(1);
      const ids = [el.select({ x: x - 36, y: 54, width: 72, height: 72 }), el.select({ x: 440 - x - 36, y: 164, width: 72, height: 72 })];
      await h.__until(() => samples.length >= 120, 15_000);
      return { ran, status, ids, samples, errors, mode: el.executionMode, delivery: el.frameDelivery, targets: el.targets.map((t) => t.id) };
    });
    if (process.env.MODESEEK_SCREENSHOT) await page.screenshot({ path: process.env.MODESEEK_SCREENSHOT.replace(/\.png$/, '-firefox.png') });
    await page.close();
    console.log(`[firefox] execution mode ${r.mode}, frame delivery ${r.delivery}, ${r.samples.length} events`);
    expect(r.errors).toEqual([]);
    // Firefox has no MediaStreamTrackProcessor on the page: the page hands each frame over, as before
    expect(r.delivery).toBe('frame-callback');
    expect(r.ran).toBe(true);
    expect(r.status).toBe('ready');
    expect(r.ids).toEqual([1, 2]);
    expect(r.targets).toEqual([1, 2]);
    const a = r.samples.filter((s) => s.id === 1), b = r.samples.filter((s) => s.id === 2);
    expect(a.length + b.length).toBe(r.samples.length);
    expect(Math.abs(a.length - b.length)).toBeLessThanOrEqual(1);
    // each box on its own square's row, near its square, and moving with it
    for (const s of a) {
      expect(Math.abs(s.cy - 90)).toBeLessThan(15);
      expect(Math.min(...s.truths.map((t) => Math.abs(s.cx - t)))).toBeLessThan(20);
    }
    for (const s of b) {
      expect(Math.abs(s.cy - 200)).toBeLessThan(15);
      expect(Math.min(...s.truths.map((t) => Math.abs(s.cx - (440 - t))))).toBeLessThan(20);
    }
    const xs = a.map((s) => s.cx);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(60);
  });

  test('by default the worker draws the boxes on its canvas, the element draws none', async () => {
    const page = await openPage();
    const r = await page.evaluate(async () => {
      const h = window as unknown as Helpers;
      const el = document.createElement('modeseek-tracker');
      el.style.width = '640px';
      document.body.prepend(el);
      el.stream = h.__squares();
      void el.start();
      await h.__until(() => el.running);
      let n = 0;
      el.addEventListener('modeseek-track', () => n++);
      const x = h.__at(1);
      el.select({ x: x - 36, y: 54, width: 72, height: 72 });
      await h.__until(() => n >= 30, 15_000);
      const root = el.shadowRoot!;
      return { mode: el.executionMode, boxes: el.stats.boxes, canvases: root.querySelectorAll('canvas.worker-boxes').length, domBoxes: root.querySelectorAll('.target:not([hidden])').length, tracked: n >= 30 };
    });
    await page.close();
    expect(r).toEqual({ mode: 'worker', boxes: 'worker', canvases: 1, domBoxes: 0, tracked: true });
  });

  test('src: a video URL plays and is tracked; a bad URL is a video-error that start() recovers from', async () => {
    const page = await openPage();
    const r = await page.evaluate(async (clip) => {
      const h = window as unknown as Helpers;
      const el = document.createElement('modeseek-tracker');
      el.loop = true;
      document.body.prepend(el);
      const errors: { code: string; message: string }[] = [];
      el.addEventListener('modeseek-error', (e) => errors.push(e.detail));
      el.src = 'no-such-video.webm';
      await h.__until(() => errors.length > 0);
      const bad = el.status;
      el.src = clip;
      void el.start();
      const ran = await h.__until(() => el.running);
      const id = el.select({ x: 40, y: 30, width: 40, height: 40 });
      const ev = await new Promise<{ id: number; frame: number }>((res) => el.addEventListener('modeseek-track', (e) => res({ id: e.detail.id, frame: e.detail.frame }), { once: true }));
      const status = el.status;
      el.stop();
      return { errors, bad, ran, id, ev, status, after: [el.running, el.status] };
    }, clipUrl);
    await page.close();
    expect(r.errors.map((e) => e.code)).toEqual(['video-error']);
    expect(r.errors[0].message).toContain('no-such-video.webm');
    expect(r.bad).toBe('error');
    expect(r.ran).toBe(true);
    expect(r.ev.id).toBe(r.id);
    expect(r.status).toBe('tracking');
    expect(r.after).toEqual([false, 'idle']);
  });

  test('lifecycle with the camera: same-tick calls leave nothing live; the page ending the track is camera-ended; start() recovers', async () => {
    const page = await openPage();
    const r = await page.evaluate(async () => {
      const h = window as unknown as Helpers;
      const md = navigator.mediaDevices;
      const orig = md.getUserMedia.bind(md);
      const streams: MediaStream[] = [];
      md.getUserMedia = async (c?: MediaStreamConstraints) => {
        const s = await orig(c);
        streams.push(s);
        return s;
      };
      const live = () => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;
      const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
      const el = document.createElement('modeseek-tracker');
      el.camera = true;
      document.body.prepend(el);
      const errors: string[] = [];
      el.addEventListener('modeseek-error', (e) => errors.push(e.detail.code));
      const out: Record<string, unknown> = {};
      void el.start();
      el.stop();
      await sleep(1500);
      out.startStop = [live(), el.status];
      void el.start();
      el.remove();
      await sleep(1500);
      out.startRemove = [live(), el.status];
      document.body.prepend(el);
      out.readded = [await h.__until(() => el.running), live()];
      const s = h.__squares();
      el.stream = s;
      out.toStream = live();
      out.streamRuns = await h.__until(() => el.running && el.shadowRoot!.querySelector('video')!.srcObject === s);
      el.stream = null;
      await el.start();
      out.camera = [el.running, live()];
      (el.shadowRoot!.querySelector('video')!.srcObject as MediaStream).getVideoTracks()[0].stop();
      out.ended = [await h.__until(() => errors.length > 0, 3000), errors[0], el.running, el.status];
      await el.start();
      out.recovered = [el.running, el.status, live()];
      el.remove();
      out.removed = live();
      return out;
    });
    await page.close();
    expect(r.startStop).toEqual([0, 'idle']);
    expect(r.startRemove).toEqual([0, 'idle']);
    expect(r.readded).toEqual([true, 1]);
    expect(r.toStream).toBe(0);
    expect(r.streamRuns).toBe(true);
    expect(r.camera).toEqual([true, 1]);
    expect(r.ended).toEqual([true, 'camera-ended', false, 'error']);
    expect(r.recovered).toEqual([true, 'ready', 1]);
    expect(r.removed).toBe(0);
  });
});
