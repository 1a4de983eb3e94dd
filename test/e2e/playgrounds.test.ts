// The clustering and segmentation playgrounds, driven as a user drives them.
// Set MODESEEK_E2E_SCREENSHOTS=<dir> to save a screenshot of each page at its end state.
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateBandwidth, meanShift } from '../../src/cluster/index.js';
import type { ClusterSnapshot } from '../../demo/cluster/main.js';
import { launchChromium, startDemoServer } from '../helpers/browser.js';
import { rng } from '../helpers/random.js';
import { saveScreenshot } from '../helpers/screenshots.js';

let browser: Browser;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A new page that records uncaught exceptions and console errors. */
async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // the demo site has no favicon: Chromium's request for one is not the page's doing
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  await page.goto(`${server.url}${path}`);
  return { page, errors };
}

const screenshot = (page: Page, name: string): Promise<void> => saveScreenshot(page, name, { fullPage: true });

// ---------------------------------------------------------------------------------------------
// Clustering (the page's test hook: <body data-state> and window.modeseekCluster(), see demo/cluster/main.ts)

const PALETTE = ['#e4572e', '#29bf12', '#3fa7d6', '#f3a712', '#a846a0', '#17bebb', '#ff6f91', '#c5d86d', '#8d6a9f', '#f25f5c', '#70c1b3', '#ffe066'];

/** Waits for the page's run to finish (`<body data-state>`); returns the shown cluster count. */
async function waitForClusters(page: Page): Promise<number> {
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 60_000 });
  expect(await page.evaluate(() => document.body.dataset.state), (await page.textContent('#status')) ?? '').toBe('done');
  const text = (await page.textContent('#clusters'))!.trim();
  const m = /^(\d+) clusters?$/.exec(text);
  expect(m, `#clusters reads "${text}"`).not.toBeNull();
  return Number(m![1]);
}

const snapshot = (page: Page): Promise<ClusterSnapshot> => page.evaluate(() => window.modeseekCluster!());

/** How many of the palette's colours appear exactly in the canvas pixels (points and centre rings). */
async function paletteColoursOnCanvas(page: Page): Promise<number> {
  return page.evaluate((palette) => {
    const c = document.getElementById('canvas') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const wanted = new Map(palette.map((h) => [parseInt(h.slice(1), 16), 0]));
    for (let i = 0; i < d.length; i += 4) {
      const rgb = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      const n = wanted.get(rgb);
      if (n !== undefined) wanted.set(rgb, n + 1);
    }
    // a colour counts when a few pixels have it (a point is at least one whole pixel)
    return [...wanted.values()].filter((n) => n >= 3).length;
  }, PALETTE);
}

describe('clustering playground', () => {
  it('generated blobs: the estimate, the shown clusters and colours match meanShift() in Node', async () => {
    // ?seed= makes the page's blobs the same on every run (see demo/cluster/main.ts)
    const { page, errors } = await open('/demo/cluster.html?seed=12');
    // (the page generates blobs and plays on load; new blobs forget that run)
    await page.selectOption('#count', '300');
    await page.fill('#centres', '3');
    await page.click('#blobs');
    // new points: the estimate is recomputed and the page plays again by itself
    const shown = await waitForClusters(page);
    const snap = await snapshot(page);
    expect(snap.points).toHaveLength(600);
    const data = Array.from({ length: snap.points.length / 2 }, (_, i) => [snap.points[2 * i], snap.points[2 * i + 1]]);

    // the estimate button and its mark on the slider
    const estimate = estimateBandwidth(data);
    expect(await page.textContent('#estimate')).toBe(estimate.toFixed(2));
    expect(await page.locator('#estimate-mark').isVisible()).toBe(true);

    // the run the page shows is meanShift() on the same points with the same settings
    expect(snap).toMatchObject({ bandwidth: 1.5, kernel: 'flat', binSeeding: false });
    const ref = meanShift(data, { bandwidth: snap.bandwidth, kernel: snap.kernel, binSeeding: snap.binSeeding });
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBe(ref.clusterCenters.length);
    expect(snap.centres).toHaveLength(shown);
    snap.centres!.forEach((c, k) => {
      expect(c[0]).toBeCloseTo(ref.clusterCenters[k][0], 9);
      expect(c[1]).toBeCloseTo(ref.clusterCenters[k][1], 9);
    });
    expect(snap.labels).toEqual(ref.labels);
    expect(new Set(snap.labels).size).toBe(shown);
    // every cluster is drawn in its own colour (the palette has 12)
    expect(await paletteColoursOnCanvas(page)).toBe(Math.min(shown, PALETTE.length));
    expect(await page.textContent('#time')).toMatch(/^meanShift\(\) took \d+\.\d ms \(in a Worker\)$/);
    expect(await page.textContent('#npoints')).toBe('300 points');

    // "estimate" sets the slider to estimateBandwidth()
    await page.click('#use-estimate');
    expect(await page.textContent('#bandwidth-value')).toBe(Number(await page.inputValue('#bandwidth')).toFixed(2));
    expect(Number(await page.inputValue('#bandwidth'))).toBeCloseTo(estimate, 1);
    expect(await page.textContent('#clusters')).toBe('–'); // the old result is forgotten
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000); // the page animates every seed's climb: minutes when the machine is loaded

  it('points clicked in three well-separated groups make three clusters (Gaussian kernel)', async () => {
    const { page, errors } = await open('/demo/cluster.html?seed=12');
    // no need to wait for the run the page starts on load: clearing forgets it
    await page.click('#clear');
    expect(await page.textContent('#npoints')).toBe('0 points');

    // world box of the canvas: x in [-12, 12], y in [-7.5, 7.5]
    const box = (await page.locator('#canvas').boundingBox())!;
    const at = (x: number, y: number): [number, number] => [box.x + ((x + 12) / 24) * box.width, box.y + ((7.5 - y) / 15) * box.height];
    const groups = [[-7, 4], [6, 3], [0, -4.5]];
    const offsets = [[0, 0], [0.3, 0], [-0.3, 0], [0, 0.3], [0, -0.3], [0.25, 0.25], [-0.25, -0.25]];
    for (const [gx, gy] of groups) for (const [dx, dy] of offsets) await page.mouse.click(...at(gx + dx, gy + dy));
    expect(await page.textContent('#npoints')).toBe(`${groups.length * offsets.length} points`);

    await page.fill('#bandwidth', '1');
    expect(await page.textContent('#bandwidth-value')).toBe('1.00');
    await page.selectOption('#kernel', 'gaussian');
    await page.click('#run');
    expect(await waitForClusters(page)).toBe(3);

    const snap = await snapshot(page);
    expect(snap).toMatchObject({ bandwidth: 1, kernel: 'gaussian' });
    // one label a group, a different one for each group, and each centre near its group
    const labels = snap.labels!;
    const byGroup = groups.map((_, g) => new Set(labels.slice(g * offsets.length, (g + 1) * offsets.length)));
    for (const s of byGroup) expect(s.size).toBe(1);
    expect(new Set(byGroup.map((s) => [...s][0])).size).toBe(3);
    groups.forEach(([gx, gy], g) => {
      const c = snap.centres![[...byGroup[g]][0]];
      expect(Math.hypot(c[0] - gx, c[1] - gy)).toBeLessThan(0.2); // clicks land on whole CSS pixels
    });
    expect(await paletteColoursOnCanvas(page)).toBe(3);
    expect(errors).toEqual([]);
    await screenshot(page, 'cluster');
    await page.close();
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Segmentation

/** Waits for a finished segmentation and returns the region count in the status line. */
async function waitForRegions(page: Page): Promise<number> {
  await page.waitForFunction(() => /^\d+ regions · |^error|^cancelled/.test(document.getElementById('status')!.textContent ?? ''), null, { timeout: 60_000 });
  const text = (await page.textContent('#status'))!;
  const m = /^(\d+) regions · (\d+)×(\d+) · \d+ ms on \d+ workers$/.exec(text);
  expect(m, `#status reads "${text}"`).not.toBeNull();
  return Number(m![1]);
}

/** Pixel statistics of a canvas: its size and its number of distinct colours. */
function canvasStats(page: Page, id: string): Promise<{ width: number; height: number; colours: number }> {
  return page.evaluate((id) => {
    const c = document.getElementById(id) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 4) {
      colours.add((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]);
    }
    return { width: c.width, height: c.height, colours: colours.size };
  }, id);
}

/**
 * The boundary pixels (where the boundaries canvas differs from the original) and whether
 * each contrasts with the picture: black where the picture is light, white where it is dark.
 */
function boundaryStats(page: Page): Promise<{ drawn: number; contrasting: number }> {
  return page.evaluate(() => {
    const get = (id: string): Uint8ClampedArray => {
      const c = document.getElementById(id) as HTMLCanvasElement;
      return c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    };
    const o = get('original');
    const b = get('boundaries');
    let drawn = 0;
    let contrasting = 0;
    for (let i = 0; i < o.length; i += 4) {
      if (o[i] === b[i] && o[i + 1] === b[i + 1] && o[i + 2] === b[i + 2]) continue;
      drawn++;
      const luma = 0.299 * o[i] + 0.587 * o[i + 1] + 0.114 * o[i + 2];
      const v = luma >= 128 ? 0 : 255;
      if (b[i] === v && b[i + 1] === v && b[i + 2] === v) contrasting++;
    }
    return { drawn, contrasting };
  });
}

/** A PNG of uniform noise (slow to segment: no two neighbours alike). */
function noisePng(width: number, height: number): Promise<Buffer> {
  const rgb = Buffer.alloc(width * height * 3);
  const random = rng(700);
  for (let i = 0; i < rgb.length; i++) rgb[i] = Math.floor(random() * 256);
  return sharp(rgb, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
}

describe('segmentation playground', () => {
  it('segments the sample (again after a slider change), says clearly a text file is no image, cancels a large image', async () => {
    const { page, errors } = await open('/demo/segment.html');
    // the sample is segmented on load
    expect(await waitForRegions(page)).toBeGreaterThan(1);

    // a user moves "Min region": the page segments again with it
    await page.fill('#minr', '100');
    expect(await page.textContent('#minr-v')).toBe('100');
    await page.waitForFunction(() => document.getElementById('status')!.textContent === 'segmenting…', null, { timeout: 5_000 });
    const regions = await waitForRegions(page);
    expect(regions).toBeGreaterThan(1);
    expect(await page.evaluate(() => (document.getElementById('progress') as HTMLProgressElement).value)).toBe(1);
    expect(await page.locator('#cancel').isDisabled()).toBe(true);

    const original = await canvasStats(page, 'original');
    const filtered = await canvasStats(page, 'filtered');
    const boundaries = await canvasStats(page, 'boundaries');
    const painted = await canvasStats(page, 'regions');
    expect(original).toMatchObject({ width: 480, height: 320 });
    for (const s of [filtered, boundaries, painted]) expect(s).toMatchObject({ width: 480, height: 320 });
    // the boundaries are drawn (but do not cover the picture), each black on light and white on dark
    const drawn = await boundaryStats(page);
    expect(drawn.drawn).toBeGreaterThan(300);
    expect(drawn.drawn).toBeLessThan(0.5 * 480 * 320);
    expect(drawn.contrasting).toBe(drawn.drawn);
    // the fourth panel: every region in one (mean) colour, so at most as many colours as regions
    expect(painted.colours).toBeGreaterThan(1);
    expect(painted.colours).toBeLessThanOrEqual(regions);
    expect(filtered.colours).toBeGreaterThan(1);
    // filtering flattens the picture's gradients: fewer colours than the original
    expect(filtered.colours).toBeLessThan(original.colours);
    expect(errors).toEqual([]);
    await screenshot(page, 'segment');

    // a text file: a clear error, and the last result stays on screen
    await page.setInputFiles('#file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image\n') });
    await page.waitForFunction(() => document.getElementById('status')!.classList.contains('error'), null, { timeout: 10_000 });
    expect(await page.textContent('#status')).toBe('notes.txt is not an image this browser can decode (try PNG, JPEG or WebP)');
    expect(await boundaryStats(page)).toEqual(drawn);

    // a large picked image: progress shows, and Cancel stops the run
    // Cancel is pressed in the page the moment the run starts (its work already handed to the
    // workers): a click from the test process could land after a fast machine had finished
    await page.evaluate(() => {
      const status = document.getElementById('status')!;
      const watch = new MutationObserver(() => {
        if (status.textContent !== 'segmenting…') return;
        watch.disconnect();
        (document.getElementById('cancel') as HTMLButtonElement).click();
      });
      watch.observe(status, { childList: true, characterData: true, subtree: true });
    });
    await page.setInputFiles('#file', { name: 'noise.png', mimeType: 'image/png', buffer: await noisePng(700, 700) });
    await page.waitForFunction(() => document.getElementById('status')!.textContent === 'cancelled', null, { timeout: 60_000 });
    expect(await canvasStats(page, 'original')).toMatchObject({ width: 700, height: 700 });
    expect(await page.locator('#cancel').isDisabled()).toBe(true);
    expect(await page.evaluate(() => (document.getElementById('progress') as HTMLProgressElement).value)).toBeLessThan(1);
    // nothing drawn for a cancelled run: the panels stay blank (one colour, transparent)
    for (const id of ['boundaries', 'regions']) expect((await canvasStats(page, id)).colours).toBe(1);

    // the sample button brings it back, and clears the error styling; pressing it again while
    // a run is going supersedes that run without a spurious "cancelled"
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { statuses: string[] }).statuses = []);
      const el = document.getElementById('status')!;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await page.click('#sample');
    await page.waitForFunction(() => document.getElementById('status')!.textContent === 'segmenting…', null, { timeout: 10_000 });
    await page.click('#sample');
    expect(await waitForRegions(page)).toBe(regions);
    expect(await page.evaluate(() => (window as unknown as { statuses: string[] }).statuses)).not.toContain('cancelled');
    expect(await page.locator('#status.error').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000); // several segmentations in a row: slow when the machine is shared
});
