// (Under test/ since it drives the e2e helpers; a measurement, not a test: nothing is asserted.)
// Main-thread cost of <modeseek-tracker> while it tracks a live 1280x720 camera, as a page
// author sees it: DevTools' TaskDuration (Performance.getMetrics) per tracked frame beyond
// what the same page spends showing the camera without a target.
//
//   npx tsx test/perf/element-main-thread.ts [--seconds 8] [--repeat N] [--only NAME] [--soak SECONDS] [--json FILE]
//
// Headless Chromium (CHROMIUM_PATH or /usr/bin/chromium), fake camera playing a synthetic
// 1280x720 y4m at 30 fps with four coloured objects (test/e2e/y4m.ts), the built
// self-contained element (dist/modeseek-element.js as vite.element.config.ts makes it, Lit in
// production mode) on a plain page. Cases, one after the other on one page each: the default
// tracker (robust) with one target in the Worker (boxes drawn by the worker, the default, and
// by the element with `boxes="element"`) and on the main thread (`main-thread`), camshift in
// the Worker, and four robust targets in the Worker (both ways of drawing) and on the main thread. For each: the idle rate
// (camera shown, no target) over the same time, then tracking; prints main-thread ms per
// tracked frame beyond idle (and its part outside script, style and layout: "other", mostly
// the browser's rendering update and message handling), tracked fps, frames skipped for
// processing, how frames reached the tracker (frameDelivery), and the JS heap before and
// after (as read, and after a full garbage collection at both ends). `--repeat N` runs every
// case N times, one case after the other in turn, and prints each run and the medians. `--soak 600` runs the default case for ten minutes (after 30 s
// of idle) and reports the heap.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { waitForRest } from '../e2e/page-helpers.js';
import { writeMultiObjectY4m } from '../e2e/y4m.js';
import { launchChromium } from '../helpers/browser.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const SECONDS = Number(opt('seconds', '8'));
const SOAK = Number(opt('soak', '0'));
const JSON_OUT = opt('json', '');
const ONLY = opt('only', '');
const STYLE = opt('style', '');
const REPEAT = Math.max(1, Number(opt('repeat', '1')));
const W = 1280, H = 720, FRAMES = 120, REST = 45;
const Y4M = join(tmpdir(), `modeseek-e2e-objects-${W}x${H}-${FRAMES}-${REST}-4-v2.y4m`);
const seq = writeMultiObjectY4m(Y4M, { width: W, height: H, frames: FRAMES, rest: REST, count: 4, fps: 30 });

const dir = mkdtempSync(join(tmpdir(), 'modeseek-bench-element-'));
const root = resolve(import.meta.dirname, '../..');
await build({ configFile: resolve(root, 'vite.element.config.ts'), logLevel: 'error', build: { outDir: dir, sourcemap: false } });
const http = createServer((req, res) => {
  const name = (req.url ?? '/').split('?')[0].slice(1);
  if (name === 'modeseek-element.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(dir, name)));
  const attrs = new URL(req.url ?? '/', 'http://x').searchParams.get('attrs') ?? '';
  res.writeHead(200, { 'content-type': 'text/html' }).end(
    `<!doctype html><meta charset="utf-8"><script type="module" src="/modeseek-element.js"></script>
<style>${STYLE}</style><modeseek-tracker camera resolution="1280x720" style="width: 960px; aspect-ratio: 16 / 9" ${attrs}></modeseek-tracker>`,
  );
});
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
const port = (http.address() as { port: number }).port;
const browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${Y4M}`]);

interface Case {
  name: string;
  attrs: string;
  targets: number;
  seconds: number;
  /** How long the idle rate is measured (default: `seconds`). */
  idleSeconds?: number;
}

async function metrics(page: Page, cdp: { send(m: string): Promise<unknown> }) {
  const m = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const get = (n: string) => m.metrics.find((x) => x.name === n)?.value ?? 0;
  const frames = await page.evaluate(() => (window as unknown as { tracked: number }).tracked ?? 0);
  if (process.env.MODESEEK_METRICS) console.log(m.metrics.map((x) => x.name).join(' '));
  return { other: get('TaskOtherDuration') * 1000, task: get('TaskDuration') * 1000, cpu: get('ThreadTime') * 1000, script: get('ScriptDuration') * 1000, layout: (get('LayoutDuration') + get('RecalcStyleDuration')) * 1000, heap: get('JSHeapUsedSize') / 1e6, t: performance.now(), frames };
}

async function run(c: Case) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e));
  // tsx keeps function names with a helper that functions sent to the page then call
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(`http://127.0.0.1:${port}/?attrs=${encodeURIComponent(c.attrs)}`);
  await page.waitForFunction(() => customElements.get('modeseek-tracker') !== undefined);
  await page.evaluate(() => document.querySelector('modeseek-tracker')!.start());
  await page.waitForFunction(() => document.querySelector('modeseek-tracker')!.status === 'ready', null, { timeout: 20_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.waitForTimeout(1000);
  // idle: the camera shown, no target
  const i0 = await metrics(page, cdp);
  await page.waitForTimeout((c.idleSeconds ?? c.seconds) * 1000);
  const i1 = await metrics(page, cdp);
  const idleRate = (i1.task - i0.task) / (i1.t - i0.t); // ms of task per ms
  const idleCpu = (i1.cpu - i0.cpu) / (i1.t - i0.t);
  const idleScript = (i1.script - i0.script) / (i1.t - i0.t);
  const idleLayout = (i1.layout - i0.layout) / (i1.t - i0.t);
  const idleOther = (i1.other - i0.other) / (i1.t - i0.t);
  await waitForRest(page, W, H);
  await page.evaluate((boxes) => {
    const el = document.querySelector('modeseek-tracker')!;
    const w = window as unknown as { tracked: number; statuses: Record<string, number> };
    w.tracked = 0;
    w.statuses = {};
    el.addEventListener('modeseek-track', (e) => {
      if (e.detail.id === el.targets[0]?.id) w.tracked++;
      w.statuses[e.detail.status] = (w.statuses[e.detail.status] ?? 0) + 1;
    });
    for (const b of boxes) el.select(b);
  }, Array.from({ length: c.targets }, (_, k) => {
    const b = seq.truth(k, 0);
    return { x: b.x - 10, y: b.y - 10, width: b.width + 20, height: b.height + 20 };
  }));
  await page.waitForTimeout(1000);
  const s0 = await page.evaluate(() => document.querySelector('modeseek-tracker')!.stats);
  // the heap after a full garbage collection, at both ends (outside the timed interval)
  const gcHeap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await metrics(page, cdp)).heap;
  };
  const heapStart = await gcHeap();
  const t0 = await metrics(page, cdp);
  await page.waitForTimeout(c.seconds * 1000);
  const t1 = await metrics(page, cdp);
  const heapEnd = await gcHeap();
  const s1 = await page.evaluate(() => document.querySelector('modeseek-tracker')!.stats);
  const statuses = await page.evaluate(() => (window as unknown as { statuses: Record<string, number> }).statuses);
  await page.close();
  const frames = t1.frames - t0.frames;
  const ms = t1.t - t0.t;
  const beyond = (t1.task - t0.task - idleRate * ms) / frames;
  const cpuBeyond = (t1.cpu - t0.cpu - idleCpu * ms) / frames;
  const scriptBeyond = (t1.script - t0.script - idleScript * ms) / frames;
  const layoutBeyond = (t1.layout - t0.layout - idleLayout * ms) / frames;
  const otherBeyond = (t1.other - t0.other - idleOther * ms) / frames;
  return {
    name: c.name,
    mode: s1.executionMode,
    delivery: (s1 as { frameDelivery?: string }).frameDelivery ?? 'frame-callback',
    msPerFrameBeyondIdle: beyond,
    cpuMsPerFrameBeyondIdle: cpuBeyond,
    scriptMsPerFrameBeyondIdle: scriptBeyond,
    styleLayoutMsPerFrameBeyondIdle: layoutBeyond,
    otherMsPerFrameBeyondIdle: otherBeyond,
    idleMsPerSecond: idleRate * 1000,
    trackedFps: (frames / ms) * 1000,
    skippedBusy: s1.skippedBusy - s0.skippedBusy,
    missed: s1.missed - s0.missed,
    workMs: s1.workMs,
    heapMB: [t0.heap, t1.heap],
    heapAfterGcMB: [heapStart, heapEnd],
    statuses,
  };
}

const cases: Case[] = SOAK
  ? [{ name: 'robust, 1 target, worker (soak)', attrs: '', targets: 1, seconds: SOAK, idleSeconds: Math.min(SOAK, 30) }]
  : [
      { name: 'robust, 1 target, worker', attrs: '', targets: 1, seconds: SECONDS },
      { name: 'robust, 1 target, element boxes', attrs: 'boxes="element"', targets: 1, seconds: SECONDS },
      { name: 'robust, 1 target, main thread', attrs: 'main-thread', targets: 1, seconds: SECONDS },
      { name: 'camshift, 1 target, worker', attrs: 'method="camshift"', targets: 1, seconds: SECONDS },
      { name: 'robust, 4 targets, worker', attrs: 'multiple', targets: 4, seconds: SECONDS },
      { name: 'robust, 4 targets, element boxes', attrs: 'multiple boxes="element"', targets: 4, seconds: SECONDS },
      { name: 'robust, 4 targets, main thread', attrs: 'multiple main-thread', targets: 4, seconds: SECONDS },
    ];
type Result = Awaited<ReturnType<typeof run>>;
const line = (r: Result) =>
  `${r.name.padEnd(32)} main thread ${r.msPerFrameBeyondIdle.toFixed(2)} ms/frame beyond idle (idle ${r.idleMsPerSecond.toFixed(1)} ms/s; ` +
  `CPU ${r.cpuMsPerFrameBeyondIdle.toFixed(2)}, script ${r.scriptMsPerFrameBeyondIdle.toFixed(2)}, style+layout ${r.styleLayoutMsPerFrameBeyondIdle.toFixed(2)}, other ${r.otherMsPerFrameBeyondIdle.toFixed(2)} ms/frame); ` +
  `${r.trackedFps.toFixed(1)} tracked fps; skipped ${r.skippedBusy}, missed ${r.missed}; tracking ${r.workMs.toFixed(2)} ms (last frame, ${r.mode}, ${r.delivery}); ` +
  `heap ${r.heapMB[0].toFixed(1)} → ${r.heapMB[1].toFixed(1)} MB (after a full GC ${r.heapAfterGcMB[0].toFixed(2)} → ${r.heapAfterGcMB[1].toFixed(2)} MB); ${JSON.stringify(r.statuses)}`;
const chosen = cases.filter((c) => !ONLY || c.name.includes(ONLY));
const runs: Result[][] = chosen.map(() => []);
for (let k = 0; k < REPEAT; k++) {
  for (let i = 0; i < chosen.length; i++) {
    const r = await run(chosen[i]);
    runs[i].push(r);
    console.log(`${REPEAT > 1 ? `[run ${k + 1}/${REPEAT}] ` : ''}${line(r)}`);
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const results = runs.map((rs) => {
  if (rs.length === 1) return rs[0];
  const out = { ...rs[rs.length - 1], runs: rs.length } as Result & { runs: number };
  for (const key of ['msPerFrameBeyondIdle', 'cpuMsPerFrameBeyondIdle', 'scriptMsPerFrameBeyondIdle', 'styleLayoutMsPerFrameBeyondIdle', 'otherMsPerFrameBeyondIdle', 'idleMsPerSecond', 'trackedFps', 'skippedBusy', 'missed', 'workMs'] as const) {
    (out as Record<string, unknown>)[key] = median(rs.map((r) => r[key] as number));
  }
  return out;
});
if (REPEAT > 1) {
  console.log(`medians of ${REPEAT} runs:`);
  for (const r of results) console.log(line(r));
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ width: W, height: H, seconds: SOAK || SECONDS, repeat: REPEAT, results, runs }, null, 2));
await browser.close();
http.close();
