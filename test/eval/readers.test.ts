import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/eval/node/decode.js';
import { findSequences, openSequence } from '../../src/eval/node/sources.js';
import { SyntheticSequence } from '../../src/cli/synthetic-sequence.js';
import { writeSyntheticOtb } from './write-sequence.js';

const run = promisify(execFile);
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'modeseek-readers-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function collect(frames: AsyncGenerator<{ data: Uint8Array; width: number; height: number; channels: 3 }>) {
  const out = [];
  for await (const f of frames) out.push({ ...f, data: f.data.slice() });
  return out;
}

describe('OTB reader', () => {
  it('reads tab/CRLF ground truth 1-based and decodes PNG frames to the exact RGB pixels', async () => {
    const dir = join(root, 'Tabs');
    await writeSyntheticOtb(dir, { frames: 5, delimiter: '\t', eol: '\r\n' });
    const { sources, errors } = await findSequences([dir]);
    expect(errors).toEqual([]);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ name: 'Tabs', layout: 'otb', origin: 1, frameCount: 5 });
    const seq = await openSequence(sources[0]);
    const t = new SyntheticSequence({ width: 160, height: 120, frames: 5, channels: 3 });
    expect(seq.truth.boxes[2]!.x).toBeCloseTo(t.truth(2).x, 1);
    expect(seq.truth.boxes[2]!.y).toBeCloseTo(t.truth(2).y, 1);
    const frames = await collect(seq.frames());
    expect(frames).toHaveLength(5);
    expect(frames[3].width).toBe(160);
    expect(frames[3].channels).toBe(3);
    expect(Buffer.from(frames[3].data).equals(Buffer.from(t.frame(3).data))).toBe(true);
  });

  it('sorts frames naturally (2 before 10)', async () => {
    const dir = join(root, 'Natural');
    await writeSyntheticOtb(dir, { frames: 3 });
    // rename to 1.png, 2.png, 10.png
    const { rename } = await import('node:fs/promises');
    await rename(join(dir, 'img/0001.png'), join(dir, 'img/1.png'));
    await rename(join(dir, 'img/0002.png'), join(dir, 'img/2.png'));
    await rename(join(dir, 'img/0003.png'), join(dir, 'img/10.png'));
    const seq = await openSequence((await findSequences([dir])).sources[0]);
    expect(seq.files!.map((f) => f.split('/').pop())).toEqual(['1.png', '2.png', '10.png']);
  });

  it('decodes a grayscale JPEG to RGB with R = G = B', async () => {
    const file = join(root, 'gray.jpg');
    const data = Buffer.alloc(16 * 8);
    for (let i = 0; i < data.length; i++) data[i] = i * 2;
    const sharp = (await import('sharp')).default;
    await sharp(data, { raw: { width: 16, height: 8, channels: 1 } }).jpeg().toColourspace('b-w').toFile(file);
    const f = await decodeFrame(file);
    expect(f.channels).toBe(3);
    expect(f.data.length).toBe(16 * 8 * 3);
    for (let i = 0; i < f.data.length; i += 3) {
      expect(f.data[i + 1]).toBe(f.data[i]);
      expect(f.data[i + 2]).toBe(f.data[i]);
    }
  });

  it('says both counts when frames and ground-truth lines differ', async () => {
    const dir = join(root, 'Short');
    const w = await writeSyntheticOtb(dir, { frames: 4 });
    await writeFile(join(dir, 'groundtruth_rect.txt'), w.lines.slice(0, 3).join('\n'));
    await expect(openSequence((await findSequences([dir])).sources[0])).rejects.toThrow(/has 4 frames but .*groundtruth_rect\.txt has 3 ground-truth lines/);
    await writeFile(join(dir, 'groundtruth_rect.txt'), [...w.lines, w.lines[0]].join('\n'));
    await expect(openSequence((await findSequences([dir])).sources[0])).rejects.toThrow(/has 4 frames but .* has 5 ground-truth lines/);
  });

  it('names the file and line of a malformed ground-truth line', async () => {
    const dir = join(root, 'Bad');
    const w = await writeSyntheticOtb(dir, { frames: 3 });
    await writeFile(join(dir, 'groundtruth_rect.txt'), [w.lines[0], '1,2,three,4', w.lines[2]].join('\n'));
    await expect(openSequence((await findSequences([dir])).sources[0])).rejects.toThrow(/Bad\/groundtruth_rect\.txt:2: value 3 "three"/);
  });

  it('names an unreadable frame', async () => {
    const file = join(root, 'broken.jpg');
    await writeFile(file, 'not a jpeg');
    await expect(decodeFrame(file)).rejects.toThrow(/broken\.jpg cannot be decoded: /);
  });
});

describe('VOT reader and dataset folders', () => {
  it('reads a VOT folder with 8-value polygons as 0-based envelopes, frames in the folder itself', async () => {
    const dir = join(root, 'vot', 'poly');
    await mkdir(dir, { recursive: true });
    const sharp = (await import('sharp')).default;
    for (let i = 1; i <= 2; i++) {
      await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 10, g: 20, b: 30 } } }).png().toFile(join(dir, `0000000${i}.png`));
    }
    await writeFile(join(dir, 'groundtruth.txt'), '10,5,20,5,20,15,10,15\n11,6,21,6,21,16,11,16\n');
    const { sources } = await findSequences([dir]);
    expect(sources[0]).toMatchObject({ layout: 'vot', origin: 0, frameCount: 2 });
    const seq = await openSequence(sources[0]);
    expect(seq.truth.format).toBe('polygon');
    expect(seq.truth.boxes[0]).toEqual({ x: 10, y: 5, width: 10, height: 10 });
  });

  it('finds every sequence of a dataset folder in natural order and reports what is not one', async () => {
    const ds = join(root, 'dataset');
    await writeSyntheticOtb(join(ds, 'Seq10'), { frames: 2 });
    await writeSyntheticOtb(join(ds, 'Seq2'), { frames: 2 });
    await mkdir(join(ds, 'notes'), { recursive: true });
    const { sources, errors } = await findSequences([ds, join(root, 'nope')]);
    expect(sources.map((s) => s.name)).toEqual(['Seq2', 'Seq10']);
    expect(errors).toHaveLength(1);
    expect(errors[0].error).toMatch(/nope: no such file or folder/);
    const empty = join(root, 'empty');
    await mkdir(empty, { recursive: true });
    expect((await findSequences([empty])).errors[0].error).toMatch(/no sequence found/);
  });
});

describe('video reader', () => {
  it('decodes every frame of a video with its ground truth beside it', async () => {
    const dir = join(root, 'videos');
    const w = await writeSyntheticOtb(join(dir, 'src'), { frames: 12 });
    const video = join(dir, 'clip.avi');
    // lossless (FFV1 in AVI, RGB) so the frames must equal the PNGs exactly
    await run('ffmpeg', ['-v', 'error', '-y', '-framerate', '25', '-i', join(dir, 'src/img/%04d.png'), '-c:v', 'ffv1', '-pix_fmt', 'bgr0', video]);
    await copyFile(join(dir, 'src/groundtruth_rect.txt'), join(dir, 'clip.txt'));
    const { sources, errors } = await findSequences([video]);
    expect(errors).toEqual([]);
    expect(sources[0]).toMatchObject({ name: 'clip', layout: 'video', origin: 1 });
    const seq = await openSequence(sources[0]);
    const frames = await collect(seq.frames());
    expect(frames).toHaveLength(12);
    const png = await decodeFrame(w.files[7]);
    expect(Buffer.from(frames[7].data).equals(Buffer.from(png.data))).toBe(true);
  });

  it('fails a video whose packets are corrupt, naming the frame, even though ffmpeg exits 0', async () => {
    const dir = join(root, 'corrupt-video');
    await writeSyntheticOtb(join(dir, 'src'), { width: 320, height: 240, frames: 30 });
    const video = join(dir, 'bad.mp4');
    await run('ffmpeg', ['-v', 'error', '-y', '-framerate', '25', '-i', join(dir, 'src/img/%04d.png'), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '10', '-movflags', '+faststart', video]);
    await copyFile(join(dir, 'src/groundtruth_rect.txt'), join(dir, 'bad.txt'));
    // garble a stretch of the coded frames (the index is at the front): ffmpeg logs decode errors,
    // conceals them and exits 0 with every frame, some of them wrong
    const bytes = await readFile(video);
    for (let i = Math.floor(bytes.length * 0.6), k = 0; k < 2000; k++, i++) bytes[i] = (bytes[i] * 7 + 13) & 0xff;
    await writeFile(video, bytes);
    const seq = await openSequence((await findSequences([video])).sources[0]);
    await expect(collect(seq.frames())).rejects.toThrow(/cannot decode video .*bad\.mp4: ffmpeg reported errors by frame \d+: .*corrupt or truncated/);
  });

  it('asks for ground truth when none is beside the video', async () => {
    const dir = join(root, 'videos2');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'lonely.mp4'), '');
    const { errors } = await findSequences([join(dir, 'lonely.mp4')]);
    expect(errors[0].error).toMatch(/no ground truth for video .*lonely\.mp4; put one box x,y,w,h a frame in lonely\.txt/);
  });

  it('names how to install ffmpeg when it is not on the PATH', async () => {
    const dir = join(root, 'videos');
    const path = process.env.PATH;
    process.env.PATH = join(root, 'no-bin');
    try {
      const { sources } = await findSequences([join(dir, 'clip.avi')]);
      await expect(openSequence(sources[0])).rejects.toThrow(/ffprobe not found: install ffmpeg .*apt install ffmpeg/);
    } finally {
      process.env.PATH = path;
    }
    const gt = await readFile(join(dir, 'clip.txt'), 'utf8');
    expect(gt.split('\n').length).toBeGreaterThan(10);
  });
});
