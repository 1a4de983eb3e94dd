/**
 * Mean-shift filter speed beside OpenCV's native pyrMeanShiftFiltering on the same image in
 * the same run (both medians over several runs).
 *
 *   npx tsx bench/segment.ts [--image FILE] [--runs 5] [--workers 2] [--sp 7] [--sr 6.5] [--json FILE]
 *
 * Without --image it uses a procedural 640x480 photo-like scene. Native OpenCV runs through
 * /usr/bin/python3 with cv2 (Debian's python3-opencv); our timings are wall-clock medians of
 * meanShiftFilter (single call) and of a worker_threads pool (started before timing).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { filterModes } from '../src/segment/index.js';
import { createSegmentPool } from '../src/segment/parallel-node.js';

function arg(name: string, def: string): string {
  const k = process.argv.indexOf(name);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1] : def;
}
const runs = Number(arg('--runs', '5'));
const workers = Number(arg('--workers', '2'));
const sp = Number(arg('--sp', '7'));
const sr = Number(arg('--sr', '6.5'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A deterministic photo-like scene: sky gradient, shaded objects, a textured floor, sensor noise σ≈2. */
function scene(w: number, h: number): Uint8Array {
  const data = new Uint8Array(w * h * 3);
  let seed = 12345;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r: number, g: number, b: number;
      if (y < h * 0.55) {
        r = 120 + 60 * (y / h); g = 160 + 50 * (y / h); b = 230 - 20 * (y / h);
      } else {
        const t = Math.sin(x / 9) * Math.sin(y / 7);
        r = 110 + 25 * t; g = 90 + 20 * t; b = 60 + 10 * t;
      }
      const dx = x - w * 0.35, dy = y - h * 0.5;
      if (dx * dx + dy * dy < (h * 0.22) ** 2) {
        const shade = 0.6 + 0.4 * Math.max(0, -(dx + dy) / (h * 0.3));
        r = 200 * shade; g = 40 * shade; b = 40 * shade;
      }
      if (x > w * 0.6 && x < w * 0.85 && y > h * 0.3 && y < h * 0.8) {
        const stripe = Math.floor(y / 12) % 2 === 0;
        r = stripe ? 240 : 30; g = stripe ? 230 : 60; b = stripe ? 210 : 120;
      }
      const q = (y * w + x) * 3;
      data[q] = Math.max(0, Math.min(255, Math.round(r + 2 * gauss())));
      data[q + 1] = Math.max(0, Math.min(255, Math.round(g + 2 * gauss())));
      data[q + 2] = Math.max(0, Math.min(255, Math.round(b + 2 * gauss())));
    }
  }
  return data;
}

const dir = mkdtempSync(join(tmpdir(), 'modeseek-bench-'));
const imagePath = arg('--image', '');
let rgb: Uint8Array, width: number, height: number;
if (imagePath) {
  const { data, info } = await sharp(imagePath).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  rgb = new Uint8Array(data); width = info.width; height = info.height;
} else {
  width = 640; height = 480; rgb = scene(width, height);
}
const inPng = join(dir, 'in.png');
await sharp(Buffer.from(rgb), { raw: { width, height, channels: 3 } }).png().toFile(inPng);
const image = { data: rgb, width, height, channels: 3 as const };
const opts = { colorSpace: 'rgb' as const, spatialRadius: sp, colorRadius: sr, maxIterations: 5, epsilon: 1 };

// native OpenCV (the PNG holds RGB; cv2 reads it as BGR, which the channel-symmetric filter does not mind)
const py = `
import cv2, json, sys, time
img = cv2.imread(sys.argv[1])
times = []
for _ in range(int(sys.argv[3])):
    t = time.perf_counter(); out = cv2.pyrMeanShiftFiltering(img, float(sys.argv[4]), float(sys.argv[5]), maxLevel=0); times.append(time.perf_counter() - t)
cv2.imwrite(sys.argv[2], out)
print(json.dumps({"version": cv2.__version__, "ms": [t * 1000 for t in times]}))
`;
const measureNative = (): { version: string; ms: number[] } =>
  JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, inPng, join(dir, 'cv.png'), String(runs), String(sp), String(sr)], { encoding: 'utf8' })) as { version: string; ms: number[] };

const pool = await createSegmentPool({ workers });
const ours: number[] = [], par: number[] = [], luv: number[] = [], native: number[] = [];
let version = '';
let single = filterModes(image, opts).rgb; // warm-up
await pool.filterModes(image, opts);
for (let r = 0; r < runs; r++) {
  // interleave so that machine load hits both sides alike
  const nat = measureNative();
  version = nat.version;
  native.push(median(nat.ms));
  let t = performance.now();
  single = filterModes(image, opts).rgb;
  ours.push(performance.now() - t);
  t = performance.now();
  const p = await pool.filterModes(image, opts);
  par.push(performance.now() - t);
  if (Buffer.compare(Buffer.from(p.rgb), Buffer.from(single)) !== 0) throw new Error('parallel result differs from the single call');
  t = performance.now();
  filterModes(image, { ...opts, colorSpace: 'luv' });
  luv.push(performance.now() - t);
}
await pool.close();
const cv = await sharp(readFileSync(join(dir, 'cv.png'))).removeAlpha().raw().toBuffer();
let diff = 0;
for (let k = 0; k < cv.length; k += 3) if (cv[k] !== single[k] || cv[k + 1] !== single[k + 1] || cv[k + 2] !== single[k + 2]) diff++;

const result = {
  image: imagePath || 'procedural scene', width, height, sp, sr, runs, workers, opencv: version,
  nativeMs: median(native), singleMs: median(ours), workersMs: median(par), luvSingleMs: median(luv),
  singleRatio: median(ours) / median(native), workersRatio: median(par) / median(native),
  pixelsDifferingFromOpenCV: diff,
};
console.log(
  `${result.image} ${width}x${height}, sp ${sp}, sr ${sr}, medians of ${runs}:\n` +
    `  OpenCV ${version} native  ${result.nativeMs.toFixed(0)} ms\n` +
    `  meanShiftFilter rgb      ${result.singleMs.toFixed(0)} ms  (${result.singleRatio.toFixed(2)}x native)\n` +
    `  ${workers} worker threads        ${result.workersMs.toFixed(0)} ms  (${result.workersRatio.toFixed(2)}x native)\n` +
    `  meanShiftFilter luv      ${result.luvSingleMs.toFixed(0)} ms\n` +
    `  pixels differing from OpenCV: ${diff}`,
);
const jsonOut = arg('--json', '');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 1) + '\n');
