// The replay page and `modeseek eval` give the same numbers on the same frames.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startDemoServer } from '../helpers/browser.js';
import { saveScreenshot } from '../helpers/screenshots.js';
import { writeSyntheticOtb, type WrittenSequence } from '../eval/write-sequence.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/modeseek.js');

let root: string;
let seq: WrittenSequence;
let browser: Browser;
let server: { url: string; close: () => Promise<void> };

interface Numbers {
  tracker: string;
  sequences: { name: string; frames: number; auc: number; precision20: number; meanIoU: number }[];
}

async function cliEval(dir: string, tracker: string): Promise<Numbers> {
  const json = join(root, `cli-${tracker}.json`);
  await run(process.execPath, [BIN, 'eval', dir, '--tracker', tracker, '--json', json, '--predictions', join(root, `pred-${tracker}`), '--no-progress'], { timeout: 120_000 });
  return JSON.parse(await readFile(json, 'utf8'));
}

async function pageEval(page: Page, tracker: string): Promise<Numbers> {
  for (const t of ['robust', 'camshift', 'meanshift']) await page.setChecked(`#trackers input[value="${t}"]`, t === tracker);
  await page.click('#start');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 60_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'done') throw new Error(`replay page: ${await page.textContent('#status')}`);
  return JSON.parse((await page.textContent('#result-json'))!);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'modeseek-replay-'));
  // a small synthetic OTB sequence, PNG frames (lossless: the browser and sharp decode the same pixels)
  seq = await writeSyntheticOtb(join(root, 'Synth'), { width: 192, height: 144, frames: 40, scaleChange: 0.3 });
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('replay page', () => {
  it('scores picked frames + ground truth exactly as modeseek eval does (camshift)', async () => {
    const cli = await cliEval(seq.dir, 'camshift');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/demo/replay.html`);
    // shuffled order on purpose: the page sorts frames by name as the CLI does
    await page.setInputFiles('#frames', [...seq.files].reverse());
    await page.setInputFiles('#truth', join(seq.dir, 'groundtruth_rect.txt'));
    const web = await pageEval(page, 'camshift');
    expect(errors).toEqual([]);
    const a = cli.sequences[0], b = web.sequences[0];
    expect(b.frames).toBe(a.frames);
    expect(b.auc).toBe(a.auc);
    expect(b.precision20).toBe(a.precision20);
    expect(b.meanIoU).toBe(a.meanIoU);
    // the numbers are not trivial: the tracker follows the target part of the time
    expect(a.meanIoU).toBeGreaterThan(0.2);
    expect(a.meanIoU).toBeLessThan(1);
    // the final plots are drawn, and an IoU-over-time strip per tracker
    expect(await page.locator('#plots svg').count()).toBe(2);
    expect(await page.locator('#iou-strips svg').count()).toBe(1);
    // the predictions download is what `modeseek eval --predictions` writes
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-predictions')]);
    const text = await readFile((await dl.path())!, 'utf8');
    expect(text).toBe(await readFile(join(root, 'pred-camshift', 'Synth.txt'), 'utf8'));
    await saveScreenshot(page, 'replay', { fullPage: true }); // README's picture (npm run screenshots)
    await page.close();
  });

  it('takes a whole sequence folder (frames in img/, ground truth found in it) — meanshift', async () => {
    const cli = await cliEval(seq.dir, 'meanshift');
    const page = await browser.newPage();
    await page.goto(`${server.url}/demo/replay.html`);
    await page.setInputFiles('#folder', seq.dir);
    await expect.poll(() => page.textContent('#status')).toMatch(/40 frames of Synth; ground truth: Synth\/groundtruth_rect\.txt/);
    const web = await pageEval(page, 'meanshift');
    expect(web.sequences[0].name).toBe('Synth');
    expect(web.sequences[0].auc).toBe(cli.sequences[0].auc);
    expect(web.sequences[0].precision20).toBe(cli.sequences[0].precision20);
    expect(web.sequences[0].meanIoU).toBe(cli.sequences[0].meanIoU);
    await page.close();
  });

  it('a video one frame longer than its ground truth: a warning, scored on the frames both have', async () => {
    const video = join(root, 'clip.webm');
    await run('ffmpeg', ['-v', 'error', '-y', '-framerate', '30', '-i', join(seq.dir, 'img', '%04d.png'), '-c:v', 'libvpx', '-b:v', '2M', video], { timeout: 60_000 });
    const page = await browser.newPage();
    await page.goto(`${server.url}/demo/replay.html`);
    await page.setInputFiles('#video', video);
    await page.setInputFiles('#truth', { name: 'clip.txt', mimeType: 'text/plain', buffer: Buffer.from(seq.lines.slice(0, 39).join('\n')) });
    const web = await pageEval(page, 'camshift');
    expect(web.sequences[0].frames).toBe(39);
    expect(await page.isVisible('#warning')).toBe(true);
    expect(await page.textContent('#warning')).toMatch(/decoded 40 frames but clip\.txt has 39 lines; scored on the 39 frames both have/);
    await page.close();
  }, 90_000);

  it('shows the parser error for a ground truth with fewer lines than frames', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/demo/replay.html`);
    await page.setInputFiles('#frames', seq.files);
    await page.setInputFiles('#truth', { name: 'short.txt', mimeType: 'text/plain', buffer: Buffer.from(seq.lines.slice(0, 10).join('\n')) });
    await page.setChecked('#trackers input[value="camshift"]', true);
    await page.click('#start');
    await page.waitForFunction(() => document.body.dataset.state === 'error');
    expect(await page.textContent('#status')).toMatch(/has 40 frames but short\.txt has 10 ground-truth lines/);
    await page.close();
  });
});
