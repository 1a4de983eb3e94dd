// Replay & evaluation page: frames (folder, files or video) + ground truth → every frame tracked
// and scored with the same parser, evaluator and metrics as `modeseek eval`.
import { createTracker } from '../../src/track/create-tracker.js';
import type { TrackerMethod } from '../../src/track/types.js';
import type { Rect } from '../../src/image/types.js';
import { checkFrameCount, originForTruthFile, parseGroundTruth, type GroundTruth } from '../../src/eval/ground-truth.js';
import { SequenceEvaluator, type TrackerRun } from '../../src/eval/evaluator.js';
import { buildEvalJson, formatPredictions, type EvalJson } from '../../src/eval/result.js';
import { CURVE_COLORS, TRUTH_COLOR, precisionPlotSvg, successPlotSvg } from '../../src/eval/plots.js';
import { imageSource, pathOf, splitFolder, videoSource, type FrameSource } from './frames.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const folderInput = $<HTMLInputElement>('folder');
const framesInput = $<HTMLInputElement>('frames');
const videoInput = $<HTMLInputElement>('video');
const truthInput = $<HTMLInputElement>('truth');
const originSelect = $<HTMLSelectElement>('origin');
const startBtn = $<HTMLButtonElement>('start');
const stopBtn = $<HTMLButtonElement>('stop');
const progress = $<HTMLProgressElement>('progress');
const status = $<HTMLSpanElement>('status');
const view = $<HTMLCanvasElement>('view');
const metricsBody = $('metrics').querySelector('tbody')!;
const frameInfo = $('frame-info');
const finalSection = $('final');
const downloadJsonBtn = $<HTMLButtonElement>('download-json');
const downloadPredBtn = $<HTMLButtonElement>('download-predictions');
const warning = $('warning');
let lastResult: { json: EvalJson[]; predictions: { file: string; text: string }[] } | null = null;

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
downloadJsonBtn.addEventListener('click', () => {
  if (!lastResult) return;
  const j = lastResult.json;
  download(`${j[0].sequences[0]?.name ?? 'result'}.json`, JSON.stringify(j.length === 1 ? j[0] : j, null, 2) + '\n', 'application/json');
});
downloadPredBtn.addEventListener('click', () => {
  if (!lastResult) return;
  for (const p of lastResult.predictions) download(p.file, p.text, 'text/plain');
});

/** An IoU-over-time strip of one tracker: IoU 0..1 per frame, gaps where the frame has no ground truth. */
function iouStrip(name: string, color: string, ious: readonly number[]): string {
  const n = ious.length, W = 800, H = 40;
  let d = '';
  let pen = false;
  for (let k = 0; k < n; k++) {
    const v = ious[k];
    if (Number.isNaN(v)) {
      pen = false;
      continue;
    }
    const x = n > 1 ? (k / (n - 1)) * W : 0, y = H - v * H;
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  }
  const esc = (t: string): string => t.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return (
    `<figure><figcaption style="color:${color}">${esc(name)}: IoU over the ${n} frames</figcaption>` +
    `<svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" role="img" aria-label="IoU of ${esc(name)} over time">` +
    `<line x1="0" x2="${W}" y1="${H / 2}" y2="${H / 2}" stroke="#999" stroke-dasharray="4 4" stroke-width="0.5"/>` +
    `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5" vector-effect="non-scaling-stroke"/></svg></figure>`
  );
}

type Picked = { kind: 'images'; name: string; frames: File[] } | { kind: 'video'; name: string; file: File };
let picked: Picked | null = null;
let truthFile: File | null = null;
let running: { stop: boolean } | null = null;

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function selectedTrackers(): string[] {
  return [...document.querySelectorAll<HTMLInputElement>('#trackers input:checked')].map((i) => i.value);
}

function refresh(describe = true): void {
  startBtn.disabled = running !== null || !picked || !truthFile || selectedTrackers().length === 0;
  if (!running && describe) {
    const what = picked ? (picked.kind === 'video' ? `video ${picked.file.name}` : `${picked.frames.length} frames of ${picked.name}`) : 'no frames';
    say(`${what}; ground truth: ${truthFile ? pathOf(truthFile) : 'none'}${picked && truthFile ? ' — ready' : ''}`);
  }
}

folderInput.addEventListener('change', () => {
  const files = [...(folderInput.files ?? [])];
  if (files.length === 0) return;
  const s = splitFolder(files);
  picked = { kind: 'images', name: s.name, frames: s.frames };
  if (s.truth) truthFile = s.truth;
  refresh();
});
framesInput.addEventListener('change', () => {
  const files = [...(framesInput.files ?? [])];
  if (files.length === 0) return;
  picked = { kind: 'images', name: 'frames', frames: files };
  refresh();
});
videoInput.addEventListener('change', () => {
  const f = videoInput.files?.[0];
  if (!f) return;
  picked = { kind: 'video', name: f.name.replace(/\.[^.]+$/, ''), file: f };
  refresh();
});
truthInput.addEventListener('change', () => {
  truthFile = truthInput.files?.[0] ?? null;
  refresh();
});
document.querySelectorAll('#trackers input').forEach((i) => i.addEventListener('change', () => refresh()));
startBtn.addEventListener('click', () => void run());
stopBtn.addEventListener('click', () => {
  if (running) running.stop = true;
});

function drawBox(ctx: CanvasRenderingContext2D, b: Rect, color: string, dashed: boolean, lw: number): void {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = lw;
  if (dashed) ctx.setLineDash([lw * 3, lw * 2]);
  ctx.strokeRect(b.x, b.y, b.width, b.height);
  ctx.restore();
}

function legend(trackers: string[]): void {
  $('legend').innerHTML =
    `<span class="dash" style="--c:${TRUTH_COLOR}">ground truth</span>` +
    trackers.map((t, i) => `<span style="--c:${CURVE_COLORS[i % CURVE_COLORS.length]}">${t}</span>`).join('');
}

function showMetrics(runs: TrackerRun[], ious: number[]): void {
  metricsBody.innerHTML = runs
    .map(
      (r, i) =>
        `<tr><td style="--c:${CURVE_COLORS[i % CURVE_COLORS.length]}">${r.tracker}</td><td>${Number.isNaN(ious[i]) ? '–' : ious[i].toFixed(3)}</td>` +
        `<td>${r.score.auc.toFixed(3)}</td><td>${r.score.precision20.toFixed(3)}</td><td>${r.score.meanIoU.toFixed(3)}</td>` +
        `<td>${r.msPerFrame.toFixed(2)}</td><td>${r.lostFrames}</td></tr>`,
    )
    .join('');
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

async function run(): Promise<void> {
  if (!picked || !truthFile) return;
  const trackers = selectedTrackers();
  const state = { stop: false };
  running = state;
  startBtn.disabled = true;
  stopBtn.disabled = false;
  finalSection.hidden = true;
  document.body.dataset.state = 'running';
  let source: FrameSource | null = null;
  try {
    const o = originSelect.value;
    const origin = o === 'auto' ? originForTruthFile(truthFile.name) : (Number(o) as 0 | 1);
    const truth: GroundTruth = parseGroundTruth(await truthFile.text(), { file: pathOf(truthFile), origin });
    source = picked.kind === 'video' ? await videoSource(picked.file) : imageSource(picked.name, picked.frames);
    if (source.count !== undefined && picked.kind === 'images') checkFrameCount(truth, source.count, `${picked.name}/`);
    const named = trackers.map((name) => ({ name, tracker: createTracker({ method: name as TrackerMethod }) }));
    const ev = new SequenceEvaluator(truth, named);
    legend(trackers);
    const ctx = view.getContext('2d')!;
    const total = truth.boxes.length;
    let lastPaint = 0, extra = 0;
    warning.hidden = true;
    lastResult = null;
    const t0 = performance.now();
    for (;;) {
      if (state.stop) throw new Error(`stopped at frame ${ev.processed} of ${total}`);
      const frame = await source.next();
      if (!frame) break;
      if (ev.processed >= total) {
        extra++;
        continue;
      }
      const step = ev.step(frame);
      const now = performance.now();
      if (now - lastPaint > 40 || ev.processed === total) {
        // draw this frame with its boxes, then let the browser paint (the evaluation does not wait for it otherwise)
        lastPaint = now;
        if (view.width !== frame.width || view.height !== frame.height) {
          view.width = frame.width;
          view.height = frame.height;
        }
        ctx.putImageData(frame, 0, 0);
        const lw = Math.max(2, frame.width / 320);
        if (step.truth) drawBox(ctx, step.truth, TRUTH_COLOR, true, lw);
        step.results.forEach((r, i) => drawBox(ctx, r.box, CURVE_COLORS[i % CURVE_COLORS.length], false, lw));
        showMetrics(ev.current(), step.results.map((r) => r.iou));
        progress.value = ev.processed / total;
        const fps = ev.processed / ((now - t0) / 1000);
        frameInfo.textContent = `frame ${step.index + 1} / ${total} · ${fps.toFixed(0)} frames/s`;
        say(`evaluating ${source.name}…`);
        await tick();
      }
    }
    // a video decodes one frame more or less than its ground truth has lines (a WebM without a
    // container duration, an encoder's last frame): a warning, scored on the frames both have
    let note = '';
    let runs: TrackerRun[];
    const diff = ev.processed + extra - total;
    if (picked.kind === 'video' && Math.abs(diff) === 1 && ev.processed > 1) {
      note =
        `${source.name} decoded ${ev.processed + extra} frames but ${truth.file} has ${total} lines; ` +
        `scored on the ${ev.processed} frames both have (${diff > 0 ? 'the last frame has no ground truth' : 'the last ground-truth line has no frame'})`;
      runs = ev.current();
    } else {
      if (extra > 0) checkFrameCount(truth, ev.processed + extra, source.name);
      runs = ev.finish(source.name);
    }
    showMetrics(runs, runs.map(() => NaN));
    progress.value = 1;
    const results = runs.map((r) =>
      buildEvalJson(r.tracker, [
        { name: source!.name, frames: r.score.frames, auc: r.score.auc, precision20: r.score.precision20, meanIoU: r.score.meanIoU, msPerFrame: r.msPerFrame, excluded: r.score.excluded },
      ]),
    );
    $('plots').innerHTML =
      successPlotSvg(runs.map((r) => ({ name: r.tracker, values: r.score.success, score: r.score.auc }))) +
      precisionPlotSvg(runs.map((r) => ({ name: r.tracker, values: r.score.precision, score: r.score.precision20 })));
    $('iou-strips').innerHTML = runs.map((r, i) => iouStrip(r.tracker, CURVE_COLORS[i % CURVE_COLORS.length], ev.ious(i))).join('');
    $('result-json').textContent = JSON.stringify(results.length === 1 ? results[0] : results, null, 2);
    lastResult = {
      json: results,
      predictions: runs.map((r) => ({ file: runs.length === 1 ? `${source!.name}.txt` : `${source!.name}.${r.tracker}.txt`, text: formatPredictions(r.predictions, truth.origin) })),
    };
    if (note) {
      warning.textContent = `Warning: ${note}.`;
      warning.hidden = false;
    }
    finalSection.hidden = false;
    say(`done: ${runs[0].score.frames} frames (${runs[0].score.excluded} without ground truth) in ${((performance.now() - t0) / 1000).toFixed(1)} s${note ? "; warning: the frame counts differ by one (see below)" : ""}`);
    document.body.dataset.state = 'done';
  } catch (err) {
    say(err instanceof Error ? err.message : String(err), true);
    document.body.dataset.state = 'error';
  } finally {
    source?.close();
    running = null;
    stopBtn.disabled = true;
    refresh(false);
  }
}

refresh();
