/**
 * cvRound: round to nearest, ties to even (what `lrint` and SSE2's cvtsd2si do under the
 * default rounding mode). OpenCV's integer results (window moves, histogram casts) depend on it.
 */
export function cvRound(v: number): number {
  const r = Math.round(v); // ties toward +Infinity
  // Correct exact ties that Math.round sent up to an odd integer.
  return r - v === 0.5 && (r & 1) !== 0 ? r - 1 : r;
}

/** saturate_cast<uchar>(v) for a double: cvRound, then clamp to 0..255. */
export function saturateU8(v: number): number {
  const r = cvRound(v);
  return r < 0 ? 0 : r > 255 ? 255 : r;
}
