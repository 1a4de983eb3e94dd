/** A target's box by its centre and size, frame pixels (the robust tracker's parts pass it whole). */
export interface TargetBox {
  cx: number;
  cy: number;
  w: number;
  h: number;
}

/** A rectangle [x0, x1) × [y0, y1): of frame pixels, or of template pixels where a part says so. */
export interface Span {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
