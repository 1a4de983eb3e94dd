// Clustering playground: add points or generate blobs, pick a bandwidth and a kernel, and
// watch every seed climb to its mode (computed in a Worker, so the page never freezes).
import type { MeanShiftKernel } from '../../src/cluster/index.js';
import { seededRandom } from '../../src/cluster/seeded-random.js';
import type { FromWorker, ToWorker } from './protocol.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const canvas = $<HTMLCanvasElement>('canvas');
const ctx = canvas.getContext('2d')!;
const ui = {
  blobs: $<HTMLButtonElement>('blobs'),
  count: $<HTMLSelectElement>('count'),
  centres: $<HTMLInputElement>('centres'),
  clear: $<HTMLButtonElement>('clear'),
  bandwidth: $<HTMLInputElement>('bandwidth'),
  bandwidthValue: $<HTMLOutputElement>('bandwidth-value'),
  mark: $<HTMLSpanElement>('estimate-mark'),
  estimate: $<HTMLSpanElement>('estimate'),
  useEstimate: $<HTMLButtonElement>('use-estimate'),
  kernel: $<HTMLSelectElement>('kernel'),
  binSeeding: $<HTMLInputElement>('bin-seeding'),
  run: $<HTMLButtonElement>('run'),
  status: $<HTMLDivElement>('status'),
  clusters: $<HTMLSpanElement>('clusters'),
  time: $<HTMLSpanElement>('time'),
  iterations: $<HTMLSpanElement>('iterations'),
  npoints: $<HTMLSpanElement>('npoints'),
};

// Every random draw on the page (blobs, sprayed points) comes from one seeded generator:
// `?seed=N` in the URL makes the page's blobs the same on every load (the e2e test uses it),
// without it each load draws a seed of its own.
const seedParam = new URLSearchParams(location.search).get('seed');
const pageSeed = seedParam !== null && /^\d+$/.test(seedParam) ? Number(seedParam) : Math.floor(Math.random() * 2 ** 32);
const random = seededRandom(pageSeed);

// World box shown on the canvas (same aspect as the canvas).
const VIEW = { x0: -12, x1: 12, y0: -7.5, y1: 7.5 };
const toX = (x: number): number => ((x - VIEW.x0) / (VIEW.x1 - VIEW.x0)) * canvas.width;
const toY = (y: number): number => ((VIEW.y1 - y) / (VIEW.y1 - VIEW.y0)) * canvas.height;
const PALETTE = ['#e4572e', '#29bf12', '#3fa7d6', '#f3a712', '#a846a0', '#17bebb', '#ff6f91', '#c5d86d', '#8d6a9f', '#f25f5c', '#70c1b3', '#ffe066'];

let points: number[] = [];
let estimate: number | null = null;
let runId = 0;
let frames: Float32Array[] = [];
let seedCount = 0;
let frame = 0;
let done: Extract<FromWorker, { type: 'done' }> | null = null;
let density: HTMLCanvasElement | null = null;
let playing = false;
let lastAdvance = 0;
let period = 100;
/** Fraction of the way from frame to frame + 1 (eased in draw). */
let blend = 0;

/**
 * Test hook (read by test/e2e/playgrounds.test.ts; nothing on the page uses it): the page's
 * state is mirrored on `<body data-state="idle|seeking|done|error">`, and
 * `window.modeseekCluster()` returns a copy of the points (flat x, y, …), the settings of the
 * last run and, once it is done, its centres and labels.
 */
export interface ClusterSnapshot {
  points: number[];
  bandwidth: number;
  kernel: MeanShiftKernel;
  binSeeding: boolean;
  centres: number[][] | null;
  labels: number[] | null;
}
declare global {
  interface Window {
    modeseekCluster?: () => ClusterSnapshot;
  }
}
let lastRun: Pick<ClusterSnapshot, 'bandwidth' | 'kernel' | 'binSeeding'> | null = null;
window.modeseekCluster = () => ({
  points: [...points],
  bandwidth: lastRun?.bandwidth ?? bandwidth(),
  kernel: lastRun?.kernel ?? (ui.kernel.value as MeanShiftKernel),
  binSeeding: lastRun?.binSeeding ?? ui.binSeeding.checked,
  centres: done && !playing ? done.centres.map((c) => [...c]) : null,
  labels: done && !playing ? [...done.labels] : null,
});
const setState = (s: 'idle' | 'seeking' | 'done' | 'error'): void => {
  document.body.dataset.state = s;
};

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (m: ToWorker): void => worker.postMessage(m);

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.type === 'estimate') {
    if (m.id !== estimateId) return;
    estimate = m.bandwidth > 0 ? m.bandwidth : null;
    showEstimate();
    if (pendingAutoRun) {
      pendingAutoRun = false;
      play();
    }
    return;
  }
  if (m.id !== runId) return; // a stale run
  if (m.type === 'density') density = densityImage(m.cols, m.rows, m.values);
  else if (m.type === 'steps') {
    seedCount = m.seedCount;
    frames.push(...m.frames);
  } else if (m.type === 'done') {
    done = m;
    ui.time.textContent = `meanShift() took ${m.ms.toFixed(1)} ms (in a Worker)`;
    ui.iterations.textContent = `${m.iterations} iterations at most`;
  } else if (m.type === 'error') {
    playing = false;
    ui.status.textContent = m.message;
    setState('error');
  }
  draw();
};

function densityImage(cols: number, rows: number, values: Float32Array): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = cols;
  c.height = rows;
  const img = c.getContext('2d')!.createImageData(cols, rows);
  let max = 0;
  for (const v of values) if (v > max) max = v;
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < cols; k++) {
      // Row 0 of the density is the bottom of the world box: flip.
      const v = max > 0 ? Math.sqrt(values[r * cols + k] / max) : 0;
      const o = ((rows - 1 - r) * cols + k) * 4;
      img.data[o] = 60 + 120 * v;
      img.data[o + 1] = 70 + 60 * v;
      img.data[o + 2] = 110 + 100 * v;
      img.data[o + 3] = 150 * v;
    }
  }
  c.getContext('2d')!.putImageData(img, 0, 0);
  return c;
}

function bandwidth(): number {
  return Number(ui.bandwidth.value);
}

function setBandwidth(h: number): void {
  ui.bandwidth.value = String(Math.min(Number(ui.bandwidth.max), Math.max(Number(ui.bandwidth.min), h)));
  ui.bandwidthValue.textContent = bandwidth().toFixed(2);
  invalidate();
}

function showEstimate(): void {
  ui.estimate.textContent = estimate ? estimate.toFixed(2) : '–';
  ui.useEstimate.disabled = !estimate;
  if (estimate) {
    const min = Number(ui.bandwidth.min);
    const max = Number(ui.bandwidth.max);
    const f = (Math.min(max, Math.max(min, estimate)) - min) / (max - min);
    // The thumb travels the track minus its own width (about 16 px).
    ui.mark.style.left = `calc(8px + (100% - 16px) * ${f})`;
    ui.mark.hidden = false;
  } else ui.mark.hidden = true;
}

let estimateId = 0;
let estimateTimer = 0;
let pendingAutoRun = false;
function pointsChanged(): void {
  invalidate();
  ui.npoints.textContent = `${points.length / 2} points`;
  clearTimeout(estimateTimer);
  estimateTimer = window.setTimeout(() => {
    estimateId++;
    if (points.length >= 4) send({ type: 'estimate', id: estimateId, points: Float64Array.from(points) });
    else {
      estimate = null;
      showEstimate();
    }
  }, 150);
}

/** Forgets the last run (the data or the settings changed). */
function invalidate(): void {
  runId++;
  frames = [];
  done = null;
  density = null;
  playing = false;
  lastRun = null;
  setState('idle');
  ui.clusters.textContent = '–';
  ui.time.textContent = '–';
  ui.iterations.textContent = '–';
  ui.status.textContent = points.length ? 'press “Play mode seeking”' : 'click to add points, or generate blobs';
  draw();
}

function play(): void {
  if (points.length < 2) {
    ui.status.textContent = 'add at least two points';
    return;
  }
  invalidate();
  playing = true;
  frame = 0;
  lastAdvance = performance.now();
  ui.status.textContent = 'seeking modes…';
  setState('seeking');
  const cols = 192;
  const rows = 120;
  lastRun = { bandwidth: bandwidth(), kernel: ui.kernel.value as MeanShiftKernel, binSeeding: ui.binSeeding.checked };
  send({
    type: 'run',
    id: runId,
    points: Float64Array.from(points),
    ...lastRun,
    view: { ...VIEW, cols, rows },
  });
  requestAnimationFrame(tick);
}

function tick(now: number): void {
  if (!playing) return;
  // The whole climb takes about 3 s (at least 60 ms an iteration), eased between iterations.
  period = Math.max(60, Math.min(500, 3000 / Math.max(1, frames.length)));
  if (frame < frames.length - 1 && now - lastAdvance > period) {
    frame++;
    lastAdvance = now;
  }
  blend = frame < frames.length - 1 ? Math.min(1, (now - lastAdvance) / period) : 0;
  const finished = done !== null && frame >= frames.length - 1;
  if (finished) {
    playing = false;
    ui.status.textContent = '';
    ui.clusters.textContent = `${done!.centres.length} cluster${done!.centres.length === 1 ? '' : 's'}`;
    setState('done');
  } else if (frames.length === 0) {
    ui.status.textContent = 'seeking modes…';
  } else {
    ui.status.textContent = `iteration ${frame} · ${activeSeeds()} of ${seedCount} seeds moving`;
  }
  draw();
  if (playing) requestAnimationFrame(tick);
}

function activeSeeds(): number {
  if (frame === 0 || !frames[frame]) return seedCount;
  const a = frames[frame];
  const b = frames[frame - 1];
  let n = 0;
  for (let i = 0; i < a.length; i += 2) if (a[i] !== b[i] || a[i + 1] !== b[i + 1]) n++;
  return n;
}

function draw(): void {
  const w = canvas.width;
  const h = canvas.height;
  ctx.fillStyle = '#0f1115';
  ctx.fillRect(0, 0, w, h);
  if (density) {
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(density, 0, 0, w, h);
  }
  const finished = done !== null && !playing;
  // Points: under the moving seeds while they climb, over the faint paths once finished (so
  // every point, even in a small cluster crossed by many paths, shows its cluster's colour).
  const drawPoints = (): void => {
    const n = points.length / 2;
    const r = n > 3000 ? 1.2 : n > 1000 ? 1.8 : 2.6;
    for (let i = 0; i < n; i++) {
      const label = finished ? done!.labels[i] : -2;
      ctx.fillStyle = label >= 0 ? PALETTE[label % PALETTE.length] : label === -1 ? '#555b66' : 'rgba(220,225,235,0.55)';
      ctx.fillRect(toX(points[2 * i]) - r / 2, toY(points[2 * i + 1]) - r / 2, r, r);
    }
  };
  if (!finished) drawPoints();
  // Seed paths up to the current frame, and the seeds.
  if (frames.length) {
    const upto = Math.min(frame, frames.length - 1);
    const next = frames[Math.min(upto + 1, frames.length - 1)];
    const t = finished ? 0 : blend * blend * (3 - 2 * blend);
    const cur = frames[upto];
    const sx = (s: number): number => toX(cur[2 * s] + t * (next[2 * s] - cur[2 * s]));
    const sy = (s: number): number => toY(cur[2 * s + 1] + t * (next[2 * s + 1] - cur[2 * s + 1]));
    ctx.strokeStyle = finished ? 'rgba(255, 200, 120, 0.10)' : 'rgba(255, 200, 120, 0.25)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let s = 0; s < seedCount; s++) {
      ctx.moveTo(toX(frames[0][2 * s]), toY(frames[0][2 * s + 1]));
      for (let f = 1; f <= upto; f++) ctx.lineTo(toX(frames[f][2 * s]), toY(frames[f][2 * s + 1]));
      ctx.lineTo(sx(s), sy(s));
    }
    ctx.stroke();
    if (!finished) {
      ctx.fillStyle = '#ffb347';
      for (let s = 0; s < seedCount; s++) ctx.fillRect(sx(s) - 1.5, sy(s) - 1.5, 3, 3);
    }
  }
  if (finished) drawPoints();
  // Centres, with a circle of one bandwidth.
  if (finished) {
    const px = (bandwidth() / (VIEW.x1 - VIEW.x0)) * w;
    done!.centres.forEach((c, k) => {
      const x = toX(c[0]);
      const y = toY(c[1]);
      ctx.strokeStyle = PALETTE[k % PALETTE.length];
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.arc(x, y, px, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.lineWidth = 2.5;
      ctx.fillStyle = '#0f1115';
      ctx.beginPath();
      ctx.arc(x, y, 6, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    });
  }
  // Scale: one bandwidth.
  const px = (bandwidth() / (VIEW.x1 - VIEW.x0)) * w;
  ctx.strokeStyle = '#c9ced6';
  ctx.fillStyle = '#c9ced6';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(16, h - 16);
  ctx.lineTo(16 + px, h - 16);
  ctx.stroke();
  ctx.font = '13px system-ui, sans-serif';
  ctx.fillText(`bandwidth ${bandwidth().toFixed(2)}`, 16, h - 24);
}

function generateBlobs(): void {
  const n = Number(ui.count.value);
  const k = Math.max(1, Math.min(12, Math.round(Number(ui.centres.value)) || 5));
  const centres = Array.from({ length: k }, () => ({
    x: -9 + 18 * random(),
    y: -5.5 + 11 * random(),
    s: 0.4 + 0.6 * random(),
  }));
  points = [];
  for (let i = 0; i < n; i++) {
    const c = centres[i % k];
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const t = 2 * Math.PI * random();
    points.push(c.x + c.s * r * Math.cos(t), c.y + c.s * r * Math.sin(t));
  }
  pointsChanged();
}

// Click adds a point; dragging sprays a few.
let dragging = false;
let lastAdd = { x: 0, y: 0 };
function worldAt(e: PointerEvent): { x: number; y: number } {
  const rect = canvas.getBoundingClientRect();
  const cx = ((e.clientX - rect.left) / rect.width) * canvas.width;
  const cy = ((e.clientY - rect.top) / rect.height) * canvas.height;
  return {
    x: VIEW.x0 + (cx / canvas.width) * (VIEW.x1 - VIEW.x0),
    y: VIEW.y1 - (cy / canvas.height) * (VIEW.y1 - VIEW.y0),
  };
}
canvas.addEventListener('pointerdown', (e) => {
  dragging = true;
  canvas.setPointerCapture(e.pointerId);
  lastAdd = worldAt(e);
  points.push(lastAdd.x, lastAdd.y);
  pointsChanged();
});
canvas.addEventListener('pointermove', (e) => {
  if (!dragging) return;
  const p = worldAt(e);
  if (Math.hypot(p.x - lastAdd.x, p.y - lastAdd.y) < 0.25) return;
  lastAdd = p;
  for (let i = 0; i < 3; i++) points.push(p.x + (random() - 0.5) * 0.5, p.y + (random() - 0.5) * 0.5);
  pointsChanged();
});
canvas.addEventListener('pointerup', () => (dragging = false));

ui.blobs.addEventListener('click', () => {
  pendingAutoRun = true;
  generateBlobs();
});
ui.clear.addEventListener('click', () => {
  points = [];
  pointsChanged();
});
ui.bandwidth.addEventListener('input', () => setBandwidth(bandwidth()));
ui.useEstimate.addEventListener('click', () => estimate && setBandwidth(estimate));
ui.kernel.addEventListener('change', invalidate);
ui.binSeeding.addEventListener('change', invalidate);
ui.run.addEventListener('click', play);

pendingAutoRun = true;
generateBlobs();
