// <modeseek-tracker>'s lifecycle in Chromium with the fake camera: any order of start(),
// stop(), removal, re-adding and source changes in one tick. The camera is never live while
// the element is idle or detached, it never stays in 'starting', the latest call wins, and a
// camera track ended by the page is a `camera-ended` error that start() recovers from.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, startDemoServer } from '../helpers/browser.js';
import { writeRestingY4m } from './y4m.js';

const W = 640, H = 480;
const Y4M = join(tmpdir(), `modeseek-e2e-lifecycle-${W}x${H}-60-20-v1.y4m`);
const CLIP = join(tmpdir(), 'modeseek-e2e-lifecycle-clip-v1.webm');

let browser: Browser;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  writeRestingY4m(Y4M, { width: W, height: H, frames: 60, rest: 20 });
  if (!existsSync(CLIP)) {
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=30', '-t', '2', '-c:v', 'libvpx', '-b:v', '200k', CLIP]);
  }
  server = await startDemoServer();
  browser = await launchChromium([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${Y4M}`,
    '--autoplay-policy=no-user-gesture-required',
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * The demo's home page (which defines the element), with every getUserMedia stream recorded
 * (`__live()` counts camera tracks still live), every track clone recorded (`__clones()` counts
 * those still live: the element reads a clone when the worker takes the frames itself, and a
 * live clone keeps the camera on) and helpers: a canvas stream, waiting.
 */
async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    const md = navigator.mediaDevices;
    const orig = md.getUserMedia.bind(md);
    const streams: MediaStream[] = [];
    w.__streams = streams;
    md.getUserMedia = async (c?: MediaStreamConstraints) => {
      const s = await orig(c);
      streams.push(s);
      return s;
    };
    w.__live = () => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;
    const clones: MediaStreamTrack[] = [];
    const clone = MediaStreamTrack.prototype.clone;
    MediaStreamTrack.prototype.clone = function (this: MediaStreamTrack) {
      const c = clone.call(this);
      clones.push(c);
      return c;
    };
    w.__clones = () => clones.filter((t) => t.readyState === 'live').length;
    w.__canvasStream = () => {
      const canvas = document.createElement('canvas');
      canvas.width = 160;
      canvas.height = 120;
      const ctx = canvas.getContext('2d')!;
      let k = 0;
      setInterval(() => {
        ctx.fillStyle = `rgb(${(k += 9) % 255}, 90, 90)`;
        ctx.fillRect(0, 0, 160, 120);
      }, 33);
      return canvas.captureStream(30);
    };
    w.__until = async (cond: () => boolean, ms = 8000) => {
      const t0 = performance.now();
      while (!cond()) {
        if (performance.now() - t0 > ms) return false;
        await new Promise((r) => setTimeout(r, 20));
      }
      return true;
    };
    w.__sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  });
  await page.route('**/lifecycle-clip.webm', (route) => route.fulfill({ path: CLIP, contentType: 'video/webm' }));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => customElements.get('modeseek-tracker') !== undefined);
  // the demo's own element is not used here
  await page.evaluate(() => document.querySelector('modeseek-tracker')!.remove());
  return page;
}

interface Helpers {
  __live(): number;
  __clones(): number;
  __canvasStream(): MediaStream;
  __until(cond: () => boolean, ms?: number): Promise<boolean>;
  __sleep(ms: number): Promise<void>;
}

describe('<modeseek-tracker> lifecycle (Chromium, fake camera)', () => {
  test('same-tick calls: the latest wins, nothing is left live, nothing stays starting', async () => {
    const page = await openPage();
    const r = await page.evaluate(async () => {
      const h = window as unknown as Helpers;
      const out: Record<string, unknown> = {};
      const make = () => {
        const el = document.createElement('modeseek-tracker');
        el.camera = true;
        document.body.append(el);
        return el;
      };

      // stream set and start() in the same tick: runs (was: stuck in 'starting')
      let el = make();
      const s = h.__canvasStream();
      el.stream = s;
      void el.start();
      out.streamStart = [await h.__until(() => el.running), el.status, el.shadowRoot!.querySelector('video')!.srcObject === s, el.frameDelivery, h.__clones()];

      // start(); stop() in the same tick: the camera never stays on
      el.stream = null;
      out.clearedStream = [el.running, el.status];
      void el.start();
      el.stop();
      await h.__sleep(1500);
      out.startStop = [h.__live() + h.__clones(), el.status, el.running];

      // start() right after stop(): not swallowed
      void el.start();
      el.stop();
      void el.start();
      out.stopStart = [await h.__until(() => el.running), el.status, h.__live(), el.frameDelivery, h.__clones()];
      el.stop();
      out.stoppedNow = h.__live() + h.__clones();

      // start(); remove() in the same tick: off while detached; re-adding resumes; stop ends it
      void el.start();
      el.remove();
      await h.__sleep(1500);
      out.startRemove = [h.__live() + h.__clones(), el.status, el.running];
      document.body.append(el);
      out.readded = [await h.__until(() => el.running), h.__live()];
      el.remove();
      out.removedNow = [h.__live() + h.__clones(), el.running];
      document.body.append(el);
      el.stop();
      await h.__sleep(1200);
      out.appendStop = [h.__live() + h.__clones(), el.status];

      // camera running, then a stream is set: the camera is off at once and the stream plays
      void el.start();
      await h.__until(() => el.running);
      const s2 = h.__canvasStream();
      el.stream = s2;
      out.cameraToStream = h.__live() + h.__clones();
      out.streamRuns = [await h.__until(() => el.running && el.shadowRoot!.querySelector('video')!.srcObject === s2), el.status];

      // src then start() in the same tick, from a stream: the video plays
      el.stream = null;
      el.src = '/lifecycle-clip.webm';
      void el.start();
      out.src = [await h.__until(() => el.running), el.status, el.shadowRoot!.querySelector('video')!.currentSrc.endsWith('/lifecycle-clip.webm'), el.frameDelivery, h.__clones()];
      el.stop();
      el.removeAttribute('src');

      // removal while the camera is being asked: the late stream is stopped as it arrives
      el = make();
      void el.start();
      await Promise.resolve();
      el.remove();
      await h.__sleep(1500);
      out.removeWhileAsking = [h.__live() + h.__clones(), el.status];
      return out;
    });
    await page.close();
    // (Chromium: the worker reads a clone of the stream's track; the clone ends with the source)
    expect(r.streamStart).toEqual([true, 'ready', true, 'stream', 1]);
    expect(r.clearedStream).toEqual([false, 'idle']);
    expect(r.startStop).toEqual([0, 'idle', false]);
    expect(r.stopStart).toEqual([true, 'ready', 1, 'stream', 1]);
    expect(r.stoppedNow).toBe(0);
    expect(r.startRemove).toEqual([0, 'idle', false]);
    expect(r.readded).toEqual([true, 1]);
    expect(r.removedNow).toEqual([0, false]);
    expect(r.appendStop).toEqual([0, 'idle']);
    expect(r.cameraToStream).toBe(0);
    expect(r.streamRuns).toEqual([true, 'ready']);
    expect(r.src).toEqual([true, 'ready', true, 'frame-callback', 0]);
    expect(r.removeWhileAsking).toEqual([0, 'idle']);
  });

  test('the page or the person ending the camera track: modeseek-error camera-ended, not running; start() recovers', async () => {
    const page = await openPage();
    const r = await page.evaluate(async () => {
      const h = window as unknown as Helpers;
      const el = document.createElement('modeseek-tracker');
      el.camera = true;
      document.body.append(el);
      const errors: { code: string; message: string }[] = [];
      el.addEventListener('modeseek-error', (e) => errors.push(e.detail));
      await el.start();
      const before = [el.running, el.status];
      const track = (el.shadowRoot!.querySelector('video')!.srcObject as MediaStream).getVideoTracks()[0];
      track.stop(); // the page's own stop() fires no 'ended' event
      const seen = await h.__until(() => errors.length > 0, 3000);
      await el.updateComplete;
      const after = [el.running, el.status, h.__live(), el.shadowRoot!.querySelector('[role=alert]')?.textContent ?? ''];
      await el.start();
      const recovered = [el.running, el.status, h.__live()];
      // a canvas stream whose track the page ends: the same error, with its own message
      const s = h.__canvasStream();
      el.stream = s;
      await h.__until(() => el.running && el.shadowRoot!.querySelector('video')!.srcObject === s);
      s.getVideoTracks()[0].stop();
      await h.__until(() => errors.length > 1, 3000);
      const streamEnded = [el.running, el.status];
      el.stop();
      return { before, seen, errors, after, recovered, streamEnded };
    });
    await page.close();
    expect(r.before).toEqual([true, 'ready']);
    expect(r.seen).toBe(true);
    expect(r.errors[0].code).toBe('camera-ended');
    expect(r.errors[0].message).toMatch(/camera stopped.*Press Start/);
    expect(r.after.slice(0, 3)).toEqual([false, 'error', 0]);
    expect(r.after[3]).toContain(r.errors[0].message);
    expect(r.recovered).toEqual([true, 'ready', 1]);
    expect(r.errors[1].code).toBe('camera-ended');
    expect(r.errors[1].message).toMatch(/stream's video track ended/);
    expect(r.streamEnded).toEqual([false, 'error']);
    expect(r.errors).toHaveLength(2);
  });

  test('50 synchronous calls in random order, three times: never live while idle or detached; the last call wins', async () => {
    const page = await openPage();
    const rounds = await page.evaluate(async () => {
      const h = window as unknown as Helpers;
      // a seeded generator (xorshift32): the same calls every run
      let seed = 0x9e3779b9;
      const rand = () => {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        return (seed >>> 0) / 4294967296;
      };
      const streams = [h.__canvasStream(), h.__canvasStream()];
      const results = [];
      for (let round = 0; round < 3; round++) {
        const el = document.createElement('modeseek-tracker');
        el.camera = true;
        document.body.append(el);
        // the page author's intent, as the element documents it
        let wanted = false;
        const violations: string[] = [];
        const ops: string[] = [];
        for (let i = 0; i < 50; i++) {
          const k = Math.floor(rand() * 7);
          if (k === 0) {
            ops.push('start');
            void el.start();
            wanted = true;
          } else if (k === 1) {
            ops.push('stop');
            el.stop();
            wanted = false;
          } else if (k === 2) {
            ops.push('remove');
            el.remove();
          } else if (k === 3) {
            ops.push('append');
            document.body.append(el);
          } else if (k === 4) {
            const s = streams[Math.floor(rand() * 2)];
            ops.push('stream');
            if (el.stream !== s) wanted = true;
            el.stream = s;
          } else if (k === 5) {
            ops.push('stream=null');
            if (el.stream && el.isConnected && wanted) wanted = false;
            el.stream = null;
          } else {
            ops.push('camera+start');
            el.stream = null;
            el.camera = true;
            void el.start();
            wanted = true;
          }
          // synchronously after every call: no camera while idle or detached
          if ((!el.isConnected || el.status === 'idle') && h.__live() + h.__clones() > 0) violations.push(`${i} ${ops[i]}: ${h.__live()} live, ${h.__clones()} clones live while ${el.isConnected ? el.status : 'detached'}`);
        }
        const shouldRun = wanted && el.isConnected;
        // settle: a running element gets there, an idle one never turns the camera on
        let maxLive = 0;
        const t0 = performance.now();
        while (performance.now() - t0 < 2500) {
          await h.__sleep(50);
          maxLive = Math.max(maxLive, h.__live());
          if (!shouldRun && h.__live() + h.__clones() > 0) violations.push(`settling: ${h.__live()} live, ${h.__clones()} clones live while ${el.isConnected ? el.status : 'detached'}`);
        }
        if (shouldRun) await h.__until(() => el.running, 8000);
        const usesCamera = !el.stream;
        results.push({
          ops: ops.join(' '),
          shouldRun,
          running: el.running,
          status: el.status,
          live: h.__live(),
          expectedLive: shouldRun && usesCamera ? 1 : 0,
          clones: h.__clones(),
          maxLive,
          violations,
        });
        el.stop();
        el.remove();
        if (h.__clones()) violations.push(`after stop and remove: ${h.__clones()} clones live`);
      }
      return results;
    });
    await page.close();
    for (const r of rounds) {
      expect(r.violations, r.ops).toEqual([]);
      expect(r.running, r.ops).toBe(r.shouldRun);
      expect(r.status, r.ops).toBe(r.shouldRun ? 'ready' : 'idle');
      expect(r.live, r.ops).toBe(r.expectedLive);
      expect(r.clones, r.ops).toBe(r.shouldRun ? 1 : 0); // the worker's clone of whichever track plays
      expect(r.maxLive, r.ops).toBeLessThanOrEqual(1);
    }
    // the seeded calls end in both ways across the rounds
    expect(rounds.map((r) => r.shouldRun)).toContain(true);
  }, 60_000);
});
