/** Options of mean-shift filtering and segmentation, their defaults and their checks. */
import { checkOptionNames } from '../util/options.js';
import { MAX_PYRAMID_LEVEL } from './pyramid.js';

/** The feature space in which colours are compared and averaged. */
export type SegmentColorSpace = 'luv' | 'rgb';

/** Options of {@link meanShiftFilter}. */
export interface MeanShiftFilterOptions {
  /** hs: half-size of the square spatial window, in pixels (OpenCV's `sp`). Default 7. */
  spatialRadius?: number;
  /**
   * hr: radius of the colour ball (OpenCV's `sr`). In 0..255 units for 'rgb', in CIE Luv
   * units (L in 0..100) for 'luv'. Default 6.5.
   */
  colorRadius?: number;
  /** At most this many mean-shift steps per pixel (OpenCV: termcrit.maxCount). Default 5. */
  maxIterations?: number;
  /**
   * Stop when |dx| + |dy| + |dcolour|² ≤ epsilon (OpenCV's rule, termcrit.epsilon), or when
   * the window does not move. Default 1.
   */
  epsilon?: number;
  /** 'luv' (EDISON's choice, default) or 'rgb' (OpenCV's pyrMeanShiftFiltering, bit-exact). */
  colorSpace?: SegmentColorSpace;
  /**
   * Pyramid levels (OpenCV's `maxLevel`, 0..8; default 0, no pyramid): filter the image
   * downsampled 2^maxLevel times, then at each finer level upsample the result and re-filter
   * only around its edges. Much faster on large images; with 'rgb' equal to OpenCV's
   * `pyrMeanShiftFiltering(src, sp, sr, maxLevel)` pixel for pixel.
   */
  maxLevel?: number;
  /** Called as the work advances with the fraction done, 0..1 (after each band of rows). */
  onProgress?: (fraction: number) => void;
  /**
   * Checked between bands: once aborted, the call throws the signal's reason (an AbortError).
   * The synchronous functions see an abort made from `onProgress` or before the call; the
   * worker pools (`createSegmentPool`, `filterWithRunners`) see any.
   */
  signal?: AbortSignal;
}

/** The options that shape the result (all but the callbacks), as workers receive them. */
export type FilterParams = Required<Omit<MeanShiftFilterOptions, 'onProgress' | 'signal'>>;

/** Defaults of {@link MeanShiftFilterOptions}. */
export const DEFAULT_FILTER_OPTIONS: FilterParams = {
  spatialRadius: 7,
  colorRadius: 6.5,
  maxIterations: 5,
  epsilon: 1,
  colorSpace: 'luv',
  maxLevel: 0,
};

/** Options of {@link segmentImage}: the filtering options plus `minRegionSize`. */
export interface SegmentImageOptions extends MeanShiftFilterOptions {
  /** Regions with fewer pixels are merged into their most similar neighbour. Default 20. */
  minRegionSize?: number;
}

/** Segmentation's options that shape the result, as workers receive them. */
export type SegmentParams = FilterParams & { minRegionSize: number };

/** Defaults of {@link SegmentImageOptions}. */
export const DEFAULT_SEGMENT_OPTIONS: SegmentParams = {
  ...DEFAULT_FILTER_OPTIONS,
  minRegionSize: 20,
};

/** Largest image (in pixels) processed in one go; larger ones are refused with a clear error. */
export const MAX_PIXELS = 100_000_000;

function positive(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(v)}`);
  }
  return v;
}

// The names the filtering accepts: its own, the callbacks, and minRegionSize, which
// segmentation passes through with the rest of its options.
const OPTION_NAMES = [...Object.keys(DEFAULT_FILTER_OPTIONS), 'onProgress', 'signal', 'minRegionSize'];

/**
 * Fills in defaults (an option left `undefined` takes its default) and checks every option:
 * a TypeError for a name that is no option (naming the nearest one, see src/util/options.ts),
 * a RangeError naming the fix for a bad value.
 */
export function resolveFilterOptions(options: MeanShiftFilterOptions = {}, owner = 'meanShiftFilter'): FilterParams {
  checkOptionNames(owner, options, OPTION_NAMES);
  const o = { ...DEFAULT_FILTER_OPTIONS };
  for (const k of Object.keys(o) as (keyof MeanShiftFilterOptions)[]) {
    if (options[k] !== undefined) (o as Record<string, unknown>)[k] = options[k];
  }
  positive('spatialRadius', o.spatialRadius);
  if (o.spatialRadius > 1000) throw new RangeError(`spatialRadius must be <= 1000, got ${o.spatialRadius}`);
  positive('colorRadius', o.colorRadius);
  if (!Number.isInteger(o.maxIterations) || o.maxIterations < 1 || o.maxIterations > 100) {
    throw new RangeError(`maxIterations must be an integer in 1..100, got ${String(o.maxIterations)}`);
  }
  if (typeof o.epsilon !== 'number' || !Number.isFinite(o.epsilon) || o.epsilon < 0) {
    throw new RangeError(`epsilon must be a finite number >= 0, got ${String(o.epsilon)}`);
  }
  if (!Number.isInteger(o.maxLevel) || o.maxLevel < 0 || o.maxLevel > MAX_PYRAMID_LEVEL) {
    throw new RangeError(`maxLevel must be an integer in 0..${MAX_PYRAMID_LEVEL}, got ${String(o.maxLevel)}`);
  }
  if (o.colorSpace !== 'luv' && o.colorSpace !== 'rgb') {
    throw new RangeError(`colorSpace must be 'luv' or 'rgb', got ${String(o.colorSpace)}`);
  }
  return o;
}

/** {@link resolveFilterOptions} for segmentation: the filtering options plus `minRegionSize`. */
export function resolveSegmentOptions(options: SegmentImageOptions = {}, owner = 'segmentImage'): SegmentParams {
  const f = resolveFilterOptions(options, owner);
  const minRegionSize = options.minRegionSize ?? DEFAULT_SEGMENT_OPTIONS.minRegionSize;
  if (!Number.isInteger(minRegionSize) || minRegionSize < 0) {
    throw new RangeError(`minRegionSize must be an integer >= 0, got ${String(minRegionSize)}`);
  }
  return { ...f, minRegionSize };
}

/** Largest useful colour radius: the longest distance in the colour space (RGB cube; Luv of sRGB). */
export const MAX_COLOR_RADIUS = { rgb: 442, luv: 500 } as const;

/** Spatial radii up to this are always accepted (cheap whatever the image). */
export const ALWAYS_OK_SPATIAL_RADIUS = 32;

/**
 * Checks the radii against the image: a spatial radius past the image's longer side (its
 * windows already cover the whole image; radii up to {@link ALWAYS_OK_SPATIAL_RADIUS} always
 * pass) or a colour radius past the colour space's longest distance only costs time, so
 * they are refused, naming the largest useful value.
 */
export function checkRadiiForImage(o: FilterParams, width: number, height: number): void {
  const most = Math.max(width, height) - 1;
  if (o.spatialRadius > Math.max(ALWAYS_OK_SPATIAL_RADIUS, most)) {
    throw new RangeError(
      `spatialRadius ${o.spatialRadius} is larger than the ${width}x${height} image can use ` +
        `(a window of half-size ${most} already covers it all): pass spatialRadius <= ${Math.max(ALWAYS_OK_SPATIAL_RADIUS, most)}`,
    );
  }
  const maxColor = MAX_COLOR_RADIUS[o.colorSpace];
  if (o.colorRadius > maxColor) {
    throw new RangeError(
      `colorRadius ${o.colorRadius} is larger than any ${o.colorSpace} colour distance (${maxColor}): pass colorRadius <= ${maxColor}`,
    );
  }
}

/** The error thrown when a signal aborts the work: the signal's reason, or an AbortError. */
export function abortError(signal: AbortSignal): Error {
  const r = signal.reason as unknown;
  if (r instanceof Error) return r;
  const e = new Error('segmentation was cancelled');
  e.name = 'AbortError';
  return e;
}
