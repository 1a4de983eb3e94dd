// The command line never loses work: output paths checked first, Ctrl-C keeps what finished,
// corrupt frames named, `track` and `score` agree with `eval`, shards merge into one run.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticOtb, type WrittenSequence } from './write-sequence.js';
import { drawRotatedBox } from '../../src/cli/track.js';
import { decodeFrame } from '../../src/eval/node/decode.js';
import { rotatedRectPoints, type RotatedRect } from '../../src/image/types.js';
import { createTracker } from '../../src/track/create-tracker.js';

const BIN = resolve(import.meta.dirname, '../../bin/modeseek.js');
let root: string;
let data: string;
const seqs: WrittenSequence[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((res) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * Runs the command line with a test hook in `env` that pauses it until a signal comes, waits
 * for the pause (`paused`, on stderr), sends SIGINT (to its whole process group with `group`, as
 * a terminal's Ctrl-C does) and waits for it to end: no race.
 */
async function interrupt(args: string[], env: Record<string, string>, paused: RegExp, group = false): Promise<{ code: number | null } & Omit<Run, 'code'>> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  await new Promise<void>((res) =>
    child.stderr.on('data', (d) => {
      stderr += d;
      if (paused.test(stderr)) res();
    }),
  );
  if (group) process.kill(-child.pid!, 'SIGINT');
  else child.kill('SIGINT');
  const code = await new Promise<number | null>((res) => child.on('close', res));
  return { code, stdout, stderr };
}

const hasFfmpeg = await new Promise<boolean>((res) => execFile('ffmpeg', ['-version'], (err) => res(!err)));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'modeseek-cli2-'));
  data = join(root, 'data');
  seqs.push(await writeSyntheticOtb(join(data, 'Alpha'), { frames: 14 }));
  seqs.push(await writeSyntheticOtb(join(data, 'Beta'), { frames: 12, scaleChange: 0.3, color: [40, 90, 220], seed: 7 }));
  seqs.push(await writeSyntheticOtb(join(data, 'Gamma'), { frames: 10, color: [230, 200, 30], seed: 3 }));
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const strip = (o: { sequences: { msPerFrame: number }[]; mean: { msPerFrame: number } }) => ({
  ...o,
  sequences: o.sequences.map((s) => ({ ...s, msPerFrame: 0 })),
  mean: { ...o.mean, msPerFrame: 0 },
});

describe('modeseek eval: checks before work, interrupts, corrupt input', () => {
  it('an unwritable --json is a one-line error naming it, exit 2, before any frame is tracked', async () => {
    const blocker = join(root, 'a-file');
    await writeFile(blocker, 'x');
    const pred = join(root, 'pred-unwritable');
    const bad = join(blocker, 'out.json');
    const r = await cli(['eval', data, '-t', 'camshift', '--predictions', pred, '--json', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot write --json ${bad}`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // nothing was tracked: no sequence finished (predictions are written as each one does), no table
    expect(existsSync(pred) ? await readdir(pred) : []).toEqual([]);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/frames in/);
  });

  it('names an unknown option with the nearest valid one, exit 2', async () => {
    const r = await cli(['eval', data, '--jsno', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option --jsno; did you mean --json\?/);
  });

  it('SIGINT after the first of three sequences: JSON with that sequence and "interrupted": true, exit 130', async () => {
    const json = join(root, 'int.json'), report = join(root, 'int.html'), pred = join(root, 'int-pred');
    // the test hook pauses after the first sequence until a signal comes
    const { code, stdout, stderr } = await interrupt(['eval', data, '-t', 'meanshift', '-j', '1', '--json', json, '--report', report, '--predictions', pred],
      { MODESEEK_EVAL_PAUSE_AFTER: '1' }, /paused after 1 sequence/);
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: 1 of 3 sequences finished/);
    const out = JSON.parse(await readFile(json, 'utf8'));
    expect(out.interrupted).toBe(true);
    expect(out.sequences).toHaveLength(1);
    const name = out.sequences[0].name;
    expect(['Alpha', 'Beta', 'Gamma']).toContain(name);
    expect(out.mean.auc).toBe(out.sequences[0].auc);
    expect(stdout).toMatch(new RegExp(`${name}\\s+\\d+\\s+0\\.\\d{3}`)); // the table, with that sequence
    expect(stdout).toMatch(/INTERRUPTED/);
    expect(await readFile(report, 'utf8')).toMatch(/Interrupted/);
    expect(await readdir(pred)).toEqual([`${name}.txt`]);
  });

  it('a corrupt JPEG fails its sequence, naming the frame and the file; the others are scored', async () => {
    const dir = join(root, 'corrupt');
    const broken = await writeSyntheticOtb(join(dir, 'Broken'), { frames: 8, format: 'jpg' });
    await writeSyntheticOtb(join(dir, 'Fine'), { frames: 8, format: 'jpg', seed: 5 });
    // a stray marker in the middle of frame 5's entropy-coded data: libjpeg warns "Corrupt JPEG
    // data: premature end of data segment" and returns an image whose lower half is wrong
    const bytes = await readFile(broken.files[4]);
    bytes[bytes.length >> 1] = 0xff;
    bytes[(bytes.length >> 1) + 1] = 0xd3;
    await writeFile(broken.files[4], bytes);
    const json = join(root, 'corrupt.json');
    const r = await cli(['eval', dir, '-t', 'camshift', '-j', '1', '--json', json]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Broken failed: frame 5 ${broken.files[4]} cannot be decoded: `);
    expect(r.stderr).not.toMatch(/Unknown error/i);
    const out = JSON.parse(await readFile(json, 'utf8'));
    expect(out.sequences.map((s: { name: string }) => s.name)).toEqual(['Fine']);
    expect(out.failed[0].error).toMatch(/frame 5 .*0005\.jpg/);
  });
});

describe('modeseek eval shards, score and track', () => {
  it('3 shards (one from a Kubernetes Indexed Job index) merged equal one run; the merged report is drawn; score reproduces eval', async () => {
    const full = join(root, 'full.json'), pred = join(root, 'full-pred');
    const one = await cli(['eval', data, '-t', 'camshift', '-j', '1', '--json', full, '--predictions', pred]);
    expect(one.code).toBe(0);
    const parts = [1, 2, 3].map((i) => join(root, `part${i}.json`));
    const runs = await Promise.all([
      cli(['eval', data, '-t', 'camshift', '-j', '1', '--json', parts[0], '--shard', '1/3']),
      cli(['eval', data, '-t', 'camshift', '-j', '1', '--json', parts[1], '--shard', 'auto', '--shards', '3'], { JOB_COMPLETION_INDEX: '1' }),
      cli(['eval', data, '-t', 'camshift', '-j', '1', '--json', parts[2], '--shard', 'auto/3'], { JOB_COMPLETION_INDEX: '2' }),
    ]);
    for (const r of runs) expect(r.code).toBe(0);
    const p2 = JSON.parse(await readFile(parts[1], 'utf8'));
    expect(p2.shard).toEqual({ index: 2, count: 3 });
    expect(p2.sequences.map((s: { name: string }) => s.name)).toEqual(['Beta']);
    expect(p2.report.sequences[0].success).toHaveLength(21); // parts carry what the report needs

    const merged = join(root, 'merged.json'), report = join(root, 'merged.html');
    const m = await cli(['eval', 'merge', parts[2], parts[0], parts[1], '--json', merged, '--report', report]);
    expect(m.code).toBe(0);
    const f = JSON.parse(await readFile(full, 'utf8')), g = JSON.parse(await readFile(merged, 'utf8'));
    expect(strip(g)).toEqual(strip(f));
    const html = await readFile(report, 'utf8');
    expect(html).toMatch(/Success plots of OPE/);
    expect(html.match(/<section class="seq">/g)).toHaveLength(3);
    expect(html).toMatch(/data:image\/jpeg;base64,/);

    // score: eval's own predictions, scored as another tracker's files, give eval's numbers
    const scored = join(root, 'scored.json');
    const s = await cli(['score', data, '--results', pred, '--name', 'camshift-files', '--json', scored]);
    expect(s.code).toBe(0);
    const sc = JSON.parse(await readFile(scored, 'utf8'));
    expect(sc.tracker).toBe('camshift-files');
    expect(sc.sequences.map((q: { name: string }) => q.name)).toEqual(f.sequences.map((q: { name: string }) => q.name));
    sc.sequences.forEach((q: Record<string, number | null>, i: number) => {
      for (const k of ['auc', 'precision20', 'meanIoU']) expect(q[k]).toBeCloseTo(f.sequences[i][k], 9);
      expect(q.msPerFrame).toBeNull();
    });
    expect(sc.mean.auc).toBeCloseTo(f.mean.auc, 9);
  }, 120_000);

  it.skipIf(!hasFfmpeg)('track on an mp4 made from a sequence: one box a frame, equal to eval --predictions', async () => {
    const dir = join(root, 'video');
    await mkdir(dir, { recursive: true });
    const video = join(dir, 'clip.mp4');
    const seq = seqs[0];
    await new Promise<void>((res, rej) =>
      execFile('ffmpeg', ['-v', 'error', '-y', '-framerate', '30', '-i', join(seq.dir, 'img', '%04d.png'), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '12', video], (err) =>
        err ? rej(err) : res(),
      ),
    );
    await writeFile(join(dir, 'clip.txt'), seq.lines.join('\n') + '\n');
    const pred = join(root, 'video-pred');
    expect((await cli(['eval', video, '-t', 'camshift', '-j', '1', '--predictions', pred])).code).toBe(0);
    const [x, y, w, h] = seq.lines[0].split(',').map(Number);
    const boxes = join(root, 'track.txt'), csv = join(root, 'track.csv');
    const t = await cli(['track', video, '--box', `${x - 1},${y - 1},${w},${h}`, '-t', 'camshift', '--boxes', boxes]);
    expect(t.code).toBe(0);
    const lines = (await readFile(boxes, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(seq.files.length);
    expect(await readFile(boxes, 'utf8')).toBe(await readFile(join(pred, 'clip.txt'), 'utf8'));
    // the CSV: a header and one row a frame, the same boxes 0-based
    expect((await cli(['track', video, '-b', `${x - 1},${y - 1},${w},${h}`, '-t', 'camshift', '--boxes', csv])).code).toBe(0);
    const rows = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('frame,x,y,w,h,status,score');
    expect(rows).toHaveLength(seq.files.length + 1);
    const last = rows[rows.length - 1].split(',');
    const lastTxt = lines[lines.length - 1].split(',').map(Number);
    expect(Number(last[0])).toBe(seq.files.length);
    expect([Number(last[1]) + 1, Number(last[2]) + 1, Number(last[3]), Number(last[4])]).toEqual(lastTxt);
  }, 60_000);
});

describe('modeseek track: Ctrl-C and a bad frame keep the boxes tracked', () => {
  /** `modeseek track` in its own process group (as a terminal runs it), paused after `after` frames; Ctrl-C to the whole group, ffmpeg too. */
  const interruptTrack = (args: string[], after: number) =>
    interrupt(['track', ...args], { MODESEEK_TRACK_PAUSE_AFTER: String(after) }, new RegExp(`paused after ${after} frames`), true);

  it('Ctrl-C after 5 of 14 frames: the 5 boxes are written (CSV, and JSON marked interrupted), exit 130', async () => {
    const seq = seqs[0];
    const [x, y, w, h] = seq.lines[0].split(',').map(Number);
    const box = `${x - 1},${y - 1},${w},${h}`;
    const csv = join(root, 'int-track.csv');
    const r = await interruptTrack([seq.dir, '--box', box, '-t', 'camshift', '--boxes', csv], 5);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/SIGINT: stopping; writing the boxes tracked so far/);
    expect(r.stderr).toMatch(/interrupted after 5 frames/);
    const rows = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('frame,x,y,w,h,status,score');
    expect(rows.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([1, 2, 3, 4, 5]);
    const json = join(root, 'int-track.json');
    expect((await interruptTrack([seq.dir, '--box', box, '-t', 'camshift', '--boxes', json], 3)).code).toBe(130);
    const out = JSON.parse(await readFile(json, 'utf8'));
    expect(out.interrupted).toBe(true);
    expect(out.frames).toHaveLength(3);
    // the same boxes as a run to the end, as far as they go
    const full = join(root, 'full-track.csv');
    expect((await cli(['track', seq.dir, '--box', box, '-t', 'camshift', '--boxes', full])).code).toBe(0);
    expect((await readFile(full, 'utf8')).trim().split('\n').slice(0, 6)).toEqual(rows);
  }, 60_000);

  it.skipIf(!hasFfmpeg)('Ctrl-C on a video with --out: the annotated video holds the frames tracked, playable, and the boxes are written', async () => {
    const seq = seqs[0];
    const dir = join(root, 'int-video');
    await mkdir(dir, { recursive: true });
    const video = join(dir, 'clip.mp4');
    await new Promise<void>((res, rej) =>
      execFile('ffmpeg', ['-v', 'error', '-y', '-framerate', '30', '-i', join(seq.dir, 'img', '%04d.png'), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', video], (err) => (err ? rej(err) : res())),
    );
    const [x, y, w, h] = seq.lines[0].split(',').map(Number);
    const boxes = join(dir, 'boxes.txt'), out = join(dir, 'tracked.mp4');
    const r = await interruptTrack([video, '--box', `${x - 1},${y - 1},${w},${h}`, '-t', 'camshift', '--boxes', boxes, '--out', out], 6);
    expect(r.code).toBe(130);
    expect((await readFile(boxes, 'utf8')).trim().split('\n')).toHaveLength(6);
    // ffmpeg (its own process group) was not killed by the Ctrl-C: the video was ended cleanly
    const frames = await new Promise<string>((res, rej) =>
      execFile('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', out], (err, o) => (err ? rej(err) : res(o.trim()))),
    );
    expect(Number(frames)).toBe(6);
  }, 60_000);

  it('a corrupt frame ends the run naming it, exit 1, and the boxes before it are written', async () => {
    const dir = join(root, 'track-corrupt');
    const broken = await writeSyntheticOtb(join(dir, 'Broken'), { frames: 8, format: 'jpg' });
    const bytes = await readFile(broken.files[4]);
    bytes[bytes.length >> 1] = 0xff;
    bytes[(bytes.length >> 1) + 1] = 0xd3;
    await writeFile(broken.files[4], bytes);
    const [x, y, w, h] = broken.lines[0].split(',').map(Number);
    const csv = join(root, 'corrupt-track.csv');
    const r = await cli(['track', broken.dir, '--box', `${x - 1},${y - 1},${w},${h}`, '-t', 'camshift', '--boxes', csv]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/frame 5: .*0005\.jpg.*; the 4 boxes before it are in /);
    expect((await readFile(csv, 'utf8')).trim().split('\n')).toHaveLength(5); // the header and frames 1-4
  }, 60_000);
});

describe('modeseek track: turned boxes', () => {
  it('the JSON carries each frame\'s rotatedBox, as the tracker reported it on the same frames', async () => {
    const seq = seqs[1]; // Beta: a target that grows
    const [x, y, w, h] = seq.lines[0].split(',').map(Number);
    const box = { x: x - 1, y: y - 1, width: w, height: h };
    const json = join(root, 'turned.json');
    const r = await cli(['track', seq.dir, '--box', `${box.x},${box.y},${w},${h}`, '-t', 'camshift', '--boxes', json, '-q']);
    expect(r.code).toBe(0);
    const out = JSON.parse(await readFile(json, 'utf8'));
    // the same tracker through the API on the same decoded frames
    const t = createTracker({ method: 'camshift' });
    const want: RotatedRect[] = [];
    for (let k = 0; k < seq.files.length; k++) {
      const f = await decodeFrame(seq.files[k]);
      if (k === 0) t.init(f, box);
      else want.push({ ...t.track(f).rotatedBox });
    }
    expect(out.frames).toHaveLength(seq.files.length);
    expect(out.frames[0].rotatedBox).toEqual({ cx: box.x + w / 2, cy: box.y + h / 2, width: w, height: h, angle: 0 });
    expect(out.frames.slice(1).map((f: { rotatedBox: RotatedRect }) => f.rotatedBox)).toEqual(want);
    expect(want.some((b) => b.width !== want[0].width)).toBe(true); // it did change
  }, 60_000);

  it('drawRotatedBox outlines a turned box: its corners and sides painted, its inside and outside not', () => {
    const W = 60, H = 60, img = new Uint8Array(W * H * 3);
    const r = { cx: 30, cy: 30, width: 30, height: 14, angle: Math.PI / 6 };
    drawRotatedBox(img, W, H, r, [255, 200, 0]);
    const painted = (x: number, y: number) => img[(y * W + x) * 3] === 255;
    const near = (px: number, py: number) => {
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (painted(Math.floor(px) + dx, Math.floor(py) + dy)) return true;
      return false;
    };
    const p = rotatedRectPoints(r);
    for (let k = 0; k < 4; k++) {
      const [ax, ay] = p[k], [bx, by] = p[(k + 1) % 4];
      for (const t of [0, 0.25, 0.5, 0.75]) expect(near(ax + (bx - ax) * t, ay + (by - ay) * t), `side ${k} at ${t}`).toBe(true);
    }
    expect(painted(30, 30)).toBe(false);
    expect(painted(2, 2) || painted(57, 57) || painted(2, 57) || painted(57, 2)).toBe(false);
    // about a two-pixel-wide perimeter: 2 · (30 + 14) = 88 px long
    let n = 0;
    for (let i = 0; i < W * H; i++) if (img[i * 3] === 255) n++;
    expect(n).toBeGreaterThan(150);
    expect(n).toBeLessThan(300);
    // clipped: a box over the image's edge paints nothing outside it and throws nothing
    expect(() => drawRotatedBox(img, W, H, { cx: 0, cy: 0, width: 40, height: 40, angle: 1 }, [1, 2, 3])).not.toThrow();
  });
});

describe('modeseek bench: Ctrl-C keeps the sizes finished', () => {
  it('SIGINT after the first of two frame sizes: its figures printed and written with "interrupted": true, exit 130', async () => {
    const json = join(root, 'bench-int.json');
    const { code, stdout, stderr } = await interrupt(['bench', '--frames', '10', '--heap-frames', '0', '--no-native', '--json', json],
      { MODESEEK_BENCH_PAUSE_AFTER: '1' }, /paused after 1 size/);
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: 1 of 2 sizes finished; wrote .*bench-int\.json with "interrupted": true/);
    const out = JSON.parse(await readFile(json, 'utf8'));
    expect(out.interrupted).toBe(true);
    expect(out.rows.length).toBeGreaterThanOrEqual(3); // camshift, meanshift, robust (and OpenCV.js when installed)
    expect(new Set(out.rows.map((r: { size: string }) => r.size))).toEqual(new Set(['640x480']));
    expect(out.heap).toBeUndefined();
    expect(stdout).toMatch(/640x480/);
    expect(stdout).not.toMatch(/1280x720/);
  }, 120_000);
});
