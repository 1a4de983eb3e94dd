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
