import { HistogramTracker, type HistogramTrackerOptions } from './histogram-tracker.js';
import { RobustTracker } from './robust/robust-tracker.js';
import type { RobustTrackerOptions } from './robust/options.js';
import { TRACKER_METHODS as METHODS } from './methods.js';
import type { Tracker, TrackerMethod } from './types.js';

/** Options of `createTracker()`. */
export interface TrackerOptions extends HistogramTrackerOptions, RobustTrackerOptions {
  /** `'robust'` (default), `'camshift'` or `'meanshift'`. */
  method?: TrackerMethod;
}

/**
 * Creates a tracker. `'camshift'` and `'meanshift'` are the OpenCV sample's recipe
 * (hue histogram back projection, then cv::CamShift or cv::meanShift); `'robust'` (the
 * default) is `RobustTracker`: background-weighted, scale-adaptive mean shift with loss
 * detection and re-detection.
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
  const method = options.method ?? 'robust';
  if (!METHODS.includes(method)) {
    throw new RangeError(`method must be one of ${METHODS.map((m) => `'${m}'`).join(', ')}, got '${String(method)}'`);
  }
  switch (method) {
    case 'camshift':
    case 'meanshift':
      return new HistogramTracker(method, options);
    default:
      return new RobustTracker(options);
  }
}
