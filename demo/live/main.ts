// The demo's home page: the live <modeseek-tracker> with its controls and readouts.
import '../../src/element/index.js';
import type { TrackerMethod } from '../../src/track/types.js';

const tracker = document.querySelector('modeseek-tracker')!;
const startBtn = document.querySelector<HTMLButtonElement>('#start')!;
const stopBtn = document.querySelector<HTMLButtonElement>('#stop')!;
const method = document.querySelector<HTMLSelectElement>('#method')!;
const probability = document.querySelector<HTMLInputElement>('#probability')!;
const multiple = document.querySelector<HTMLInputElement>('#multiple')!;
const turns = document.querySelector<HTMLInputElement>('#turns')!;
const elementBoxes = document.querySelector<HTMLInputElement>('#element-boxes')!;
const perf = document.querySelector<HTMLElement>('#perf')!;
const status = document.querySelector<HTMLElement>('#status')!;

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

startBtn.addEventListener('click', () => {
  void tracker.start();
});
stopBtn.addEventListener('click', () => {
  tracker.stop();
  say('Camera off.');
});
method.addEventListener('change', () => {
  tracker.method = method.value as TrackerMethod;
});
probability.addEventListener('change', () => {
  tracker.showProbability = probability.checked;
});
multiple.addEventListener('change', () => {
  tracker.multiple = multiple.checked;
});
// the robust tracker's turn search (its boxes are drawn turned); the other methods ignore it
turns.addEventListener('change', () => {
  tracker.trackerOptions = turns.checked ? { rotationStep: 5 } : null;
});
elementBoxes.addEventListener('change', () => {
  tracker.boxes = elementBoxes.checked ? 'element' : 'auto';
});
tracker.method = method.value as TrackerMethod;

tracker.addEventListener('modeseek-track', (e) => {
  const { box, status: s, score, id } = e.detail;
  if (s === 'tracking' && id === tracker.targets[0]?.id) {
    const more = tracker.targets.length > 1 ? ` (and ${tracker.targets.length - 1} more)` : '';
    say(`Tracking${more}: box ${Math.round(box.width)}×${Math.round(box.height)} at (${Math.round(box.x)}, ${Math.round(box.y)}), score ${score.toFixed(2)}.`);
  }
});
tracker.addEventListener('modeseek-lost', () => say('Lost the target: bring it back into view, or drag a new box.'));
tracker.addEventListener('modeseek-error', (e) => say(`${e.detail.message} (${e.detail.code})`, true));

// readouts and button states, a few times a second
setInterval(() => {
  const running = tracker.running;
  startBtn.disabled = running;
  stopBtn.disabled = !running && tracker.status !== 'starting';
  if (!running) {
    perf.textContent = '– fps · – ms/frame';
    return;
  }
  if (tracker.status === 'ready' && !status.classList.contains('error')) say('Camera on: drag a box around an object.');
  const s = tracker.stats;
  perf.textContent = `${s.fps.toFixed(0)} fps · ${s.frameMs.toFixed(2)} ms/frame on the page · ${s.skippedBusy} skipped · ${s.executionMode === 'worker' ? 'in a worker' : 'on the main thread'}`;
}, 250);
