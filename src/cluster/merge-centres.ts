// Post-processing of converged seeds into cluster centres, as scikit-learn does it.

/**
 * The converged seeds (intensity > 0) become centres: exact duplicates count once (the
 * last seed's intensity wins, as in scikit-learn's dict); they are sorted by intensity,
 * then by coordinates, both descending; walking that order, a centre within `bandwidth` of
 * a kept one (squared distance ≤ bandwidth²) is dropped. Returns the centres row-major.
 */
export function mergeCentres(
  positions: Float64Array,
  intensity: Int32Array,
  nSeeds: number,
  d: number,
  bandwidth: number,
): Float64Array {
  const order: number[] = [];
  for (let s = 0; s < nSeeds; s++) if (intensity[s] > 0) order.push(s);
  if (order.length === 0) {
    // scikit-learn's words (its %f format)
    throw new RangeError(
      `No point was within bandwidth=${bandwidth.toFixed(6)} of any seed. Try a different seeding strategy or increase the bandwidth.`,
    );
  }
  const byCoords = (a: number, b: number): number => {
    for (let j = 0; j < d; j++) {
      const x = positions[a * d + j];
      const y = positions[b * d + j];
      if (x !== y) return y - x;
    }
    return 0;
  };
  // Coordinates descending, later seeds first among equal ones; keep the first of each run.
  order.sort((a, b) => byCoords(a, b) || b - a);
  const unique: number[] = [];
  for (let i = 0; i < order.length; i++) {
    if (i === 0 || byCoords(order[i - 1], order[i]) !== 0) unique.push(order[i]);
  }
  // Stable sort: intensity descending, coordinates descending among equal intensities.
  unique.sort((a, b) => intensity[b] - intensity[a]);
  const h2 = bandwidth * bandwidth;
  const kept: number[] = [];
  for (const s of unique) {
    let near = false;
    for (const k of kept) {
      let dd = 0;
      for (let j = 0; j < d; j++) {
        const t = positions[s * d + j] - positions[k * d + j];
        dd += t * t;
      }
      if (dd <= h2) {
        near = true;
        break;
      }
    }
    if (!near) kept.push(s);
  }
  const centres = new Float64Array(kept.length * d);
  kept.forEach((s, i) => centres.set(positions.subarray(s * d, s * d + d), i * d));
  return centres;
}

/**
 * Index of the nearest centre of every point (the lower index on ties); with `maxDistance`,
 * -1 for points farther than it.
 */
export function nearestCentres(
  data: Float64Array,
  n: number,
  centres: Float64Array,
  d: number,
  maxDistance = Infinity,
): number[] {
  const k = centres.length / d;
  const labels: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let label = 0;
    for (let c = 0; c < k; c++) {
      let dd = 0;
      for (let j = 0; j < d; j++) {
        const t = data[i * d + j] - centres[c * d + j];
        dd += t * t;
      }
      if (dd < best) {
        best = dd;
        label = c;
      }
    }
    labels[i] = Math.sqrt(best) <= maxDistance ? label : -1;
  }
  return labels;
}
