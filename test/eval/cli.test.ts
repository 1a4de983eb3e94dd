import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticOtb, type WrittenSequence } from './write-sequence.js';

const BIN = resolve(import.meta.dirname, '../../bin/modeseek.js');
let root: string;
let a: WrittenSequence, b: WrittenSequence;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [BIN, 'eval', ...args], { env: { ...process.env }, timeout: 120_000 }, (err, stdout, stderr) => {
      res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

// an independent IoU (pixel-inclusive ends, as the OTB toolkit's calcRectInt) to check the pipeline
function otbIoU(a: number[], b: number[]): number {
  const [ax, ay, aw, ah] = a, [bx, by, bw, bh] = b;
  const iw = Math.max(0, Math.min(ax + aw - 1, bx + bw - 1) - Math.max(ax, bx) + 1);
  const ih = Math.max(0, Math.min(ay + ah - 1, by + bh - 1) - Math.max(ay, by) + 1);
  const inter = iw * ih;
  return inter / (aw * ah + bw * bh - inter);
}
const parse = (text: string) => text.trim().split(/\r?\n/).map((l) => l.split(/[\s,]+/).map(Number));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'modeseek-cli-'));
  a = await writeSyntheticOtb(join(root, 'data', 'Alpha'), { frames: 30 });
  b = await writeSyntheticOtb(join(root, 'data', 'Beta'), { frames: 20, scaleChange: 0.3, color: [40, 90, 220], seed: 7, delimiter: '\t', eol: '\r\n' });
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('modeseek eval', () => {
  it('writes the contract JSON, predictions and a report, with metrics that agree with the predictions', async () => {
    const json = join(root, 'out.json'), pred = join(root, 'pred'), report = join(root, 'r.html');
    const r = await cli([join(root, 'data'), '--tracker', 'camshift', '--json', json, '--predictions', pred, '--report', report, '--jobs', '2']);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Alpha\s+30\s/);
    expect(r.stdout).toMatch(/Beta\s+20\s/);
    const out = JSON.parse(await readFile(json, 'utf8'));
    expect(Object.keys(out)).toEqual(['tracker', 'sequences', 'mean', 'protocol']);
    expect(out.protocol).toBe('ope');
    expect(out.tracker).toBe('camshift');
    expect(out.sequences.map((s: { name: string }) => s.name)).toEqual(['Alpha', 'Beta']);
    for (const s of out.sequences) {
      expect(Object.keys(s).slice(0, 6)).toEqual(['name', 'frames', 'auc', 'precision20', 'meanIoU', 'msPerFrame']);
      expect(s.msPerFrame).toBeGreaterThan(0);
    }
    expect(Object.keys(out.mean)).toEqual(['auc', 'precision20', 'meanIoU', 'msPerFrame']);
    expect(out.mean.auc).toBeCloseTo((out.sequences[0].auc + out.sequences[1].auc) / 2, 12);

    // predictions: one line a frame, line 1 the initial box as given, OTB 1-based
    for (const [seq, name] of [[a, 'Alpha'], [b, 'Beta']] as const) {
      const lines = (await readFile(join(pred, `${name}.txt`), 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(seq.lines.length);
      expect(parse(lines[0])[0]).toEqual(parse(seq.lines[0])[0]);
      // the JSON's mean IoU equals the one recomputed from the files an outside tool reads
      const p = parse(lines.join('\n')), g = parse(seq.lines.join('\n'));
      const miou = p.reduce((s, box, i) => s + otbIoU(box, g[i]), 0) / p.length;
      expect(out.sequences.find((s: { name: string }) => s.name === name).meanIoU).toBeCloseTo(miou, 3);
    }
    // the synthetic target is easy: the tracker must follow it
    expect(out.sequences[0].meanIoU).toBeGreaterThan(0.4);

    const html = await readFile(report, 'utf8');
    expect(html).toMatch(/<svg[^>]*>.*Success plot/);
    expect(html).toMatch(/data:image\/jpeg;base64,/);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('evaluates several trackers: one JSON each, predictions per tracker, one table', async () => {
    const json = join(root, 'multi.json'), pred = join(root, 'pm');
    const r = await cli([join(root, 'data', 'Alpha'), '--tracker', 'camshift,meanshift', '--json', json, '--predictions', pred, '--jobs', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/camshift AUC.*meanshift AUC/);
    const cs = JSON.parse(await readFile(join(root, 'multi.camshift.json'), 'utf8'));
    const ms = JSON.parse(await readFile(join(root, 'multi.meanshift.json'), 'utf8'));
    expect(cs.tracker).toBe('camshift');
    expect(ms.tracker).toBe('meanshift');
    expect((await readFile(join(pred, 'meanshift', 'Alpha.txt'), 'utf8')).trim().split('\n')).toHaveLength(30);
  });

  it('reports a failing sequence, keeps the others, and exits non-zero', async () => {
    const bad = await writeSyntheticOtb(join(root, 'bad', 'Broken'), { frames: 3 });
    await writeFile(join(root, 'bad', 'Broken', 'groundtruth_rect.txt'), bad.lines.slice(0, 2).join('\n'));
    const json = join(root, 'withfail.json');
    const r = await cli([join(root, 'data', 'Alpha'), join(root, 'bad', 'Broken'), join(root, 'data', 'Beta'), '--tracker', 'meanshift', '--json', json, '--jobs', '2']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Broken failed: .*has 3 frames but .* has 2 ground-truth lines/);
    const out = JSON.parse(await readFile(json, 'utf8'));
    expect(out.sequences.map((s: { name: string }) => s.name)).toEqual(['Alpha', 'Beta']);
    expect(out.failed).toEqual([expect.objectContaining({ name: 'Broken' })]);
  });

  it('splits with --shard and joins with merge into the unsharded result', async () => {
    const full = join(root, 'full.json');
    expect((await cli([join(root, 'data'), '--tracker', 'meanshift', '--json', full])).code).toBe(0);
    const p1 = join(root, 'p1.json'), p2 = join(root, 'p2.json'), merged = join(root, 'merged.json');
    expect((await cli([join(root, 'data'), '--tracker', 'meanshift', '--json', p2, '--shard', '2/2'])).code).toBe(0);
    expect((await cli([join(root, 'data'), '--tracker', 'meanshift', '--json', p1, '--shard', '1/2'])).code).toBe(0);
    const part1 = JSON.parse(await readFile(p1, 'utf8'));
    expect(part1.sequences.map((s: { name: string }) => s.name)).toEqual(['Alpha']);
    expect(part1.shard).toEqual({ index: 1, count: 2 });
    const m = await cli(['merge', p2, p1, '--json', merged]);
    expect(m.code).toBe(0);
    const f = JSON.parse(await readFile(full, 'utf8')), g = JSON.parse(await readFile(merged, 'utf8'));
    const strip = (o: { sequences: { msPerFrame: number }[]; mean: { msPerFrame: number } }) => ({
      ...o,
      sequences: o.sequences.map((s) => ({ ...s, msPerFrame: 0 })),
      mean: { ...o.mean, msPerFrame: 0 },
    });
    expect(strip(g)).toEqual(strip(f));
    const missing = await cli(['merge', p1, '--json', join(root, 'x.json')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/shard 2\/2 missing/);
  }, 120_000); // five CLI runs: each starts tsx and worker threads (slow on a loaded machine)

  it('--protocol tre: the toolkit runs, one prediction file a run, frames pooled over the runs', async () => {
    const json = join(root, 'tre.json'), pred = join(root, 'tre-pred');
    const r = await cli([join(root, 'data', 'Alpha'), '--tracker', 'camshift', '--protocol', 'tre', '--json', json, '--predictions', pred, '--jobs', '1']);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    const out = JSON.parse(await readFile(json, 'utf8'));
    expect(out.protocol).toBe('tre');
    // 30 frames: endSegIdx 11, starts 1 + floor(k*11/19) for k = 0..17, then 11 (19 runs, some repeated)
    const starts = [...Array.from({ length: 18 }, (_, k) => 1 + Math.floor((k * 11) / 19)), 11];
    expect(out.sequences[0].runs).toBe(starts.length);
    // the JSON's mean IoU is the mean over every frame of every run (the toolkit pools them)
    const g = parse(a.lines.join('\n'));
    let sum = 0, n = 0;
    for (const s of starts) {
      const p = parse(await readFile(join(pred, 'Alpha', `tre-${s}.txt`), 'utf8'));
      expect(p).toHaveLength(30 - s + 1);
      expect(p[0]).toEqual(g[s - 1]); // each run starts from the ground truth there
      p.forEach((box, i) => ((sum += otbIoU(box, g[s - 1 + i])), n++));
    }
    expect(out.sequences[0].meanIoU).toBeCloseTo(sum / n, 3);
  });

  it('--options reaches every tracker in the worker threads, is recorded in its JSON, and track takes it too', async () => {
    // a scale step of 1 never changes the size: Beta's target grows and shrinks by 30%
    const json = join(root, 'opt.json'), pred = join(root, 'opt-pred'), predDefault = join(root, 'opt-pred-default');
    const widths = async (dir: string) => parse(await readFile(join(dir, 'Beta.txt'), 'utf8')).map((r) => r[2]);
    const r = await cli([join(root, 'data'), '--options', '{"scaleStep":1,"filterRate":0.02}', '--json', json, '--predictions', pred, '--jobs', '2']);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    expect(new Set(await widths(pred)).size).toBe(1);
    expect((await cli([join(root, 'data', 'Beta'), '--predictions', predDefault, '--jobs', '1'])).code).toBe(0);
    expect(new Set(await widths(predDefault)).size).toBeGreaterThan(1);
    const out = JSON.parse(await readFile(json, 'utf8'));
    expect(Object.keys(out)).toEqual(['tracker', 'sequences', 'mean', 'protocol', 'options']);
    expect(out.options).toEqual({ scaleStep: 1, filterRate: 0.02 });

    // several trackers: each takes (and records) the options it has
    const multi = join(root, 'opt-multi.json'), file = join(root, 'opts.json');
    await writeFile(file, '{ "filterRate": 0.02, "bins": 32 }');
    const m = await cli([join(root, 'data', 'Alpha'), '-t', 'robust,camshift', '--options', file, '--json', multi, '-j', '1']);
    expect(m.code).toBe(0);
    expect(JSON.parse(await readFile(join(root, 'opt-multi.robust.json'), 'utf8')).options).toEqual({ filterRate: 0.02 });
    expect(JSON.parse(await readFile(join(root, 'opt-multi.camshift.json'), 'utf8')).options).toEqual({ bins: 32 });

    // track: the same option, the same fixed size
    const [x, y, w, h] = parse(b.lines[0])[0];
    const boxes = join(root, 'opt-track.json');
    const t = await new Promise<{ code: number; stderr: string }>((res) => {
      execFile(process.execPath, [BIN, 'track', b.dir, '--box', `${x - 1},${y - 1},${w},${h}`, '--options', '{"scaleStep":1}', '--boxes', boxes, '-q'], (err, _o, stderr) => res({ code: err ? 1 : 0, stderr }));
    });
    expect(t.stderr).toMatch(/^modeseek track: 20 frames in /);
    expect(t.code).toBe(0);
    const tj = JSON.parse(await readFile(boxes, 'utf8'));
    expect(tj.options).toEqual({ scaleStep: 1 });
    expect(new Set(tj.frames.map((f: { width: number }) => f.width))).toEqual(new Set([w]));
  });

  it('refuses malformed --options before reading a frame, saying what to write', async () => {
    const cases: [string, RegExp][] = [
      ['{filterRate: 0.02}', /--options: not valid JSON .*give an object such as --options '\{"filterRate":0.02\}'/],
      ['[1, 2]', /--options must be a JSON object of tracker options.*got an array/],
      ['{"method":"camshift"}', /--options cannot set method: name the tracker with --tracker/],
      ['{"filterrate":0.02}', /--options: 'filterrate' is no option of robust; did you mean 'filterRate'\?/],
      ['{"scaleStep":2}', /--options for robust: scaleStep must be in 1\.\.1\.5, got 2/],
      ['{"bins":32}', /--options: 'bins' is no option of robust/],
      [join(root, 'no-such-options.json'), /--options .*no-such-options\.json: not a JSON object and no readable file \(ENOENT\)/],
    ];
    for (const [value, message] of cases) {
      const json = join(root, 'never.json');
      const r = await cli([join(root, 'data'), '--options', value, '--json', json]);
      expect(r.code, value).toBe(2);
      expect(r.stderr, value).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(json)).toBe(false);
    }
  });

  it('refuses bad options and unknown trackers with a clean message', async () => {
    const r = await cli([join(root, 'data'), '--tracker', 'kcf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tracker 'kcf': method must be one of/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const s = await cli([join(root, 'data'), '--shard', '3/2']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--shard must be i\/n/);
  });
});
