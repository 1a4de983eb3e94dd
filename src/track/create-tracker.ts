import { checkOptionNames } from '../util/options.js';
import { DEFAULT_HISTOGRAM_TRACKER_OPTIONS, HistogramTracker, type HistogramTrackerOptions } from './histogram-tracker.js';
import { RobustTracker } from './robust/robust-tracker.js';
import { DEFAULT_ROBUST_TRACKER_OPTIONS, type RobustTrackerOptions } from './robust/options.js';
import { TRACKER_METHODS as METHODS } from './methods.js';
import type { Tracker, TrackerMethod } from './types.js';

/** Options of `createTracker()`. */
export interface TrackerOptions extends HistogramTrackerOptions, RobustTrackerOptions {
  /** `'robust'` (default), `'camshift'` or `'meanshift'`. */
  method?: TrackerMethod;
}

const HISTOGRAM_NAMES = Object.keys(DEFAULT_HISTOGRAM_TRACKER_OPTIONS);
const ROBUST_NAMES = Object.keys(DEFAULT_ROBUST_TRACKER_OPTIONS);
const OPTION_NAMES = new Set(['method', ...HISTOGRAM_NAMES, ...ROBUST_NAMES]);

/** The option names `createTracker()` reads for `method` (besides `method` itself). */
export function trackerOptionNames(method: TrackerMethod): readonly string[] {
  return method === 'robust' ? ROBUST_NAMES : HISTOGRAM_NAMES;
}

/** The options among `options` that `createTracker()` gives a tracker of `method` (the others belong to other methods). */
export function trackerOptionsFor(options: TrackerOptions, method: TrackerMethod): Record<string, unknown> {
  return pick(options, trackerOptionNames(method));
}

/** The options among `names` that `options` sets (to something other than undefined). */
function pick(options: TrackerOptions, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) {
    const v = (options as Record<string, unknown>)[name];
    if (v !== undefined) picked[name] = v;
  }
  return picked;
}

/**
 * Creates a tracker. `'camshift'` and `'meanshift'` are the OpenCV sample's recipe
 * (hue histogram back projection, then cv::CamShift or cv::meanShift); `'robust'` (the
 * default) is `RobustTracker`: mean shift to the mode of a correlation filter's response
 * fused with a colour likelihood, over three scales, with loss detection and re-detection.
 *
 * An option left `undefined` takes its default; a name that is no option of any tracker
 * throws a TypeError naming the nearest one. Options of the other methods are ignored.
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
  checkOptionNames('createTracker', options, OPTION_NAMES);
  const method = options.method ?? 'robust';
  if (!METHODS.includes(method)) {
    throw new RangeError(`method must be one of ${METHODS.map((m) => `'${m}'`).join(', ')}, got '${String(method)}'`);
  }
  switch (method) {
    case 'camshift':
    case 'meanshift':
      return new HistogramTracker(method, trackerOptionsFor(options, method));
    default:
      return new RobustTracker(trackerOptionsFor(options, method));
  }
}
