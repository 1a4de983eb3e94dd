/**
 * Node only: finds the sequences named on the command line (OTB folders, VOT folders, video
 * files with a ground-truth file, and folders holding many of these), reads their ground truth
 * and opens their frames.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parseGroundTruth, checkFrameCount, originForTruthFile, type GroundTruth } from '../ground-truth.js';
import { compareNatural, isFrameFile } from '../natural-sort.js';
import { decodeFrames, type DecodedFrame } from './decode.js';
import { decodeVideo, isVideoFile, probeVideo, type VideoInfo } from './video.js';

/** Where a sequence's frames and ground truth come from. */
export type SequenceLayout = 'otb' | 'vot' | 'video';

/** A sequence found on disk (frames not read yet). Plain data: it crosses to worker threads. */
export interface SequenceSource {
  name: string;
  layout: SequenceLayout;
  /** The sequence folder, or the video file. */
  path: string;
  truthFile: string;
  /** Pixel origin of the ground truth: OTB and video text files 1 (MATLAB), VOT 0. */
  origin: 0 | 1;
  /** The folder holding the frames (image layouts). */
  frameDir?: string;
  /** Frame count when it is known without decoding (image layouts; videos whose container says). */
  frameCount?: number;
}

/** An input that could not be turned into sequences (reported as a failed sequence). */
export interface SourceError {
  name: string;
  error: string;
}

const OTB_TRUTH = 'groundtruth_rect.txt';
const VOT_TRUTH = 'groundtruth.txt';
const FRAME_DIRS = ['img', 'color', 'imgs', 'images', 'frames'];

/** Ground-truth files tried beside a video `V.ext`, in order. */
export function videoTruthCandidates(video: string): string[] {
  const dir = dirname(video), stem = basename(video, extname(video));
  return [`${stem}.txt`, `${stem}.groundtruth.txt`, `${stem}_groundtruth.txt`, `${stem}.gt.txt`, OTB_TRUTH, VOT_TRUTH].map((f) => join(dir, f));
}

async function kind(path: string): Promise<'dir' | 'file' | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

async function frameDirOf(dir: string): Promise<string> {
  for (const d of FRAME_DIRS) if ((await kind(join(dir, d))) === 'dir') return join(dir, d);
  return dir;
}

async function listFrames(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter(isFrameFile).sort(compareNatural);
  return names.map((n) => join(dir, n));
}

/** The sequences of one folder, if it is a sequence folder (null when it holds no ground truth). */
async function sequenceFolder(dir: string, name: string): Promise<SequenceSource[] | null> {
  const names = await readdir(dir);
  if (names.includes(OTB_TRUTH)) {
    const frameDir = await frameDirOf(dir);
    return [{ name, layout: 'otb', path: dir, truthFile: join(dir, OTB_TRUTH), origin: originForTruthFile(OTB_TRUTH), frameDir }];
  }
  // OTB sequences with several targets: groundtruth_rect.1.txt, groundtruth_rect.2.txt (Jogging, Skating2)
  const multi = names.filter((n) => /^groundtruth_rect\.\d+\.txt$/.test(n)).sort(compareNatural);
  if (multi.length > 0) {
    const frameDir = await frameDirOf(dir);
    return multi.map((f) => ({ name: `${name}.${f.split('.')[1]}`, layout: 'otb' as const, path: dir, truthFile: join(dir, f), origin: 1 as const, frameDir }));
  }
  if (names.includes(VOT_TRUTH)) {
    const frameDir = await frameDirOf(dir);
    return [{ name, layout: 'vot', path: dir, truthFile: join(dir, VOT_TRUTH), origin: originForTruthFile(VOT_TRUTH), frameDir }];
  }
  return null;
}

async function videoSource(file: string): Promise<SequenceSource | SourceError> {
  const name = basename(file, extname(file));
  const candidates = videoTruthCandidates(file);
  for (const c of candidates) {
    if ((await kind(c)) === 'file') return { name, layout: 'video', path: file, truthFile: c, origin: originForTruthFile(c) };
  }
  return { name, error: `no ground truth for video ${file}; put one box x,y,w,h a frame in ${candidates.slice(0, 2).map((c) => basename(c)).join(' or ')} beside it` };
}

/**
 * Turns command-line paths into sequences, in order: a sequence folder (OTB `groundtruth_rect.txt`,
 * VOT `groundtruth.txt`), a video file (ground truth beside it), or a folder of those (its
 * entries in natural order). Inputs that are none of these come back as errors, so that the
 * other sequences still run. Names are made unique (`name-2`, ...).
 */
export async function findSequences(paths: readonly string[]): Promise<{ sources: SequenceSource[]; errors: SourceError[] }> {
  const sources: SequenceSource[] = [];
  const errors: SourceError[] = [];
  for (const raw of paths) {
    const path = raw.replace(/[\\/]+$/, '') || raw;
    const name = basename(path);
    const k = await kind(path);
    if (k === null) {
      errors.push({ name, error: `${raw}: no such file or folder` });
    } else if (k === 'file') {
      if (isVideoFile(path)) {
        const s = await videoSource(path);
        if ('error' in s) errors.push(s);
        else sources.push(s);
      } else errors.push({ name, error: `${raw}: not a video file or a sequence folder; give an OTB/VOT folder, a folder of them, or a video (mp4, webm, avi, ...)` });
    } else {
      const own = await sequenceFolder(path, name);
      if (own) {
        sources.push(...own);
        continue;
      }
      const entries = (await readdir(path)).sort(compareNatural);
      let found = 0;
      for (const e of entries) {
        if (e.startsWith('.')) continue;
        const p = join(path, e);
        const ek = await kind(p);
        if (ek === 'dir') {
          const s = await sequenceFolder(p, e);
          if (s) (sources.push(...s), (found += s.length));
        } else if (ek === 'file' && isVideoFile(e)) {
          const s = await videoSource(p);
          found++;
          if ('error' in s) errors.push(s);
          else sources.push(s);
        }
      }
      if (found === 0) {
        errors.push({
          name,
          error: `${raw}: no sequence found; a sequence folder holds ${OTB_TRUTH} (OTB, frames in img/) or ${VOT_TRUTH} (VOT), and a dataset folder holds such folders or videos with their ground truth`,
        });
      }
    }
  }
  // frame counts known now (a folder listing) give the progress bar its total
  const counts = new Map<string, number>();
  for (const s of sources) {
    if (!s.frameDir) continue;
    if (!counts.has(s.frameDir)) counts.set(s.frameDir, (await readdir(s.frameDir)).filter(isFrameFile).length);
    s.frameCount = counts.get(s.frameDir);
  }
  const used = new Map<string, number>();
  for (const s of sources) {
    const n = (used.get(s.name) ?? 0) + 1;
    used.set(s.name, n);
    if (n > 1) s.name = `${s.name}-${n}`;
  }
  return { sources, errors };
}

/** An opened sequence: its ground truth and its frames. */
export interface OpenedSequence {
  truth: GroundTruth;
  /** Frame count if known before decoding. */
  frameCount: number | undefined;
  frames(): AsyncGenerator<DecodedFrame>;
  /** Frame files (image layouts), for thumbnails. */
  files?: string[];
  video?: VideoInfo;
}

/**
 * Reads a sequence's ground truth and lists its frames. Image layouts check the counts at
 * once (the error says both); videos are checked as they decode.
 */
export async function openSequence(source: SequenceSource, options: { origin?: 0 | 1; prefetch?: number } = {}): Promise<OpenedSequence> {
  let text: string;
  try {
    text = await readFile(source.truthFile, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ground truth ${source.truthFile}: ${(err as Error).message}`);
  }
  const truth = parseGroundTruth(text, { file: source.truthFile, origin: options.origin ?? source.origin });
  if (source.layout === 'video') {
    const info = await probeVideo(source.path);
    if (info.frames !== undefined) checkFrameCount(truth, info.frames, source.path);
    return { truth, frameCount: info.frames, video: info, frames: () => decodeVideo(source.path, info) };
  }
  const dir = source.frameDir ?? source.path;
  const files = await listFrames(dir);
  if (files.length === 0) throw new Error(`no frames in ${dir}; put the frames there as 0001.jpg, 0002.jpg, ... (jpg, png or webp)`);
  checkFrameCount(truth, files.length, `${dir}/`);
  return { truth, frameCount: files.length, files, frames: () => decodeFrames(files, options.prefetch ?? 3) };
}

/** Frames without ground truth (`modeseek track`): a video file, or a folder of frames (in img/, ... or itself). */
export interface FrameSource {
  path: string;
  /** Frame count when known before decoding. */
  frameCount: number | undefined;
  width: number | undefined;
  height: number | undefined;
  /** Yields the frames from `start` (0-based); image folders skip the files before it without decoding them. */
  frames(start?: number): AsyncGenerator<DecodedFrame>;
  files?: string[];
  video?: VideoInfo;
}

/** Opens a video file or a folder of frames; the error says what was expected. */
export async function openFrameSource(path: string): Promise<FrameSource> {
  const k = await kind(path);
  if (k === null) throw new Error(`${path}: no such file or folder`);
  if (k === 'file') {
    if (!isVideoFile(path)) throw new Error(`${path}: not a video file; give a video (mp4, webm, avi, ...) or a folder of frames (jpg, png, webp)`);
    const info = await probeVideo(path);
    return {
      path,
      frameCount: info.frames,
      width: info.width,
      height: info.height,
      video: info,
      async *frames(start = 0) {
        let k = 0;
        for await (const f of decodeVideo(path, info)) if (k++ >= start) yield f;
      },
    };
  }
  const dir = await frameDirOf(path);
  const files = await listFrames(dir);
  if (files.length === 0) throw new Error(`no frames in ${dir}; give a folder of frames 0001.jpg, 0002.jpg, ... (jpg, png or webp), or a video file`);
  return { path, frameCount: files.length, width: undefined, height: undefined, files, frames: (start = 0) => decodeFrames(files.slice(start)) };
}
