// Segmentation playground: sample or dropped image, sliders, workers with progress and cancel.
import { createSegmentWorkers } from '../../src/dom/segment-worker.js';
import { drawRegionBoundaries, paintRegions } from '../../src/segment/boundaries.js';
import { MAX_PIXELS } from '../../src/segment/options.js';
import { drawSample } from './sample.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const hs = $<HTMLInputElement>('hs');
const hr = $<HTMLInputElement>('hr');
const minr = $<HTMLInputElement>('minr');
const space = $<HTMLSelectElement>('space');
const progress = $<HTMLProgressElement>('progress');
const cancel = $<HTMLButtonElement>('cancel');
const status = $<HTMLSpanElement>('status');

const workers = createSegmentWorkers(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
/** Images above this many pixels are downscaled so that the page stays responsive. */
const WORK_PIXELS = 1_000_000;
let image: ImageData | null = null;
let running: AbortController | null = null;
let timer = 0;

function show(id: string, img: ImageData): void {
  const c = $<HTMLCanvasElement>(id);
  c.width = img.width;
  c.height = img.height;
  c.getContext('2d')!.putImageData(img, 0, 0);
}

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function readouts(): void {
  $('hs-v').textContent = hs.value;
  $('hr-v').textContent = hr.value;
  $('minr-v').textContent = minr.value;
}

async function run(): Promise<void> {
  if (!image) return;
  running?.abort();
  const ac = new AbortController();
  running = ac;
  cancel.disabled = false;
  progress.value = 0;
  const t0 = performance.now();
  say('segmenting…');
  try {
    const r = await workers.segment(
      image,
      { spatialRadius: Number(hs.value), colorRadius: Number(hr.value), minRegionSize: Number(minr.value), colorSpace: space.value as 'luv' | 'rgb' },
      { signal: ac.signal, onProgress: (f) => (progress.value = f), bandsPerWorker: 4 },
    );
    if (ac.signal.aborted) {
      // cancelled while the regions were being fused (the filtering was already done)
      if (running === ac) say('cancelled');
      return;
    }
    const f = r.filtered;
    show('filtered', new ImageData(new Uint8ClampedArray(f.data), f.width, f.height));
    // black on light pixels, white on dark ones: boundaries show on any colour (red would vanish on red)
    const b = drawRegionBoundaries(image, r.labels, { color: 'contrast' });
    show('boundaries', new ImageData(new Uint8ClampedArray(b.data), b.width, b.height));
    const p = paintRegions(r.labels, r.regions, image.width, image.height);
    show('regions', new ImageData(new Uint8ClampedArray(p.data), p.width, p.height));
    say(`${r.regionCount} regions · ${image.width}×${image.height} · ${Math.round(performance.now() - t0)} ms on ${workers.size} workers`);
  } catch (e) {
    // superseded by a newer run (a new image, a slider): that run speaks; only a cancel says so
    if (ac.signal.aborted) {
      if (running === ac) say('cancelled');
    } else say(`error: ${(e as Error).message}`, true);
  } finally {
    if (running === ac) {
      running = null;
      cancel.disabled = true;
    }
  }
}

function schedule(): void {
  readouts();
  clearTimeout(timer);
  timer = window.setTimeout(() => void run(), 250);
}

function setImage(img: ImageData, note = ''): void {
  image = img;
  show('original', img);
  for (const id of ['filtered', 'boundaries', 'regions']) {
    const c = $<HTMLCanvasElement>(id);
    c.width = img.width;
    c.height = img.height;
  }
  if (note) say(note);
  void run();
}

async function load(file: File): Promise<void> {
  let bmp: ImageBitmap;
  try {
    bmp = await createImageBitmap(file);
  } catch {
    say(`${file.name} is not an image this browser can decode (try PNG, JPEG or WebP)`, true);
    return;
  }
  if (bmp.width === 0 || bmp.height === 0) {
    say(`${file.name} is empty (${bmp.width}×${bmp.height})`, true);
    return;
  }
  const pixels = bmp.width * bmp.height;
  const scale = pixels > WORK_PIXELS ? Math.sqrt(WORK_PIXELS / pixels) : 1;
  const w = Math.max(1, Math.round(bmp.width * scale));
  const h = Math.max(1, Math.round(bmp.height * scale));
  if (pixels > MAX_PIXELS * 4) say(`${file.name} is very large; downscaled`);
  const c = new OffscreenCanvas(w, h);
  const g = c.getContext('2d')!;
  g.drawImage(bmp, 0, 0, w, h);
  bmp.close();
  setImage(g.getImageData(0, 0, w, h), scale < 1 ? `${file.name} downscaled to ${w}×${h} to stay responsive` : '');
}

$('sample').addEventListener('click', () => setImage(drawSample()));
$<HTMLInputElement>('file').addEventListener('change', (ev) => {
  const f = (ev.target as HTMLInputElement).files?.[0];
  if (f) void load(f);
});
for (const el of [hs, hr, minr, space]) el.addEventListener('input', schedule);
cancel.addEventListener('click', () => running?.abort());
// a new run aborts the previous one without a word; the Cancel button is the only "cancelled"

addEventListener('dragover', (ev) => {
  ev.preventDefault();
  document.body.classList.add('dragging');
});
addEventListener('dragleave', () => document.body.classList.remove('dragging'));
addEventListener('drop', (ev) => {
  ev.preventDefault();
  document.body.classList.remove('dragging');
  const f = ev.dataTransfer?.files[0];
  if (f) void load(f);
});
readouts();
setImage(drawSample());
