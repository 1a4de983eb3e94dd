import { cvRound } from '../image/round.js';
import type { ProbabilityImage, Rect, RotatedRect } from '../image/types.js';
import { resolveCriteria, type TermCriteria } from './criteria.js';
import { meanShiftInPlace, toIntWindow, type IntRect, type MeanShiftState, type MeanShiftWindowResult } from './mean-shift-window.js';
import { MapMomentSource, type MomentSource } from './moment-source.js';

/** What `camShift` returns: the mean-shift result plus the oriented box. */
export interface CamShiftResult extends MeanShiftWindowResult {
  /** The target's rotated box (angle in radians, in [0, π)); all zeros when there is no mass. */
  box: RotatedRect;
}

const TOLERANCE = 10;

/**
 * The core of cv::CamShift on any moment source: mean shift, then the window grown by 10 px
 * a side, its second moments giving the box's size and orientation, and the new window the
 * box's bounding window. Writes the window into `win` and the box into `box`; `state.mass`
 * is the mass under the grown window. `m` is scratch space of 6 doubles. Allocates nothing.
 */
export function camShiftInPlace(
  src: MomentSource,
  win: IntRect,
  maxIterations: number,
  epsilon: number,
  m: Float64Array,
  state: MeanShiftState,
  box: RotatedRect,
): void {
  const W = src.width, H = src.height;
  meanShiftInPlace(src, win, maxIterations, epsilon, m, state);

  win.x -= TOLERANCE;
  if (win.x < 0) win.x = 0;
  win.y -= TOLERANCE;
  if (win.y < 0) win.y = 0;
  win.width += 2 * TOLERANCE;
  if (win.x + win.width > W) win.width = W - win.x;
  win.height += 2 * TOLERANCE;
  if (win.y + win.height > H) win.height = H - win.y;

  src.moments(win.x, win.y, win.width, win.height, 2, m);
  const m00 = m[0], m10 = m[1], m01 = m[2];
  state.mass = m00;
  if (Math.abs(m00) < Number.EPSILON) {
    box.cx = box.cy = box.width = box.height = box.angle = 0;
    return;
  }
  const inv = 1 / m00;
  // central moments as OpenCV's completeMomentState computes them
  const cxr = m10 * inv, cyr = m01 * inv;
  const mu20 = m[3] - m10 * cxr;
  const mu11 = m[4] - m10 * cyr;
  const mu02 = m[5] - m01 * cyr;

  const xc = cvRound(m10 * inv + win.x);
  const yc = cvRound(m01 * inv + win.y);
  const a = mu20 * inv, b = mu11 * inv, c = mu02 * inv;
  const square = Math.sqrt(4 * b * b + (a - c) * (a - c));
  let theta = Math.atan2(2 * b, a - c + square);
  let cs = Math.cos(theta);
  let sn = Math.sin(theta);
  let rotateA = cs * cs * mu20 + 2 * cs * sn * mu11 + sn * sn * mu02;
  let rotateC = sn * sn * mu20 - 2 * cs * sn * mu11 + cs * cs * mu02;
  if (rotateA < 0) rotateA = 0;
  if (rotateC < 0) rotateC = 0;
  let length = Math.sqrt(rotateA * inv) * 4;
  let width = Math.sqrt(rotateC * inv) * 4;
  if (length < width) {
    const t = length;
    length = width;
    width = t;
    const u = cs;
    cs = sn;
    sn = u;
    theta = Math.PI * 0.5 - theta;
  }

  let t0 = cvRound(Math.abs(length * cs));
  let t1 = cvRound(Math.abs(width * sn));
  t0 = Math.max(t0, t1) + 2;
  win.width = Math.min(t0, (W - xc) * 2);
  t0 = cvRound(Math.abs(length * sn));
  t1 = cvRound(Math.abs(width * cs));
  t0 = Math.max(t0, t1) + 2;
  win.height = Math.min(t0, (H - yc) * 2);
  // C++ integer division truncates toward zero
  win.x = Math.max(0, xc - Math.trunc(win.width / 2));
  win.y = Math.max(0, yc - Math.trunc(win.height / 2));
  win.width = Math.min(W - win.x, win.width);
  win.height = Math.min(H - win.y, win.height);

  // OpenCV stores the box in single precision, the angle in degrees folded into [0, 180)
  let deg = Math.fround(((Math.PI * 0.5 + theta) * 180) / Math.PI);
  while (deg < 0) deg = Math.fround(deg + 360);
  while (deg >= 360) deg = Math.fround(deg - 360);
  if (deg >= 180) deg = Math.fround(deg - 180);
  box.width = Math.fround(width);
  box.height = Math.fround(length);
  box.angle = (deg * Math.PI) / 180;
  box.cx = Math.fround(win.x + win.width * 0.5);
  box.cy = Math.fround(win.y + win.height * 0.5);
}

/**
 * CamShift with the semantics of OpenCV's `cv::CamShift`: mean shift to the mode, then the
 * box's size and orientation from the second moments of the window grown by 10 px a side.
 * The returned window is the box's bounding window (OpenCV's updated `window`), ready for
 * the next frame. Zero mass gives `mass: 0` and an all-zero box, never a silent empty box.
 */
export function camShift(prob: ProbabilityImage, window: Rect, criteria?: TermCriteria): CamShiftResult {
  const src = new MapMomentSource(prob);
  const win = toIntWindow(window);
  const { maxIterations, epsilon } = resolveCriteria(criteria);
  const state: MeanShiftState = { iterations: 0, converged: false, mass: 0 };
  const box: RotatedRect = { cx: 0, cy: 0, width: 0, height: 0, angle: 0 };
  camShiftInPlace(src, win, maxIterations, epsilon, new Float64Array(6), state, box);
  return { window: win, iterations: state.iterations, converged: state.converged, mass: state.mass, box };
}
