import type { Rect } from '../image/types.js';

/** How a ground-truth file stores its boxes. */
export type GroundTruthFormat = 'rect' | 'polygon';

/** Options of `parseGroundTruth()`. */
export interface ParseGroundTruthOptions {
  /** The file's name, for error messages. Default `'ground truth'`. */
  file?: string;
  /**
   * Pixel origin of the file's coordinates: 1 for OTB (MATLAB, the default), 0 for 0-based files.
   * Boxes are returned 0-based (as `Rect`), so 1 is subtracted from x and y when `origin` is 1.
   */
  origin?: 0 | 1;
}

/** A parsed ground-truth file. */
export interface GroundTruth {
  /** One entry a line (a frame): the 0-based box, or null when the line is missing or empty. */
  boxes: (Rect | null)[];
  /** `'rect'` (4 values a line, x,y,w,h) or `'polygon'` (8 values, taken as their axis-aligned envelope). */
  format: GroundTruthFormat;
  /** The convention the file was read in (predictions are written back in it). */
  origin: 0 | 1;
  /** Number of lines whose box is missing (NaN, blank) or empty (width or height ≤ 0). */
  missing: number;
  /** The file's name as given. */
  file: string;
}

/** A ground-truth file that cannot be read: names the file and the line (1-based). */
export class GroundTruthError extends Error {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'GroundTruthError';
    this.file = file;
    this.line = line;
  }
}

const SPLIT = /[\s,;]+/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses an OTB or VOT ground-truth text: one box a line, values split on commas, tabs,
 * spaces or semicolons; CRLF and LF line ends; trailing blank lines ignored. A line holds 4
 * values (x, y, width, height, top-left corner) or 8 (a VOT polygon x1,y1,...,x4,y4, taken as
 * its axis-aligned envelope). A line that is blank, holds `NaN`, or has a width or height ≤ 0
 * is a frame without ground truth (null): metrics exclude it and count it. Anything else
 * (other value counts, words, mixed 4/8 formats) is a `GroundTruthError` naming file and line.
 * DOM-free and Node-free: the CLI and the replay page use this same parser.
 */
export function parseGroundTruth(text: string, options: ParseGroundTruthOptions = {}): GroundTruth {
  const file = options.file ?? 'ground truth';
  const origin = options.origin ?? 1;
  if (origin !== 0 && origin !== 1) throw new RangeError(`origin must be 0 or 1, got ${String(origin)}`);
  if (typeof text !== 'string') throw new TypeError(`${file}: ground truth must be text, got ${typeof text}`);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new GroundTruthError(file, 1, 'the ground-truth file is empty; give one box x,y,w,h a line');
  const boxes: (Rect | null)[] = new Array(lines.length);
  let format: GroundTruthFormat | null = null;
  let missing = 0;
  const v = new Float64Array(8);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') {
      boxes[i] = null;
      missing++;
      continue;
    }
    const parts = line.split(SPLIT).filter((s) => s !== '');
    if (parts.length !== 4 && parts.length !== 8) {
      throw new GroundTruthError(
        file,
        i + 1,
        `expected 4 values (x,y,w,h) or 8 (a polygon x1,y1,...,x4,y4), got ${parts.length}: "${clip(line)}"`,
      );
    }
    const f: GroundTruthFormat = parts.length === 4 ? 'rect' : 'polygon';
    if (format === null) format = f;
    else if (format !== f) {
      throw new GroundTruthError(file, i + 1, `has ${parts.length} values but earlier lines have ${format === 'rect' ? 4 : 8}; use one format for the whole file`);
    }
    let nan = false;
    for (let k = 0; k < parts.length; k++) {
      const s = parts[k];
      if (/^[+-]?nan$/i.test(s)) {
        nan = true;
        v[k] = NaN;
      } else if (NUMBER.test(s)) v[k] = Number(s);
      else throw new GroundTruthError(file, i + 1, `value ${k + 1} "${clip(s)}" is not a number (line "${clip(line)}")`);
    }
    if (nan) {
      boxes[i] = null;
      missing++;
      continue;
    }
    let x: number, y: number, w: number, h: number;
    if (f === 'rect') {
      x = v[0];
      y = v[1];
      w = v[2];
      h = v[3];
    } else {
      const x0 = Math.min(v[0], v[2], v[4], v[6]), x1 = Math.max(v[0], v[2], v[4], v[6]);
      const y0 = Math.min(v[1], v[3], v[5], v[7]), y1 = Math.max(v[1], v[3], v[5], v[7]);
      x = x0;
      y = y0;
      w = x1 - x0;
      h = y1 - y0;
    }
    if (!(w > 0) || !(h > 0)) {
      boxes[i] = null;
      missing++;
      continue;
    }
    boxes[i] = { x: x - origin, y: y - origin, width: w, height: h };
  }
  return { boxes, format: format ?? 'rect', origin, missing, file };
}

/**
 * The pixel origin a ground-truth file is read in when none is given: 0 for a VOT
 * `groundtruth.txt`, 1 (OTB, MATLAB) for anything else (`groundtruth_rect.txt`, a video's `V.txt`).
 * The CLI and the replay page share this rule.
 */
export function originForTruthFile(fileName: string): 0 | 1 {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  return base.toLowerCase() === 'groundtruth.txt' ? 0 : 1;
}

/** Checks that a sequence has as many frames as ground-truth lines; the error says both counts. */
export function checkFrameCount(truth: GroundTruth, frames: number, framesWhere = 'the sequence'): void {
  if (truth.boxes.length !== frames) {
    const more = frames > truth.boxes.length ? 'frames than ground-truth lines' : 'ground-truth lines than frames';
    throw new RangeError(
      `${framesWhere} has ${frames} frames but ${truth.file} has ${truth.boxes.length} ground-truth lines (more ${more}); ` +
        'give one box a frame (write NaN,NaN,NaN,NaN for a frame without ground truth)',
    );
  }
}

/** Formats a 0-based box in a file's convention, as `x,y,w,h` (integers as is, others to 4 decimals). */
export function formatBox(box: Rect, origin: 0 | 1): string {
  return `${num(box.x + origin)},${num(box.y + origin)},${num(box.width)},${num(box.height)}`;
}

function num(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Math.round(v * 10000) / 10000);
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
