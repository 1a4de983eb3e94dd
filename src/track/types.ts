import type { ImageLike, Rect, RotatedRect } from '../image/types.js';

/** Which tracking algorithm `createTracker()` builds. */
export type TrackerMethod = 'robust' | 'camshift' | 'meanshift';

/** Whether the tracker still holds its target. Losing it is a status, never an exception. */
export type TrackStatus = 'tracking' | 'lost';

/** What `tracker.track()` returns for each frame. */
export interface TrackResult {
  status: TrackStatus;
  /**
   * The axis-aligned box, in pixels of the frame. The robust tracker's is the target's size
   * about its centre, however the target is turned (its turn is in `rotatedBox`).
   */
  box: Rect;
  /**
   * The rotated box: CamShift's ellipse box; the robust tracker's box turned as the target is
   * (its `rotationStep`; angle 0 when it searches no turn); the axis-aligned box with angle 0
   * for mean shift.
   */
  rotatedBox: RotatedRect;
  /** Confidence in 0..1 (mean back-projection weight under the window, or similarity). */
  score: number;
  /** Mean-shift iterations spent on this frame. */
  iterations: number;
  /** The timestamp passed to `track()`, if any. */
  timestamp?: number;
}

/** A stateful single-object tracker, shaped like MediaPipe's vision tasks. */
export interface Tracker {
  readonly method: TrackerMethod;
  /** Learns the target from `target` in `frame`; may be called again at any time to restart. */
  init(frame: ImageLike, target: Rect): void;
  /** Finds the target in the next frame. Never throws because the target was lost. */
  track(frame: ImageLike, timestamp?: number): TrackResult;
  /** Forgets the target; `init()` must be called again before `track()`. */
  reset(): void;
  /** True between `init()` and `reset()`. */
  readonly initialized: boolean;
  /**
   * Optional: what the tracker sees, a frame-sized 0..255 map of its per-pixel evidence for the
   * last frame (the back projection for camshift/meanshift, the target likelihood for robust),
   * valid around the window; null before `init()`. Owned by the tracker and reused: read it
   * right after `track()`. `<modeseek-tracker show-probability>` draws it.
   */
  readonly probability?: Uint8Array | null;
  /** Optional: the region of `probability` written for the last frame (else: around the box). */
  readonly probabilityRect?: Rect | null;
}

/** A fresh TrackResult for a tracker to own and overwrite on every `track()` call. */
export function createTrackResult(): TrackResult {
  return {
    status: 'lost',
    box: { x: 0, y: 0, width: 0, height: 0 },
    rotatedBox: { cx: 0, cy: 0, width: 0, height: 0, angle: 0 },
    score: 0,
    iterations: 0,
    timestamp: undefined,
  };
}
