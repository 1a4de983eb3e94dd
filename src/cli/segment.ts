/** `modeseek segment IN --out OUT.png [...]`: mean-shift segmentation of an image file. Node only. */
import { existsSync, statSync } from 'node:fs';
import sharp from 'sharp';
import type { ImageLike } from '../image/types.js';
import {
  DEFAULT_SEGMENT_OPTIONS,
  drawRegionBoundaries,
  paintRegions,
  segmentImage,
  type SegmentImageOptions,
  type SegmentImageResult,
} from '../segment/index.js';
import { resolveSegmentOptions } from '../segment/options.js';
import { intOption, numberOption, parseArgs, UsageError, withUsage, type OptionSpec } from './args.js';
import { checkOutputFile } from './outputs.js';

const USAGE = `Usage: modeseek segment IN.png --out OUT.png [options]

Mean-shift segmentation (Comaniciu & Meer 2002). OUT.png paints every region in its mean colour.

Options:
  -o, --out FILE         region image (required); .png, .jpg or .webp: the extension picks the format
  --labels FILE          labels as PNG (or lossless WebP), label = R + 256·G + 65536·B
  --filtered FILE        the mean-shift filtered image
  --boundaries FILE      the input with region boundaries drawn in red
  --spatial-radius N     hs, half-size of the spatial window in pixels (default ${DEFAULT_SEGMENT_OPTIONS.spatialRadius})
  --color-radius N       hr, colour radius (default ${DEFAULT_SEGMENT_OPTIONS.colorRadius}; Luv units, or 0..255 with --color-space rgb)
  --min-region N         merge regions smaller than N pixels (default ${DEFAULT_SEGMENT_OPTIONS.minRegionSize})
  --color-space luv|rgb  feature space (default luv; rgb = OpenCV's pyrMeanShiftFiltering)
  --max-iterations N     mean-shift steps per pixel (default ${DEFAULT_SEGMENT_OPTIONS.maxIterations})
  --epsilon N            stop threshold (default ${DEFAULT_SEGMENT_OPTIONS.epsilon})
  --max-level N          pyramid levels, 0..8 (default ${DEFAULT_SEGMENT_OPTIONS.maxLevel}; OpenCV's maxLevel, faster on large images)
  --workers N            split the filtering over N worker threads (default 1); progress is
                         shown on stderr with workers and for images from 4 megapixels
  --json                 print a JSON summary (regions without their list) on stdout
`;

const NUMERIC: Record<string, keyof SegmentImageOptions | 'workers'> = {
  'spatial-radius': 'spatialRadius',
  'color-radius': 'colorRadius',
  'min-region': 'minRegionSize',
  'max-iterations': 'maxIterations',
  epsilon: 'epsilon',
  'max-level': 'maxLevel',
  workers: 'workers',
};
const FILES = ['out', 'labels', 'filtered', 'boundaries'] as const;

/** Output formats, by the file's extension. */
const FORMATS: Record<string, 'png' | 'jpeg' | 'webp'> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp' };

/** The format `file` names by its extension; a UsageError for another one. Labels must be lossless. */
export function outputFormat(file: string, option: string): 'png' | 'jpeg' | 'webp' {
  const ext = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
  const f = FORMATS[ext];
  if (!f) throw new UsageError(`--${option} ${file}: name a .png, .jpg or .webp file (the extension picks the format)`);
  if (option === 'labels' && f === 'jpeg') throw new UsageError(`--labels ${file}: labels need a lossless format; name a .png (or .webp, written lossless)`);
  return f;
}

/** Images from this many pixels on show their progress (through a one-worker pool when --workers is 1). */
const LARGE_IMAGE = 4_000_000;

interface Args {
  input: string;
  files: Partial<Record<(typeof FILES)[number], string>>;
  options: SegmentImageOptions;
  workers: number;
  json: boolean;
  help?: boolean;
}

function parse(argv: string[]): Args {
  const spec: Record<string, OptionSpec> = {
    out: { type: 'string', short: 'o' },
    labels: 'string',
    filtered: 'string',
    boundaries: 'string',
    'color-space': 'string',
    json: 'boolean',
    help: { type: 'boolean', short: 'h' },
  };
  for (const k of Object.keys(NUMERIC)) spec[k] = 'string';
  const { positionals, options: o } = parseArgs(argv, spec);
  const args: Args = { input: '', files: {}, options: {}, workers: 1, json: Boolean(o.json) };
  if (o.help) return { ...args, help: true };
  for (const f of FILES) if (typeof o[f] === 'string') args.files[f] = o[f] as string;
  const cs = o['color-space'];
  if (cs !== undefined) {
    if (cs !== 'luv' && cs !== 'rgb') throw new UsageError(`--color-space must be luv or rgb, got ${String(cs)}`);
    args.options.colorSpace = cs;
  }
  for (const [flag, key] of Object.entries(NUMERIC)) {
    const v = numberOption(o[flag], flag);
    if (v === undefined) continue;
    if (key === 'workers') args.workers = intOption(o[flag], 'workers', 1, 1, 256);
    else (args.options as Record<string, number>)[key] = v;
  }
  if (positionals.length === 0) throw new UsageError('missing the input image');
  if (positionals.length > 1) throw new UsageError(`one input image only, got ${positionals.join(' and ')}`);
  args.input = positionals[0];
  if (args.files.out === undefined) throw new UsageError('missing --out OUT.png');
  for (const f of FILES) if (args.files[f] !== undefined) outputFormat(args.files[f]!, f);
  try {
    resolveSegmentOptions(args.options);
  } catch (e) {
    // name the flag rather than the API option
    const msg = (e as Error).message.replace(/^(\w+)/, (m) => `--${Object.keys(NUMERIC).find((f) => NUMERIC[f] === m) ?? m}`);
    throw new UsageError(msg);
  }
  return args;
}

async function readImage(path: string): Promise<ImageLike & { channels: 3 }> {
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  if (!statSync(path).isFile()) throw new Error(`${path}: not a file`);
  let decoded;
  try {
    decoded = await sharp(path, { limitInputPixels: 100_000_000 })
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    const why = (e as Error).message;
    if (/pixel limit/i.test(why)) {
      throw new Error(`${path}: image too large (over 100 megapixels); downscale it first`);
    }
    throw new Error(`${path}: not an image that can be decoded (PNG, JPEG, WebP, GIF, TIFF, AVIF): ${why}`);
  }
  const { data, info } = decoded;
  if (info.width === 0 || info.height === 0) throw new Error(`${path}: empty image (${info.width}x${info.height})`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
}

/** Writes `image` in the format the file's extension names (PNG, JPEG, WebP; WebP lossless for labels). */
async function writeImage(path: string, image: ImageLike, lossless = false): Promise<void> {
  const channels = image.channels ?? 4;
  const img = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
    raw: { width: image.width, height: image.height, channels },
  });
  const f = FORMATS[/\.([^./\\]+)$/.exec(path)![1].toLowerCase()];
  await (f === 'jpeg' ? img.jpeg({ quality: 92 }) : f === 'webp' ? img.webp(lossless ? { lossless: true } : { quality: 90 }) : img.png()).toFile(path);
}

function labelsImage(result: SegmentImageResult, width: number, height: number): ImageLike {
  const data = new Uint8Array(width * height * 3);
  result.labels.forEach((l, q) => {
    data[q * 3] = l & 255;
    data[q * 3 + 1] = (l >> 8) & 255;
    data[q * 3 + 2] = (l >> 16) & 255;
  });
  return { data, width, height, channels: 3 };
}

export async function runSegment(argv: string[]): Promise<number> {
  return withUsage('segment', async () => {
    const args = parse(argv);
    if (args.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    // every output path before the work (a large image takes minutes)
    for (const f of FILES) if (args.files[f] !== undefined) await checkOutputFile(args.files[f]!, `--${f}`);
    const image = await readImage(args.input);
    const t0 = performance.now();
    // progress on stderr: one line rewritten on a terminal, a line every 10% otherwise
    const tty = process.stderr.isTTY === true;
    let shown = -1;
    const onProgress = (f: number): void => {
      const pct = Math.floor(f * 100);
      if (tty ? pct === shown : Math.floor(pct / 10) === Math.floor(shown / 10) && shown >= 0) return;
      shown = pct;
      process.stderr.write(`${tty ? '\r' : ''}modeseek segment: ${pct}%${tty ? (pct === 100 ? '\n' : '') : '\n'}`);
    };
    let result: SegmentImageResult;
    // with workers, or on a large image (minutes of work), through the pool (exact to the single
    // call) so that its progress can be shown
    if (args.workers > 1 || image.width * image.height >= LARGE_IMAGE) {
      const { createSegmentPool } = await import('../segment/node/parallel.js');
      const pool = await createSegmentPool({ workers: args.workers });
      const tty = process.stderr.isTTY;
      let last = -1;
      const onProgress = (fraction: number): void => {
        const pct = Math.floor(fraction * 100);
        if (pct === last || (!tty && pct % 25 !== 0)) return;
        last = pct;
        process.stderr.write(tty ? `\rsegment: filtering ${pct}%\x1b[K` : `segment: filtering ${pct}%\n`);
      };
      try {
        result = await pool.segment(image, args.options, { onProgress });
      } finally {
        if (tty && last >= 0) process.stderr.write('\r\x1b[K');
        await pool.close();
      }
    } else {
      result = segmentImage(image, { ...args.options, onProgress });
    }
    const ms = performance.now() - t0;
    const { width, height } = image;
    await writeImage(args.files.out!, paintRegions(result.labels, result.regions, width, height));
    if (args.files.labels) await writeImage(args.files.labels, labelsImage(result, width, height), true);
    if (args.files.filtered) await writeImage(args.files.filtered, result.filtered);
    if (args.files.boundaries) await writeImage(args.files.boundaries, drawRegionBoundaries(image, result.labels));
    const o = resolveSegmentOptions(args.options);
    const summary = { input: args.input, width, height, regionCount: result.regionCount, ms: Math.round(ms), options: o, workers: args.workers };
    if (args.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else process.stdout.write(`${args.input}: ${width}x${height}, ${result.regionCount} regions in ${summary.ms} ms -> ${args.files.out}\n`);
    return 0;
  });
}
