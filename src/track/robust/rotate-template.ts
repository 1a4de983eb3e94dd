/** A template's gray (0..255) and colour bins, `size` × `size` (as `PatchSampler` holds them). */
export interface Template {
  gray: Float32Array;
  bins: Uint16Array;
}

/**
 * How a template's pixel offsets from its centre map to the source template's when it is
 * turned by `degrees` (see `rotateTemplate`): source u = uu · du + uv · dv, v = vu · du + vv · dv.
 * Made on the JS side for the WebAssembly kernel too, so both turn by the same numbers.
 */
export interface TurnCoefficients {
  uu: number;
  uv: number;
  vu: number;
  vv: number;
}

/**
 * Fills `out` with the coefficients of a turn by `degrees` of a template standing for a window
 * of `sx` · size × `sy` · size frame pixels (the turn is done in frame proportions); returns it.
 */
export function turnCoefficients(sx: number, sy: number, degrees: number, out: TurnCoefficients): TurnCoefficients {
  const t = (degrees * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
  // template offsets → frame offsets (× sx, sy) → rotated → template offsets (÷ sx, sy)
  out.uu = c;
  out.uv = (-s * sy) / sx;
  out.vu = (s * sx) / sy;
  out.vv = c;
  return out;
}

const scratch: TurnCoefficients = { uu: 1, uv: 0, vu: 0, vv: 1 };

/**
 * Rotates a square template of a window about the window's centre, as if the window had been
 * sampled from a frame turned by `degrees` (positive: the content turns anticlockwise on
 * screen, y down). The template is `size` × `size` pixels standing for a window of
 * `sx` · size × `sy` · size frame pixels, so the rotation is done in frame proportions: a tall
 * window stays a tall window. Gray is bilinear, colour bins nearest; points that fall outside
 * take the nearest edge pixel (the correlation filter's cosine window hides the corners).
 * Allocates nothing. `RobustKernel.turn` does the same, bit for bit.
 */
export function rotateTemplate(src: Template, dst: Template, size: number, sx: number, sy: number, degrees: number): void {
  turnTemplate(src, dst, size, turnCoefficients(sx, sy, degrees, scratch));
}

/** `rotateTemplate` with its coefficients made (`turnCoefficients`). */
export function turnTemplate(src: Template, dst: Template, size: number, k: TurnCoefficients): void {
  const srcGray = src.gray, srcBins = src.bins, dstGray = dst.gray, dstBins = dst.bins;
  if (dstGray === srcGray || dstBins === srcBins) throw new RangeError('rotateTemplate needs separate source and destination arrays');
  const S = size, half = S / 2, { uu, uv, vu, vv } = k;
  for (let v = 0; v < S; v++) {
    const dv = v + 0.5 - half;
    for (let u = 0; u < S; u++) {
      const du = u + 0.5 - half;
      let fu = uu * du + uv * dv + half - 0.5, fv = vu * du + vv * dv + half - 0.5;
      fu = fu < 0 ? 0 : fu > S - 1 ? S - 1 : fu;
      fv = fv < 0 ? 0 : fv > S - 1 ? S - 1 : fv;
      const x0 = fu < S - 1 ? Math.floor(fu) : S - 2, y0 = fv < S - 1 ? Math.floor(fv) : S - 2;
      const ax = fu - x0, ay = fv - y0, i = y0 * S + x0;
      const top = srcGray[i] + ax * (srcGray[i + 1] - srcGray[i]);
      const bottom = srcGray[i + S] + ax * (srcGray[i + S + 1] - srcGray[i + S]);
      dstGray[v * S + u] = top + ay * (bottom - top);
      dstBins[v * S + u] = srcBins[Math.round(fv) * S + Math.round(fu)];
    }
  }
}
