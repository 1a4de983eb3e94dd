/**
 * Mean-shift filter speed beside OpenCV's native pyrMeanShiftFiltering on the same image in
 * the same run (both medians over several runs, interleaved so that machine load hits both).
 *
 *   npx tsx bench/segment.ts [--scene smooth|textured|flat|all] [--image FILE] [--runs 5] [--workers 2]
 *                            [--bands-per-worker 4] [--sp 7] [--sr 6.5] [--levels 1,2,3] [--json FILE]
 *
 * Without --image it uses procedural 640x480 photo-like scenes (bench/scenes.ts):
 * 'smooth' (sky, shaded objects, a wall, some texture), 'textured' (foliage, gravel, bricks,
 * fabric) and 'flat' (the first benchmark scene: large flat areas), all with sensor noise;
 * default all three. Native OpenCV runs through
 * /usr/bin/python3 with cv2 (Debian's python3-opencv); our timings are wall-clock medians of
 * meanShiftFilter (single call; the WebAssembly SIMD kernel by default, and the JS kernel alone) and of a worker_threads pool (started and warmed up before
 * timing). Then the pyramid (`maxLevel`, default levels 1, 2 and 3; `--levels ''` skips it):
 * OpenCV's pyrMeanShiftFiltering(src, sp, sr, maxLevel) beside meanShiftFilter(..., { maxLevel })
 * (single call), interleaved the same way, with the count of pixels that differ.
 * The load average is printed: on a shared machine, trust ratios from one run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { filterModes } from '../src/segment/filter.js';
import { useWasmKernel } from '../src/segment/filter-tile.js';
import { wasmKernelAvailable } from '../src/segment/wasm-kernel.js';
import { createSegmentPool } from '../src/segment/node/parallel.js';
import { photoScene, type SceneKind } from './scenes.js';

function arg(name: string, def: string): string {
  const k = process.argv.indexOf(name);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1] : def;
}
const runs = Number(arg('--runs', '5'));
const workers = Number(arg('--workers', '2'));
const sp = Number(arg('--sp', '7'));
const sr = Number(arg('--sr', '6.5'));
const bandsPerWorker = Number(arg('--bands-per-worker', '4'));
const levels = arg('--levels', '1,2,3').split(',').filter((v) => v !== '').map(Number);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'modeseek-bench-'));
const imagePath = arg('--image', '');
const sceneArg = arg('--scene', 'all');
const inputs: { name: string; rgb: Uint8Array; width: number; height: number }[] = [];
if (imagePath) {
  const { data, info } = await sharp(imagePath).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  inputs.push({ name: imagePath, rgb: new Uint8Array(data), width: info.width, height: info.height });
} else {
  const kinds: SceneKind[] = sceneArg === 'all' ? ['smooth', 'textured', 'flat'] : [sceneArg as SceneKind];
  for (const k of kinds) {
    if (k !== 'smooth' && k !== 'textured' && k !== 'flat') throw new RangeError(`--scene must be smooth, textured, flat or all, got ${k}`);
    inputs.push({ name: `${k} scene`, rgb: photoScene(640, 480, k), width: 640, height: 480 });
  }
}
const opts = { colorSpace: 'rgb' as const, spatialRadius: sp, colorRadius: sr, maxIterations: 5, epsilon: 1 };
const parallel = { bandsPerWorker };

// native OpenCV (the PNG holds RGB; cv2 reads it as BGR, which the channel-symmetric filter does not mind)
const py = `
import cv2, json, sys, time
img = cv2.imread(sys.argv[1])
times = []
for _ in range(int(sys.argv[3])):
    t = time.perf_counter(); out = cv2.pyrMeanShiftFiltering(img, float(sys.argv[4]), float(sys.argv[5]), maxLevel=int(sys.argv[6])); times.append(time.perf_counter() - t)
cv2.imwrite(sys.argv[2], out)
print(json.dumps({"version": cv2.__version__, "ms": [t * 1000 for t in times]}))
`;
const measureNative = (inPng: string, outPng: string, level = 0): { version: string; ms: number[] } =>
  JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, inPng, outPng, '2', String(sp), String(sr), String(level)], { encoding: 'utf8' })) as { version: string; ms: number[] };
const countDiffering = (a: Uint8Array | Buffer, b: Uint8Array | Buffer): number => {
  let n = 0;
  for (let k = 0; k < a.length; k += 3) if (a[k] !== b[k] || a[k + 1] !== b[k + 1] || a[k + 2] !== b[k + 2]) n++;
  return n;
};

const pool = await createSegmentPool({ workers });
const results = [];
for (const [index, input] of inputs.entries()) {
  const { rgb, width, height } = input;
  const inPng = join(dir, `in${index}.png`);
  const cvPng = join(dir, `cv${index}.png`);
  await sharp(Buffer.from(rgb), { raw: { width, height, channels: 3 } }).png().toFile(inPng);
  const image = { data: rgb, width, height, channels: 3 as const };
  const ours: number[] = [], js: number[] = [], par: number[] = [], luv: number[] = [], native: number[] = [];
  let version = '';
  let single = filterModes(image, opts).rgb; // warm-up: compile here and in every worker
  useWasmKernel(false);
  filterModes(image, opts);
  useWasmKernel(true);
  await pool.filterModes(image, opts, parallel);
  const load0 = loadavg()[0];
  for (let r = 0; r < runs; r++) {
    // interleave so that machine load hits both sides alike
    const nat = measureNative(inPng, cvPng);
    version = nat.version;
    native.push(nat.ms[1]); // the second, warm call
    let t = performance.now();
    single = filterModes(image, opts).rgb;
    ours.push(performance.now() - t);
    // the JS kernel alone (the fallback where WebAssembly SIMD is missing), same image, same run
    useWasmKernel(false);
    t = performance.now();
    const jsOut = filterModes(image, opts).rgb;
    js.push(performance.now() - t);
    useWasmKernel(true);
    if (Buffer.compare(Buffer.from(jsOut), Buffer.from(single)) !== 0) throw new Error('JS kernel result differs from the default one');
    t = performance.now();
    const p = await pool.filterModes(image, opts, parallel);
    par.push(performance.now() - t);
    if (Buffer.compare(Buffer.from(p.rgb), Buffer.from(single)) !== 0) throw new Error('parallel result differs from the single call');
    t = performance.now();
    filterModes(image, { ...opts, colorSpace: 'luv' });
    luv.push(performance.now() - t);
  }
  const load1 = loadavg()[0];
  const cv = await sharp(readFileSync(cvPng)).removeAlpha().raw().toBuffer();
  let diff = 0;
  for (let k = 0; k < cv.length; k += 3) if (cv[k] !== single[k] || cv[k + 1] !== single[k + 1] || cv[k + 2] !== single[k + 2]) diff++;
  const result = {
    image: input.name, width, height, sp, sr, runs, workers, bandsPerWorker, opencv: version,
    kernel: wasmKernelAvailable() ? 'wasm-simd' : 'js',
    nativeMs: median(native), singleMs: median(ours), jsSingleMs: median(js), workersMs: median(par), luvSingleMs: median(luv),
    singleRatio: median(ours) / median(native), jsSingleRatio: median(js) / median(native), workersRatio: median(par) / median(native),
    pixelsDifferingFromOpenCV: diff, loadAverage1m: [load0, load1],
  };
  results.push(result);
  console.log(
    `${result.image} ${width}x${height}, sp ${sp}, sr ${sr}, medians of ${runs} (load average ${load0.toFixed(2)} -> ${load1.toFixed(2)}):\n` +
      `  OpenCV ${version} native  ${result.nativeMs.toFixed(0)} ms\n` +
      `  meanShiftFilter rgb      ${result.singleMs.toFixed(0)} ms  (${result.singleRatio.toFixed(2)}x native; kernel ${result.kernel})\n` +
      `  same, JS kernel          ${result.jsSingleMs.toFixed(0)} ms  (${result.jsSingleRatio.toFixed(2)}x native)\n` +
      `  ${workers} worker threads        ${result.workersMs.toFixed(0)} ms  (${result.workersRatio.toFixed(2)}x native)\n` +
      `  meanShiftFilter luv      ${result.luvSingleMs.toFixed(0)} ms\n` +
      `  pixels differing from OpenCV: ${diff}`,
  );
  if (diff !== 0) process.exitCode = 1;
  // the pyramid: OpenCV's maxLevel beside ours, interleaved, each a median of `runs`
  const pyramid = [];
  for (const level of levels) {
    const nat: number[] = [];
    const our: number[] = [];
    let out = filterModes(image, { ...opts, maxLevel: level }).rgb; // warm-up
    const l0 = loadavg()[0];
    for (let r = 0; r < runs; r++) {
      nat.push(measureNative(inPng, cvPng, level).ms[1]);
      const t = performance.now();
      out = filterModes(image, { ...opts, maxLevel: level }).rgb;
      our.push(performance.now() - t);
    }
    const cvL = await sharp(readFileSync(cvPng)).removeAlpha().raw().toBuffer();
    const d = countDiffering(cvL, out);
    const row = { maxLevel: level, nativeMs: median(nat), singleMs: median(our), ratio: median(our) / median(nat), pixelsDifferingFromOpenCV: d, loadAverage1m: [l0, loadavg()[0]] };
    pyramid.push(row);
    console.log(
      `  maxLevel ${level}: OpenCV ${row.nativeMs.toFixed(1)} ms, meanShiftFilter ${row.singleMs.toFixed(1)} ms ` +
        `(${row.ratio.toFixed(2)}x native), pixels differing ${d}, load ${l0.toFixed(2)}`,
    );
    if (d !== 0) process.exitCode = 1;
  }
  (result as Record<string, unknown>).pyramid = pyramid;
}
await pool.close();
const jsonOut = arg('--json', '');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results.length === 1 ? results[0] : results, null, 1) + '\n');
