import { cvRound } from '../image/round.js';
import type { ProbabilityImage, Rect } from '../image/types.js';
import { resolveCriteria, type TermCriteria } from './criteria.js';
import { MapMomentSource, type MomentSource } from './moment-source.js';

/** What `meanShiftWindow` returns. */
export interface MeanShiftWindowResult {
  /** The window where mean shift stopped (integer pixels, inside the map). */
  window: Rect;
  /** OpenCV's return value: the index of the iteration that stopped (0 when the first one did). */
  iterations: number;
  /** True when the last move was shorter than epsilon; false at maxIterations or zero mass. */
  converged: boolean;
  /** Total weight (m00) under the returned window; 0 means nothing to follow. */
  mass: number;
}

/** A mutable integer rectangle, reused across frames by the trackers. */
export interface IntRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The outcome of the core loop, written into a caller's object. */
export interface MeanShiftState {
  iterations: number;
  converged: boolean;
  mass: number;
}

/** Checks a window and converts it to integers (OpenCV's cv::Rect). */
export function toIntWindow(window: Rect, what = 'window'): IntRect {
  if (window == null || typeof window !== 'object') throw new TypeError(`${what} must be a Rect { x, y, width, height }, got ${String(window)}`);
  const { x, y, width, height } = window;
  if (![x, y, width, height].every(Number.isFinite)) {
    throw new RangeError(`${what} must have finite x, y, width and height, got ${x}, ${y}, ${width}, ${height}`);
  }
  const w = cvRound(width), h = cvRound(height);
  if (w <= 0 || h <= 0) throw new RangeError(`${what} must have a positive size, got ${width}x${height}`);
  return { x: cvRound(x), y: cvRound(y), width: w, height: h };
}

/** OpenCV's `r &= Rect(0, 0, W, H)`: an empty intersection becomes Rect(0, 0, 0, 0). */
function intersectFrame(r: IntRect, W: number, H: number): void {
  const x1 = Math.max(r.x, 0), y1 = Math.max(r.y, 0);
  const w = Math.min(r.x + r.width, W) - x1;
  const h = Math.min(r.y + r.height, H) - y1;
  if (w <= 0 || h <= 0) {
    r.x = r.y = r.width = r.height = 0;
  } else {
    r.x = x1;
    r.y = y1;
    r.width = w;
    r.height = h;
  }
}

/**
 * The core of cv::meanShift on any moment source, moving `win` in place. `m` is scratch
 * space of 6 doubles. Allocates nothing.
 */
export function meanShiftInPlace(
  src: MomentSource,
  win: IntRect,
  maxIterations: number,
  epsilon: number,
  m: Float64Array,
  state: MeanShiftState,
): MeanShiftState {
  const W = src.width, H = src.height;
  // OpenCV keeps the clipped input window's size for the centre offset.
  const cx0 = win.x, cy0 = win.y, cw0 = win.width, ch0 = win.height;
  const clipX1 = Math.max(cx0, 0), clipY1 = Math.max(cy0, 0);
  let halfW = Math.min(cx0 + cw0, W) - clipX1;
  let halfH = Math.min(cy0 + ch0, H) - clipY1;
  if (halfW <= 0 || halfH <= 0) halfW = halfH = 0;
  halfW *= 0.5;
  halfH *= 0.5;
  const eps = cvRound(epsilon * epsilon);
  let i = 0;
  let converged = false;
  let mass = 0;
  let movedSinceMass = false;
  for (; i < maxIterations; i++) {
    intersectFrame(win, W, H);
    if (win.width === 0 && win.height === 0 && win.x === 0 && win.y === 0) {
      win.x = W >> 1;
      win.y = H >> 1;
    }
    if (win.width < 1) win.width = 1;
    if (win.height < 1) win.height = 1;
    src.moments(win.x, win.y, win.width, win.height, 1, m);
    mass = m[0];
    movedSinceMass = false;
    if (Math.abs(mass) < Number.EPSILON) break;
    let dx = cvRound(m[1] / mass - halfW);
    let dy = cvRound(m[2] / mass - halfH);
    const nx = Math.min(Math.max(win.x + dx, 0), W - win.width);
    const ny = Math.min(Math.max(win.y + dy, 0), H - win.height);
    dx = nx - win.x;
    dy = ny - win.y;
    win.x = nx;
    win.y = ny;
    if (dx !== 0 || dy !== 0) movedSinceMass = true;
    if (dx * dx + dy * dy < eps) {
      converged = true;
      break;
    }
  }
  if (movedSinceMass) mass = src.moments(win.x, win.y, win.width, win.height, 1, m)[0];
  state.iterations = i;
  state.converged = converged;
  state.mass = mass;
  return state;
}

/**
 * Moves `window` to the local mode of `prob` by mean shift, with the semantics of OpenCV's
 * `cv::meanShift` (modules/video/src/camshift.cpp): the window is clipped to the map, moves
 * by whole pixels to the centre of mass, stays inside the map, and stops after
 * `criteria.maxIterations` moves or when a move is shorter than `criteria.epsilon`.
 * A window without mass does not move and reports `mass: 0`.
 */
export function meanShiftWindow(prob: ProbabilityImage, window: Rect, criteria?: TermCriteria): MeanShiftWindowResult {
  const src = new MapMomentSource(prob);
  const win = toIntWindow(window);
  const { maxIterations, epsilon } = resolveCriteria(criteria);
  const state = meanShiftInPlace(src, win, maxIterations, epsilon, new Float64Array(6), { iterations: 0, converged: false, mass: 0 });
  return { window: win, iterations: state.iterations, converged: state.converged, mass: state.mass };
}
