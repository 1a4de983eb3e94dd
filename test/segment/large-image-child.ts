// Child process of large-images.test.ts: generates a seeded photo-like image of N megapixels,
// segments it (default options, streaming over bands), checks the labels, compares the
// filtered image on a crop's interior with the untiled filter of that crop, and prints peak
// RSS. Usage: node --import tsx test/segment/large-image-child.ts MEGAPIXELS
import { filterModes } from '../../src/segment/filter.js';
import { segmentImage } from '../../src/segment/segment-image.js';
import { filterReach } from '../../src/segment/rgb-kernel.js';
import { resolveFilterOptions } from '../../src/segment/options.js';

const mp = Number(process.argv[2] ?? 4);
const width = Math.round(Math.sqrt(mp * 1e6 * 1.5));
const height = Math.ceil((mp * 1e6) / width);
const baselineRssMB = process.resourceUsage().maxRSS / 1024;

// seeded, photo-like: shaded blobs, stripes, a gradient sky, sensor noise (no allocation per pixel)
const data = new Uint8Array(width * height * 3);
let seed = 12345;
const rand = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) | 0;
  return (seed >>> 0) / 4294967296;
};
const blobs = Array.from({ length: 60 }, () => ({
  x: rand() * width, y: rand() * height, r: (0.02 + rand() * 0.12) * width,
  c: [rand() * 255, rand() * 255, rand() * 255],
}));
for (let y = 0; y < height; y++) {
  for (let x = 0; x < width; x++) {
    let r = 90 + (110 * y) / height, g = 140 + 40 * Math.sin(x / 97), b = 200 - (80 * y) / height;
    for (const k of blobs) {
      const dx = x - k.x, dy = y - k.y;
      if (dx * dx + dy * dy < k.r * k.r) {
        const shade = 0.75 + (0.25 * dy) / k.r;
        r = k.c[0] * shade; g = k.c[1] * shade; b = k.c[2] * shade;
      }
    }
    if (((x >> 5) + (y >> 6)) % 7 === 0) { r *= 0.6; g *= 0.6; b *= 0.6; }
    const n = (rand() - 0.5) * 12;
    const o = (y * width + x) * 3;
    data[o] = Math.max(0, Math.min(255, r + n));
    data[o + 1] = Math.max(0, Math.min(255, g + n));
    data[o + 2] = Math.max(0, Math.min(255, b + n));
  }
}
const image = { data, width, height, channels: 3 as const };
const t0 = performance.now();
const result = segmentImage(image);
const seconds = (performance.now() - t0) / 1000;
let labelsOk = result.labels.length === width * height;
for (let q = 0; q < result.labels.length && labelsOk; q++) labelsOk = result.labels[q] >= 0 && result.labels[q] < result.regionCount;

// the crop, filtered untiled, against the streamed result away from the crop's cut edges
const cw = Math.min(480, width), ch = Math.min(360, height);
// the top-left crop: OpenCV's semantics are those of image coordinates (ties of the rounded
// window means, computed as sum * (1 / count), can fall differently at other offsets)
const cx = 0, cy = 0;
const crop = new Uint8Array(cw * ch * 3);
for (let y = 0; y < ch; y++) crop.set(data.subarray(((cy + y) * width + cx) * 3, ((cy + y) * width + cx + cw) * 3), y * cw * 3);
const cropOut = filterModes({ data: crop, width: cw, height: ch, channels: 3 }).rgb;
const o = resolveFilterOptions({});
const m = filterReach(o.spatialRadius, o.maxIterations) + 1;
let cropDiffering = 0;
let cropPixels = 0;
for (let y = 0; y < ch - m; y++) {
  for (let x = 0; x < cw - m; x++) {
    cropPixels++;
    const a = (y * cw + x) * 3, b = ((cy + y) * width + cx + x) * 3;
    const f = result.filtered.data;
    if (cropOut[a] !== f[b] || cropOut[a + 1] !== f[b + 1] || cropOut[a + 2] !== f[b + 2]) cropDiffering++;
  }
}
const maxRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ width, height, regionCount: result.regionCount, labelsOk, cropDiffering, cropPixels, maxRssMB, baselineRssMB, seconds }));
