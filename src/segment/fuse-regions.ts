/**
 * Region fusion after mean-shift filtering (EDISON's Connect, TransitiveClosure and Prune):
 * 1. 8-connected components of pixels whose modes are within the colour radius of the
 *    component's seed mode;
 * 2. adjacent regions whose mean modes are within the colour radius are fused, repeatedly;
 * 3. regions smaller than minRegionSize join the adjacent region with the closest mean mode.
 * Works on modes in the working colour space: RGB bytes or Luv floats, 3 a pixel, or one
 * Int32 a pixel holding three 10-bit fields (the packed Luv modes of filterModes; the colour
 * radius is then in the same scaled units). Memory: the labels, a queue of about the
 * image's perimeter, and ~50 bytes per initial region.
 */

export interface FuseResult {
  /** Region label of every pixel, 0..regionCount-1 in raster order of first appearance. */
  labels: Int32Array;
  regionCount: number;
}

function find(parent: Int32Array, a: number): number {
  let r = a;
  while (parent[r] !== r) r = parent[r];
  while (parent[a] !== r) {
    const next = parent[a];
    parent[a] = r;
    a = next;
  }
  return r;
}

/**
 * Fuses filtered pixels into regions. `modes` holds 3 values a pixel; `colorRadius` is in
 * the same units; `minRegionSize` 0 or 1 keeps every region.
 */
export function fuseRegions(
  modes: Float32Array | Uint8Array | Int32Array,
  width: number,
  height: number,
  colorRadius: number,
  minRegionSize: number,
): FuseResult {
  const n = width * height;
  const hr2 = colorRadius * colorRadius;
  const packed = modes instanceof Int32Array;
  const ch0 = packed ? (q: number): number => modes[q] & 1023 : (q: number): number => modes[q * 3];
  const ch1 = packed ? (q: number): number => (modes[q] >> 10) & 1023 : (q: number): number => modes[q * 3 + 1];
  const ch2 = packed ? (q: number): number => modes[q] >> 20 : (q: number): number => modes[q * 3 + 2];
  const labels = new Int32Array(n).fill(-1);
  // a ring queue (breadth first: the frontier stays near the region's perimeter), grown as needed
  let queue = new Int32Array(Math.min(n, 8 * (width + height) + 64));
  let count = 0;
  // 1. connected components grown from a seed, 8-neighbours within hr of the seed's mode
  for (let seed = 0; seed < n; seed++) {
    if (labels[seed] >= 0) continue;
    const l = count++;
    const m0 = ch0(seed), m1 = ch1(seed), m2 = ch2(seed);
    labels[seed] = l;
    let head = 0;
    let size = 1;
    queue[0] = seed;
    while (size > 0) {
      const q = queue[head];
      head = head + 1 === queue.length ? 0 : head + 1;
      size--;
      const qy = (q / width) | 0;
      const qx = q - qy * width;
      for (let dy = -1; dy <= 1; dy++) {
        const y = qy + dy;
        if (y < 0 || y >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const x = qx + dx;
          if (x < 0 || x >= width) continue;
          const r = y * width + x;
          if (labels[r] >= 0) continue;
          const e0 = ch0(r) - m0, e1 = ch1(r) - m1, e2 = ch2(r) - m2;
          if (e0 * e0 + e1 * e1 + e2 * e2 <= hr2) {
            labels[r] = l;
            if (size === queue.length) {
              // full: unroll the ring into one twice as long
              const bigger = new Int32Array(Math.min(n, queue.length * 2));
              for (let i = 0; i < size; i++) bigger[i] = queue[(head + i) % queue.length];
              queue = bigger;
              head = 0;
            }
            queue[(head + size) % queue.length] = r;
            size++;
          }
        }
      }
    }
  }
  // per-region sums of modes and sizes
  const parent = new Int32Array(count);
  for (let k = 0; k < count; k++) parent[k] = k;
  const size = new Float64Array(count);
  const sum = new Float64Array(count * 3);
  for (let q = 0; q < n; q++) {
    const l = labels[q];
    size[l]++;
    sum[l * 3] += ch0(q);
    sum[l * 3 + 1] += ch1(q);
    sum[l * 3 + 2] += ch2(q);
  }
  const union = (a: number, b: number): void => {
    // b joins a
    parent[b] = a;
    size[a] += size[b];
    sum[a * 3] += sum[b * 3];
    sum[a * 3 + 1] += sum[b * 3 + 1];
    sum[a * 3 + 2] += sum[b * 3 + 2];
  };
  const dist2 = (a: number, b: number): number => {
    const e0 = sum[a * 3] / size[a] - sum[b * 3] / size[b];
    const e1 = sum[a * 3 + 1] / size[a] - sum[b * 3 + 1] / size[b];
    const e2 = sum[a * 3 + 2] / size[a] - sum[b * 3 + 2] / size[b];
    return e0 * e0 + e1 * e1 + e2 * e2;
  };
  // 2. transitive closure over adjacent regions (4-neighbour adjacency), a few passes
  for (let pass = 0; pass < 5; pass++) {
    let merged = 0;
    for (let q = 0; q < n; q++) {
      const x = q % width;
      for (let k = 0; k < 2; k++) {
        if (k === 0 ? x + 1 >= width : q + width >= n) continue;
        const a = find(parent, labels[q]);
        const b = find(parent, labels[k === 0 ? q + 1 : q + width]);
        if (a !== b && dist2(a, b) <= hr2) {
          if (size[a] >= size[b]) union(a, b);
          else union(b, a);
          merged++;
        }
      }
    }
    if (merged === 0) break;
  }
  // 3. prune small regions into the most similar neighbour, until none is left small
  if (minRegionSize > 1) {
    const best = new Int32Array(count);
    const bestD = new Float64Array(count);
    for (;;) {
      best.fill(-1);
      bestD.fill(Infinity);
      let small = 0;
      for (let q = 0; q < n; q++) {
        const x = q % width;
        for (let k = 0; k < 2; k++) {
          if (k === 0 ? x + 1 >= width : q + width >= n) continue;
          const a = find(parent, labels[q]);
          const b = find(parent, labels[k === 0 ? q + 1 : q + width]);
          if (a === b) continue;
          const aSmall = size[a] < minRegionSize;
          const bSmall = size[b] < minRegionSize;
          if (!aSmall && !bSmall) continue;
          const d2 = dist2(a, b);
          if (aSmall && (d2 < bestD[a] || (d2 === bestD[a] && b < best[a]))) {
            bestD[a] = d2;
            best[a] = b;
          }
          if (bSmall && (d2 < bestD[b] || (d2 === bestD[b] && a < best[b]))) {
            bestD[b] = d2;
            best[b] = a;
          }
        }
      }
      for (let r = 0; r < count; r++) {
        if (parent[r] !== r || best[r] < 0 || size[r] >= minRegionSize) continue;
        const a = find(parent, best[r]);
        const b = find(parent, r);
        if (a === b) continue;
        if (size[a] >= size[b]) union(a, b);
        else union(b, a);
        small++;
      }
      if (small === 0) break;
    }
  }
  // final labels, 0.. in raster order
  const remap = new Int32Array(count).fill(-1);
  let regionCount = 0;
  for (let q = 0; q < n; q++) {
    const r = find(parent, labels[q]);
    if (remap[r] < 0) remap[r] = regionCount++;
    labels[q] = remap[r];
  }
  return { labels, regionCount };
}
