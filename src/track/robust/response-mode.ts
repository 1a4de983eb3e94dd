/**
 * Mean shift on a response map: from (x, y) (displacements in cells, the map stored with
 * wrapped indices as the correlation filter's), each step moves to the mean of the 3×3
 * neighbourhood weighted by the response above its minimum, until it moves less than 0.05
 * cell. Returns the iterations; the mode is written to `out`.
 */
export function responseMode(map: Float64Array, cells: number, x: number, y: number, out: { x: number; y: number }, maxIterations = 5): number {
  const G = cells;
  let mx = x, my = y, iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    iterations++;
    const ix = Math.round(mx), iy = Math.round(my);
    let lo = Infinity;
    for (let dy = -1; dy <= 1; dy++) {
      const row = ((((iy + dy) % G) + G) % G) * G;
      for (let dx = -1; dx <= 1; dx++) {
        const v = map[row + ((((ix + dx) % G) + G) % G)];
        if (v < lo) lo = v;
      }
    }
    let sw = 0, sx = 0, sy = 0;
    for (let dy = -1; dy <= 1; dy++) {
      const row = ((((iy + dy) % G) + G) % G) * G;
      for (let dx = -1; dx <= 1; dx++) {
        const w = map[row + ((((ix + dx) % G) + G) % G)] - lo;
        sw += w;
        sx += w * (ix + dx);
        sy += w * (iy + dy);
      }
    }
    if (!(sw > 0)) break;
    const nx = sx / sw, ny = sy / sw;
    const moved = Math.abs(nx - mx) + Math.abs(ny - my);
    mx = nx;
    my = ny;
    if (moved < 0.05) break;
  }
  out.x = mx;
  out.y = my;
  return iterations;
}

/**
 * The peak of a response map nearest its centre: from displacement (0, 0), each step moves to
 * the highest of the 3×3 neighbours (within |dx| ≤ rx, |dy| ≤ ry) while one is higher, as a
 * mode seeker started where the target was. Writes the peak, in cells, to `out`.
 */
export function nearestPeak(map: Float64Array, cells: number, rx: number, ry: number, out: { x: number; y: number }): void {
  const G = cells;
  let x = 0, y = 0;
  for (;;) {
    let bx = x, by = y, bv = map[((y + G) % G) * G + ((x + G) % G)];
    for (let dy = -1; dy <= 1; dy++) {
      const ny = y + dy;
      if (ny < -ry || ny > ry) continue;
      const row = ((ny + G) % G) * G;
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        if (nx < -rx || nx > rx) continue;
        const v = map[row + ((nx + G) % G)];
        if (v > bv) {
          bv = v;
          bx = nx;
          by = ny;
        }
      }
    }
    if (bx === x && by === y) break;
    x = bx;
    y = by;
  }
  out.x = x;
  out.y = y;
}
