import type { TrackerMethod } from './types.js';

/** Every method `createTracker()` builds, the default first. */
export const TRACKER_METHODS: readonly TrackerMethod[] = Object.freeze(['robust', 'camshift', 'meanshift'] as const);

/** True when `value` names a tracking method (`TRACKER_METHODS`). */
export function isTrackerMethod(value: unknown): value is TrackerMethod {
  return typeof value === 'string' && (TRACKER_METHODS as readonly string[]).includes(value);
}
