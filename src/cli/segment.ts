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

const USAGE = `Usage: modeseek segment IN.png --out OUT.png [options]

Mean-shift segmentation (Comaniciu & Meer 2002). OUT.png paints every region in its mean colour.

Options:
  --out FILE             region image (PNG; required)
  --labels FILE          labels as PNG, label = R + 256·G + 65536·B
  --filtered FILE        the mean-shift filtered image
  --boundaries FILE      the input with region boundaries drawn in red
  --spatial-radius N     hs, half-size of the spatial window in pixels (default ${DEFAULT_SEGMENT_OPTIONS.spatialRadius})
  --color-radius N       hr, colour radius (default ${DEFAULT_SEGMENT_OPTIONS.colorRadius}; Luv units, or 0..255 with --color-space rgb)
  --min-region N         merge regions smaller than N pixels (default ${DEFAULT_SEGMENT_OPTIONS.minRegionSize})
  --color-space luv|rgb  feature space (default luv; rgb = OpenCV's pyrMeanShiftFiltering)
  --max-iterations N     mean-shift steps per pixel (default ${DEFAULT_SEGMENT_OPTIONS.maxIterations})
  --epsilon N            stop threshold (default ${DEFAULT_SEGMENT_OPTIONS.epsilon})
  --max-level N          pyramid levels, 0..8 (default ${DEFAULT_SEGMENT_OPTIONS.maxLevel}; OpenCV's maxLevel, faster on large images)
  --workers N            split the filtering over N worker threads (default 1: this thread)
  --json                 print a JSON summary (regions without their list) on stdout
`;

class UsageError extends Error {}

const NUMERIC: Record<string, keyof SegmentImageOptions | 'workers'> = {
  '--spatial-radius': 'spatialRadius',
  '--color-radius': 'colorRadius',
  '--min-region': 'minRegionSize',
  '--max-iterations': 'maxIterations',
  '--epsilon': 'epsilon',
  '--max-level': 'maxLevel',
  '--workers': 'workers',
};
const FILES = ['--out', '--labels', '--filtered', '--boundaries'] as const;

interface Args {
  input: string;
  files: Partial<Record<(typeof FILES)[number], string>>;
  options: SegmentImageOptions;
  workers: number;
  json: boolean;
}

function parse(argv: string[]): Args {
  const files: Args['files'] = {};
  const options: SegmentImageOptions = {};
  let workers = 1;
  let json = false;
  let input: string | undefined;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++k];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--json') json = true;
    else if ((FILES as readonly string[]).includes(flag)) files[flag as (typeof FILES)[number]] = value();
    else if (flag === '--color-space') {
      const v = value();
      if (v !== 'luv' && v !== 'rgb') throw new UsageError(`--color-space must be luv or rgb, got ${v}`);
      options.colorSpace = v;
    } else if (flag in NUMERIC) {
      const raw = value();
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`${flag} must be a number, got ${raw}`);
      const key = NUMERIC[flag];
      if (key === 'workers') {
        if (!Number.isInteger(v) || v < 1) throw new UsageError(`--workers must be an integer >= 1, got ${raw}`);
        workers = v;
      } else (options as Record<string, number>)[key] = v;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (input === undefined) input = a;
    else throw new UsageError(`one input image only, got ${input} and ${a}`);
  }
  if (input === undefined) throw new UsageError('missing the input image');
  if (files['--out'] === undefined) throw new UsageError('missing --out OUT.png');
  try {
    resolveSegmentOptions(options);
  } catch (e) {
    // name the flag rather than the API option
    const msg = (e as Error).message.replace(/^(\w+)/, (m) => Object.keys(NUMERIC).find((f) => NUMERIC[f] === m) ?? m);
    throw new UsageError(msg);
  }
  return { input, files, options, workers, json };
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

async function writePng(path: string, image: ImageLike): Promise<void> {
  const channels = image.channels ?? 4;
  await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
    raw: { width: image.width, height: image.height, channels },
  })
    .png()
    .toFile(path);
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
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let args: Args;
  try {
    args = parse(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`modeseek segment: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  try {
    const image = await readImage(args.input);
    const t0 = performance.now();
    let result: SegmentImageResult;
    if (args.workers > 1) {
      const { createSegmentPool } = await import('../segment/node/parallel.js');
      const pool = await createSegmentPool({ workers: args.workers });
      try {
        result = await pool.segment(image, args.options);
      } finally {
        await pool.close();
      }
    } else {
      result = segmentImage(image, args.options);
    }
    const ms = performance.now() - t0;
    const { width, height } = image;
    await writePng(args.files['--out']!, paintRegions(result.labels, result.regions, width, height));
    if (args.files['--labels']) await writePng(args.files['--labels'], labelsImage(result, width, height));
    if (args.files['--filtered']) await writePng(args.files['--filtered'], result.filtered);
    if (args.files['--boundaries']) await writePng(args.files['--boundaries'], drawRegionBoundaries(image, result.labels));
    const o = resolveSegmentOptions(args.options);
    const summary = { input: args.input, width, height, regionCount: result.regionCount, ms: Math.round(ms), options: o, workers: args.workers };
    if (args.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else process.stdout.write(`${args.input}: ${width}x${height}, ${result.regionCount} regions in ${summary.ms} ms -> ${args.files['--out']}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`modeseek segment: ${(e as Error).message}\n`);
    return 1;
  }
}
