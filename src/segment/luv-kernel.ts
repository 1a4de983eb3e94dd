/**
 * The floating-point mean-shift filter kernel used for colorSpace 'luv' (EDISON's choice):
 * the same window rules as the exact RGB kernel (square spatial window of half-size hs
 * clipped to the image, a colour ball of radius hr, at most maxIterations steps, stop when
 * |dx| + |dy| + |dc|² ≤ epsilon or when the window does not move) but with unrounded means,
 * on CIE Luv colours.
 */

export interface LuvKernelParams {
  spatialRadius: number;
  colorRadius: number;
  maxIterations: number;
  epsilon: number;
}

/**
 * Filters rows [rowStart, rowEnd) of packed Luv `src` (`width` x `rows`), writing the modes
 * (packed Luv) into `dst` from its first row. `rowOffset` is the image row of `src`'s first row.
 */
export function filterLuvRows(
  src: Float32Array,
  width: number,
  rows: number,
  p: LuvKernelParams,
  rowStart: number,
  rowEnd: number,
  dst: Float32Array,
  rowOffset = 0,
): void {
  const hs = p.spatialRadius;
  const hr2 = p.colorRadius * p.colorRadius;
  const maxIter = Math.max(1, Math.min(100, p.maxIterations | 0));
  const eps = Math.max(0, p.epsilon);
  const stride = width * 3;
  let d = 0;
  for (let i = rowStart; i < rowEnd; i++) {
    for (let j = 0; j < width; j++, d += 3) {
      const s = i * stride + j * 3;
      let c0 = src[s];
      let c1 = src[s + 1];
      let c2 = src[s + 2];
      let x0 = j;
      let y0 = i + rowOffset; // image coordinates
      for (let iter = 0; iter < maxIter; iter++) {
        let minx = Math.round(x0 - hs);
        let maxx = Math.round(x0 + hs);
        let miny = Math.round(y0 - hs) - rowOffset;
        let maxy = Math.round(y0 + hs) - rowOffset;
        if (minx < 0) minx = 0;
        if (maxx > width - 1) maxx = width - 1;
        if (miny < 0) miny = 0;
        if (maxy > rows - 1) maxy = rows - 1;
        let count = 0;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let sx = 0;
        let sy = 0;
        for (let y = miny; y <= maxy; y++) {
          let rowCount = 0;
          let ptr = y * stride + minx * 3;
          for (let x = minx; x <= maxx; x++, ptr += 3) {
            const t0 = src[ptr];
            const t1 = src[ptr + 1];
            const t2 = src[ptr + 2];
            const e0 = t0 - c0;
            const e1 = t1 - c1;
            const e2 = t2 - c2;
            if (e0 * e0 + e1 * e1 + e2 * e2 <= hr2) {
              s0 += t0;
              s1 += t1;
              s2 += t2;
              sx += x;
              rowCount++;
            }
          }
          count += rowCount;
          sy += y * rowCount;
        }
        if (count === 0) break;
        const x1 = sx / count;
        const y1 = sy / count + rowOffset;
        s0 /= count;
        s1 /= count;
        s2 /= count;
        const dx = x1 - x0;
        const dy = y1 - y0;
        const f0 = s0 - c0;
        const f1 = s1 - c1;
        const f2 = s2 - c2;
        const stop = (dx === 0 && dy === 0) || Math.abs(dx) + Math.abs(dy) + f0 * f0 + f1 * f1 + f2 * f2 <= eps;
        x0 = x1;
        y0 = y1;
        c0 = s0;
        c1 = s1;
        c2 = s2;
        if (stop) break;
      }
      dst[d] = c0;
      dst[d + 1] = c1;
      dst[d + 2] = c2;
    }
  }
}
