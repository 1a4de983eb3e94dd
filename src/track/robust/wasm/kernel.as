// AssemblyScript source of the robust tracker's WebAssembly kernel (compiled by build.mjs into
// kernel-wasm.ts; the .as extension keeps it out of the TypeScript project). The same results,
// bit for bit, as the JS loops it stands in for: every f64 operation in the same order, no
// fused multiply-add (WebAssembly has none), tables (orientation bins, twiddles) made by the
// JS side and passed in, since this side's Math.cos need not round as the JS engine's does.
//
// hog: HogFeatures.compute (hog-features.ts): 9 unsigned orientations a cell from a lookup
//   table on the integer gradient, the cell's mean intensity, the opponent colours from RGB
//   colour bins (bins = 0: none), block normalisation with truncation at 0.2.
// turn: rotateTemplate (rotate-template.ts): a template turned about its centre.
// fft: Fft2d.forward / inverse (fft2d.ts) of a W × H grid on split re / im arrays: rows one at
//   a time (their first two stages as one radix-4 step), then every column at once, two
//   columns a vector (f64x2: each lane does the JS loop's operations on its own column).

export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

const NO: i32 = 9;

export function hog(gray: usize, bins: usize, lut: usize, out: usize, hist: usize, energy: usize, S: i32, cs: i32, scratch: usize): void {
  const G = S / cs;
  const n = G * G;
  // pass 1, two pixels a vector: each pixel's gradient magnitude and orientation bin
  const mags = scratch, bs = scratch + (<usize>(S * S) << 3);
  const half = f64x2.splat(255.5), w511 = i32x4.splat(511);
  for (let y = 0; y < S; y++) {
    const row = gray + (<usize>(y * S) << 2);
    const up = gray + (<usize>((y > 0 ? y - 1 : <i32>0) * S) << 2);
    const dn = gray + (<usize>((y < S - 1 ? y + 1 : S - 1) * S) << 2);
    const mo = mags + (<usize>(y * S) << 3), bo = bs + <usize>(y * S);
    gradient(row, up, dn, 0, 0, 1, mo, bo, lut);
    let x = 1;
    for (; x + 1 < S - 1; x += 2) {
      const xo = <usize>x << 2;
      const gx = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(row + xo + 4)), f64x2.promote_low_f32x4(v128.load64_zero(row + xo - 4)));
      const gy = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(dn + xo)), f64x2.promote_low_f32x4(v128.load64_zero(up + xo)));
      v128.store(mo + (<usize>x << 3), f64x2.sqrt(f64x2.add(f64x2.mul(gx, gx), f64x2.mul(gy, gy))));
      const idx = i32x4.add(i32x4.mul(i32x4.trunc_sat_f64x2_s_zero(f64x2.add(gy, half)), w511), i32x4.trunc_sat_f64x2_s_zero(f64x2.add(gx, half)));
      store<u8>(bo + <usize>x, load<u8>(lut + <usize>i32x4.extract_lane(idx, 0)));
      store<u8>(bo + <usize>x + 1, load<u8>(lut + <usize>i32x4.extract_lane(idx, 1)));
    }
    for (; x < S; x++) gradient(row, up, dn, x, x > 0 ? x - 1 : 0, x < S - 1 ? x + 1 : S - 1, mo, bo, lut);
  }
  // pass 2, in the JS loop's order: the cells' orientation histograms and intensity sums
  memory.fill(hist, 0, <usize>(n * NO) << 3);
  const inten = out + (<usize>(n * NO) << 3);
  memory.fill(inten, 0, <usize>n << 3);
  for (let y = 0; y < S; y++) {
    const row = gray + (<usize>(y * S) << 2);
    const mo = mags + (<usize>(y * S) << 3), bo = bs + <usize>(y * S);
    const cellRow = (y / cs) * G;
    let x = 0;
    for (let c = 0; c < G; c++) {
      const cellIndex = cellRow + c;
      const h0 = hist + (<usize>(cellIndex * NO) << 3);
      const ip = inten + (<usize>cellIndex << 3);
      let sum = load<f64>(ip);
      for (const e = x + cs; x < e; x++) {
        sum += <f64>load<f32>(row + (<usize>x << 2));
        // (the JS loop skips a magnitude of 0; adding +0 to a sum that starts at +0 changes no bit)
        const hp = h0 + (<usize>load<u8>(bo + <usize>x) << 3);
        store<f64>(hp, load<f64>(hp) + load<f64>(mo + (<usize>x << 3)));
      }
      store<f64>(ip, sum);
    }
  }
  opponents(bins, out, S, cs, G, n);
  // each cell's energy, two cells a vector (each lane sums its cell's bins in the JS order)
  for (let i = 0; i < n; i += 2) {
    let e = f64x2.splat(0);
    const o = hist + (<usize>(i * NO) << 3);
    for (let b = 0; b < NO; b++) {
      const h = f64x2.replace_lane(f64x2.splat(load<f64>(o + (<usize>b << 3))), 1, load<f64>(o + (<usize>(NO + b) << 3)));
      e = f64x2.add(e, f64x2.mul(h, h));
    }
    v128.store(energy + (<usize>i << 3), e);
  }
  const norm: f64 = 1 / <f64>(cs * cs * 255);
  for (let i = 0; i < n; i++) {
    const p = inten + (<usize>i << 3);
    store<f64>(p, load<f64>(p) * norm - 0.5);
  }
  for (let cy = 0; cy < G; cy++) {
    const ya = cy > 0 ? cy - 1 : 0;
    const yb = cy < G - 1 ? cy + 1 : G - 1;
    normalise(hist, energy, out, n, G, cy, ya, yb, 0);
    let cx = 1;
    for (; cx + 1 < G - 1; cx += 2) normalisePair(hist, energy, out, n, G, cy, ya, yb, cx);
    for (; cx < G; cx++) normalise(hist, energy, out, n, G, cy, ya, yb, cx);
  }
}

// one pixel's gradient (neighbours l and r in its row) as the JS loop computes it
@inline function gradient(row: usize, up: usize, dn: usize, x: i32, l: i32, r: i32, mo: usize, bo: usize, lut: usize): void {
  const gx = <f64>load<f32>(row + (<usize>r << 2)) - <f64>load<f32>(row + (<usize>l << 2));
  const gy = <f64>load<f32>(dn + (<usize>x << 2)) - <f64>load<f32>(up + (<usize>x << 2));
  store<f64>(mo + (<usize>x << 3), Math.sqrt(gx * gx + gy * gy));
  store<u8>(bo + <usize>x, load<u8>(lut + <usize>(<i32>(gy + 255.5) * 511 + <i32>(gx + 255.5))));
}

// cell (cx, cy) normalised by its four 2×2 blocks (rows ya, yb around it), truncated at 0.2, averaged
function normalise(hist: usize, energy: usize, out: usize, n: i32, G: i32, cy: i32, ya: i32, yb: i32, cx: i32): void {
  const xa = cx > 0 ? cx - 1 : 0;
  const xb = cx < G - 1 ? cx + 1 : G - 1;
  const c0 = cy * G + cx;
  const ec = e8(energy, c0), eyA = e8(energy, ya * G + cx), eyB = e8(energy, yb * G + cx);
  const exA = e8(energy, cy * G + xa), exB = e8(energy, cy * G + xb);
  const n1 = 1 / Math.sqrt(ec + eyA + exA + e8(energy, ya * G + xa) + 1e-4);
  const n2 = 1 / Math.sqrt(ec + eyA + exB + e8(energy, ya * G + xb) + 1e-4);
  const n3 = 1 / Math.sqrt(ec + eyB + exA + e8(energy, yb * G + xa) + 1e-4);
  const n4 = 1 / Math.sqrt(ec + eyB + exB + e8(energy, yb * G + xb) + 1e-4);
  const o = hist + (<usize>(c0 * NO) << 3);
  for (let b = 0; b < NO; b++) {
    const h = load<f64>(o + (<usize>b << 3));
    const v1 = h * n1, v2 = h * n2, v3 = h * n3, v4 = h * n4;
    store<f64>(out + (<usize>(b * n + c0) << 3), 0.5 * ((v1 < 0.2 ? v1 : 0.2) + (v2 < 0.2 ? v2 : 0.2) + (v3 < 0.2 ? v3 : 0.2) + (v4 < 0.2 ? v4 : 0.2)));
  }
}

// cells cx and cx + 1 of row cy (1 <= cx, cx + 2 <= G - 1: no clamping) as `normalise`, a lane each
function normalisePair(hist: usize, energy: usize, out: usize, n: i32, G: i32, cy: i32, ya: i32, yb: i32, cx: i32): void {
  const c0 = cy * G + cx, a = ya * G + cx, b2 = yb * G + cx;
  const ec = v8(energy, c0), eyA = v8(energy, a), eyB = v8(energy, b2);
  const exA = v8(energy, c0 - 1), exB = v8(energy, c0 + 1);
  const one = f64x2.splat(1), eps = f64x2.splat(1e-4), cap = f64x2.splat(0.2), half = f64x2.splat(0.5);
  const n1 = f64x2.div(one, f64x2.sqrt(f64x2.add(f64x2.add(f64x2.add(f64x2.add(ec, eyA), exA), v8(energy, a - 1)), eps)));
  const n2 = f64x2.div(one, f64x2.sqrt(f64x2.add(f64x2.add(f64x2.add(f64x2.add(ec, eyA), exB), v8(energy, a + 1)), eps)));
  const n3 = f64x2.div(one, f64x2.sqrt(f64x2.add(f64x2.add(f64x2.add(f64x2.add(ec, eyB), exA), v8(energy, b2 - 1)), eps)));
  const n4 = f64x2.div(one, f64x2.sqrt(f64x2.add(f64x2.add(f64x2.add(f64x2.add(ec, eyB), exB), v8(energy, b2 + 1)), eps)));
  const o = hist + (<usize>(c0 * NO) << 3);
  for (let b = 0; b < NO; b++) {
    const h = f64x2.replace_lane(f64x2.splat(load<f64>(o + (<usize>b << 3))), 1, load<f64>(o + (<usize>(NO + b) << 3)));
    // pmin(0.2, v) = v < 0.2 ? v : 0.2, as the JS loop truncates
    const s = f64x2.add(f64x2.add(f64x2.add(f64x2.pmin(cap, f64x2.mul(h, n1)), f64x2.pmin(cap, f64x2.mul(h, n2))), f64x2.pmin(cap, f64x2.mul(h, n3))), f64x2.pmin(cap, f64x2.mul(h, n4)));
    v128.store(out + (<usize>(b * n + c0) << 3), f64x2.mul(half, s));
  }
}

@inline function v8(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 3));
}

@inline function e8(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

function opponents(bins: usize, out: usize, S: i32, cs: i32, G: i32, n: i32): void {
  const o1 = out + (<usize>((NO + 1) * n) << 3);
  const o2 = o1 + (<usize>n << 3);
  memory.fill(o1, 0, <usize>(2 * n) << 3);
  if (bins == 0) return;
  if (cs == 4 && (S & 7) == 0) {
    // two cells (8 pixels) a vector; the sums are integers, exact in any order, as in the JS loop's f64
    const k1: f64 = 1 / <f64>(31 * cs * cs), k2: f64 = 1 / <f64>(62 * cs * cs);
    const m31 = i16x8.splat(31);
    for (let cy = 0; cy < G; cy++) {
      for (let j = 0; j < (G >> 1); j++) {
        let a1 = i32x4.splat(0), a2 = i32x4.splat(0);
        for (let r = 0; r < 4; r++) {
          const v = v128.load(bins + (<usize>((cy * 4 + r) * S + j * 8) << 1));
          const red = i16x8.shr_u(v, 10), green = v128.and(i16x8.shr_u(v, 5), m31), blue = v128.and(v, m31);
          a1 = i32x4.add(a1, i32x4.extadd_pairwise_i16x8_s(i16x8.sub(red, green)));
          a2 = i32x4.add(a2, i32x4.extadd_pairwise_i16x8_s(i16x8.sub(i16x8.add(red, green), i16x8.shl(blue, 1))));
        }
        const c = cy * G + 2 * j;
        st(o1, c, <f64>(i32x4.extract_lane(a1, 0) + i32x4.extract_lane(a1, 1)) * k1);
        st(o1, c + 1, <f64>(i32x4.extract_lane(a1, 2) + i32x4.extract_lane(a1, 3)) * k1);
        st(o2, c, <f64>(i32x4.extract_lane(a2, 0) + i32x4.extract_lane(a2, 1)) * k2);
        st(o2, c + 1, <f64>(i32x4.extract_lane(a2, 2) + i32x4.extract_lane(a2, 3)) * k2);
      }
    }
    return;
  }
  for (let y = 0; y < S; y++) {
    const row = bins + (<usize>(y * S) << 1);
    const cellRow = (y / cs) * G;
    let x = 0;
    for (let c = 0; c < G; c++) {
      let s1: i32 = 0;
      let s2: i32 = 0;
      for (const e = x + cs; x < e; x++) {
        const b = <i32>load<u16>(row + (<usize>x << 1));
        const r = b >> 10, g = (b >> 5) & 31, bl = b & 31;
        s1 += r - g;
        s2 += r + g - 2 * bl;
      }
      const p1 = o1 + (<usize>(cellRow + c) << 3), p2 = o2 + (<usize>(cellRow + c) << 3);
      store<f64>(p1, load<f64>(p1) + <f64>s1);
      store<f64>(p2, load<f64>(p2) + <f64>s2);
    }
  }
  const k1: f64 = 1 / <f64>(31 * cs * cs), k2: f64 = 1 / <f64>(62 * cs * cs);
  for (let i = 0; i < n; i++) {
    const p1 = o1 + (<usize>i << 3), p2 = o2 + (<usize>i << 3);
    store<f64>(p1, load<f64>(p1) * k1);
    store<f64>(p2, load<f64>(p2) * k2);
  }
}

// tables: cosX, sinX (W/2 f64 each), cosY, sinY (H/2 each), revX (W i32), revY (H i32), one after
//   the other, then room for two rows interleaved (4 · W f64)
export function fft(re: usize, im: usize, W: i32, H: i32, tables: usize, sign: f64, scale: f64): void {
  const cosX = tables;
  const sinX = cosX + (<usize>(W >> 1) << 3);
  const cosY = sinX + (<usize>(W >> 1) << 3);
  const sinY = cosY + (<usize>(H >> 1) << 3);
  const revX = sinY + (<usize>(H >> 1) << 3);
  const revY = revX + (<usize>W << 2);
  const pair = revY + (<usize>H << 2);
  for (let y = 0; y < H; y += 2) rowPairFft(re + (<usize>(y * W) << 3), im + (<usize>(y * W) << 3), W, cosX, sinX, revX, sign, pair);
  columnFft(re, im, W, H, cosY, sinY, revY, sign);
  if (scale != 1) {
    const s = f64x2.splat(scale);
    const end = <usize>(W * H) << 3;
    for (let o: usize = 0; o < end; o += 16) {
      v128.store(re + o, f64x2.mul(v128.load(re + o), s));
      v128.store(im + o, f64x2.mul(v128.load(im + o), s));
    }
  }
}

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

// Two rows (re, im and the next n values of each) at once: interleaved into `pair` (element x of
//   both rows in one vector: re then im, 2n f64 each), rowFft's operations on both lanes, and
//   back: the operations of Fft2d's rowFft, in its order, so the same bits (its first two stages
//   fused into one radix-4 step, twiddles 1 and ∓i).
function rowPairFft(re: usize, im: usize, n: i32, cos: usize, sin: usize, rev: usize, sign: f64, pair: usize): void {
  const rowBytes = <usize>n << 3, pr = pair, pi = pair + (rowBytes << 1);
  for (let o: usize = 0; o < rowBytes; o += 16) {
    const a = v128.load(re + o), b = v128.load(re + rowBytes + o), c = v128.load(im + o), d = v128.load(im + rowBytes + o);
    v128.store(pr + (o << 1), v128.shuffle<i64>(a, b, 0, 2));
    v128.store(pr + (o << 1) + 16, v128.shuffle<i64>(a, b, 1, 3));
    v128.store(pi + (o << 1), v128.shuffle<i64>(c, d, 0, 2));
    v128.store(pi + (o << 1) + 16, v128.shuffle<i64>(c, d, 1, 3));
  }
  for (let i = 0; i < n; i++) {
    const j = load<i32>(rev + (<usize>i << 2));
    if (j > i) {
      const a = <usize>i << 4, b = <usize>j << 4;
      let t = v128.load(pr + a); v128.store(pr + a, v128.load(pr + b)); v128.store(pr + b, t);
      t = v128.load(pi + a); v128.store(pi + a, v128.load(pi + b)); v128.store(pi + b, t);
    }
  }
  const ms = f64x2.splat(-sign), ps = f64x2.splat(sign);
  for (let a: usize = 0; a < (<usize>n << 4); a += 64) {
    const r0 = v128.load(pr + a), i0 = v128.load(pi + a), r1 = v128.load(pr + a, 16), i1 = v128.load(pi + a, 16);
    const r2 = v128.load(pr + a, 32), i2 = v128.load(pi + a, 32), r3 = v128.load(pr + a, 48), i3 = v128.load(pi + a, 48);
    const s0r = f64x2.add(r0, r1), s0i = f64x2.add(i0, i1), d0r = f64x2.sub(r0, r1), d0i = f64x2.sub(i0, i1);
    const s1r = f64x2.add(r2, r3), s1i = f64x2.add(i2, i3);
    const tr = f64x2.mul(ms, f64x2.sub(i2, i3)), ti = f64x2.mul(ps, f64x2.sub(r2, r3));
    v128.store(pr + a, f64x2.add(s0r, s1r)); v128.store(pi + a, f64x2.add(s0i, s1i));
    v128.store(pr + a, f64x2.sub(s0r, s1r), 32); v128.store(pi + a, f64x2.sub(s0i, s1i), 32);
    v128.store(pr + a, f64x2.add(d0r, tr), 16); v128.store(pi + a, f64x2.add(d0i, ti), 16);
    v128.store(pr + a, f64x2.sub(d0r, tr), 48); v128.store(pi + a, f64x2.sub(d0i, ti), 48);
  }
  for (let size = 8; size <= n; size <<= 1) {
    const half = size >> 1, step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, t = 0; k < half; k++, t += step) {
        const wr = f64x2.splat(ld(cos, t)), wi = f64x2.splat(sign * ld(sin, t));
        const a = <usize>(start + k) << 4, b = a + (<usize>half << 4);
        const br = v128.load(pr + b), bi = v128.load(pi + b);
        const xr = f64x2.sub(f64x2.mul(br, wr), f64x2.mul(bi, wi));
        const xi = f64x2.add(f64x2.mul(br, wi), f64x2.mul(bi, wr));
        const ar = v128.load(pr + a), ai = v128.load(pi + a);
        v128.store(pr + b, f64x2.sub(ar, xr));
        v128.store(pi + b, f64x2.sub(ai, xi));
        v128.store(pr + a, f64x2.add(ar, xr));
        v128.store(pi + a, f64x2.add(ai, xi));
      }
    }
  }
  for (let o: usize = 0; o < rowBytes; o += 16) {
    const a = v128.load(pr + (o << 1)), b = v128.load(pr + (o << 1) + 16), c = v128.load(pi + (o << 1)), d = v128.load(pi + (o << 1) + 16);
    v128.store(re + o, v128.shuffle<i64>(a, b, 0, 2));
    v128.store(re + rowBytes + o, v128.shuffle<i64>(a, b, 1, 3));
    v128.store(im + o, v128.shuffle<i64>(c, d, 0, 2));
    v128.store(im + rowBytes + o, v128.shuffle<i64>(c, d, 1, 3));
  }
}

function columnFft(re: usize, im: usize, W: i32, n: i32, cos: usize, sin: usize, rev: usize, sign: f64): void {
  const rowBytes = <usize>W << 3;
  for (let i = 0; i < n; i++) {
    const j = load<i32>(rev + (<usize>i << 2));
    if (j > i) {
      const a = <usize>i * rowBytes, b = <usize>j * rowBytes;
      for (let o: usize = 0; o < rowBytes; o += 16) {
        let t = v128.load(re + a + o); v128.store(re + a + o, v128.load(re + b + o)); v128.store(re + b + o, t);
        t = v128.load(im + a + o); v128.store(im + a + o, v128.load(im + b + o)); v128.store(im + b + o, t);
      }
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1, step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, t = 0; k < half; k++, t += step) {
        const ra = <usize>(start + k) * rowBytes, rb = ra + <usize>half * rowBytes;
        if (t == 0) {
          for (let o: usize = 0; o < rowBytes; o += 16) {
            const xr = v128.load(re + rb + o), xi = v128.load(im + rb + o);
            const ar = v128.load(re + ra + o), ai = v128.load(im + ra + o);
            v128.store(re + rb + o, f64x2.sub(ar, xr));
            v128.store(im + rb + o, f64x2.sub(ai, xi));
            v128.store(re + ra + o, f64x2.add(ar, xr));
            v128.store(im + ra + o, f64x2.add(ai, xi));
          }
          continue;
        }
        const wr = f64x2.splat(ld(cos, t)), wi = f64x2.splat(sign * ld(sin, t));
        for (let o: usize = 0; o < rowBytes; o += 16) {
          const br = v128.load(re + rb + o), bi = v128.load(im + rb + o);
          const xr = f64x2.sub(f64x2.mul(br, wr), f64x2.mul(bi, wi));
          const xi = f64x2.add(f64x2.mul(br, wi), f64x2.mul(bi, wr));
          const ar = v128.load(re + ra + o), ai = v128.load(im + ra + o);
          v128.store(re + rb + o, f64x2.sub(ar, xr));
          v128.store(im + rb + o, f64x2.sub(ai, xi));
          v128.store(re + ra + o, f64x2.add(ar, xr));
          v128.store(im + ra + o, f64x2.add(ai, xi));
        }
      }
    }
  }
}

// convert: GrayPlane.cover's loop on a staged copy of the rectangle's pixels (w × h, `channels`
//   bytes each, rows packed): gray 0.299 R + 0.587 G + 0.114 B (f64), and each pixel's colour
//   bin (colourBin in colour-bins.ts: RGB at 32 levels, or gray >> 3 when grayBins).
export function convert(src: usize, channels: i32, w: i32, h: i32, gray: usize, bins: usize, grayBins: i32): void {
  const g1: usize = channels == 1 ? 0 : 1;
  const g2: usize = channels == 1 ? 0 : 2;
  const n = w * h;
  let a = src;
  for (let i = 0; i < n; i++) {
    const r = <i32>load<u8>(a), g = <i32>load<u8>(a + g1), b = <i32>load<u8>(a + g2);
    const v = 0.299 * <f64>r + 0.587 * <f64>g + 0.114 * <f64>b;
    store<f64>(gray + (<usize>i << 3), v);
    store<u16>(bins + (<usize>i << 1), grayBins ? <i32>v >> 3 : ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    a += <usize>channels;
  }
}

// sample: PatchSampler.sample's bilinear case: template pixel (i, v) from the plane's gray at
//   rows y0[v], y1[v] and columns x0[i], x1[i] (frame coordinates; the plane starts at
//   (px, py), `stride` wide) with weights wx[i], wy[v] (f32), rounded to f32; its colour bin
//   the plane's at (xn[i], yn[v]). `tables` holds PatchSampler's axis tables, one after the other.
export function sample(plane: usize, planeBins: usize, stride: i32, px: i32, py: i32, tables: usize, S: i32, out: usize, bins: usize): void {
  // x0, x1, wx, y0, y1, wy of 2S entries each (PatchSampler's, room for two taps), xn, yn of S
  const T = <usize>(2 * S) << 2;
  const x0 = tables, x1 = x0 + T, wx = x1 + T, y0 = wx + T, y1 = y0 + T, wy = y1 + T;
  const xn = wy + T, yn = xn + (<usize>S << 2);
  for (let v = 0; v < S; v++) {
    const vo = <usize>v << 2;
    const ra = plane + (<usize>((load<i32>(y0 + vo) - py) * stride) << 3);
    const rb = plane + (<usize>((load<i32>(y1 + vo) - py) * stride) << 3);
    const fy = <f64>load<f32>(wy + vo);
    const o = out + (<usize>(v * S) << 2);
    for (let i = 0; i < S; i++) {
      const io = <usize>i << 2;
      const xa = <usize>(load<i32>(x0 + io) - px) << 3, xb = <usize>(load<i32>(x1 + io) - px) << 3;
      const f = <f64>load<f32>(wx + io);
      const ga0 = load<f64>(ra + xa), ga1 = load<f64>(ra + xb), gb0 = load<f64>(rb + xa), gb1 = load<f64>(rb + xb);
      const ta = ga0 + f * (ga1 - ga0), tb = gb0 + f * (gb1 - gb0);
      store<f32>(o + io, <f32>(ta + fy * (tb - ta)));
    }
    const rn = planeBins + (<usize>((load<i32>(yn + vo) - py) * stride) << 1);
    const bo = bins + (<usize>(v * S) << 1);
    for (let i = 0; i < S; i++) {
      store<u16>(bo + (<usize>i << 1), load<u16>(rn + (<usize>(load<i32>(xn + (<usize>i << 2)) - px) << 1)));
    }
  }
}

// turn: rotateTemplate (rotate-template.ts) of the S × S template (srcGray f32, srcBins u16)
//   into (gray, bins), with its coefficients made on the JS side (turnCoefficients): gray
//   bilinear, bins nearest (Math.round of a non-negative number: floor, up when the rest is a
//   half or more), points outside taking the nearest edge pixel. `scratch`: 16 · S bytes.
export function turn(srcGray: usize, srcBins: usize, gray: usize, bins: usize, S: i32, uu: f64, uv: f64, vu: f64, vv: f64, scratch: usize): void {
  const half = <f64>S / 2, last = <f64>(S - 1);
  // each column's uu · du and vu · du, once (the same products as the JS loop's), as two rows
  // of S: the u pair (u, u + 1) of each then loads as one vector
  const cu = scratch, cv = scratch + (<usize>S << 3);
  for (let u = 0; u < S; u++) {
    const du = <f64>u + 0.5 - half;
    store<f64>(cu + (<usize>u << 3), uu * du);
    store<f64>(cv + (<usize>u << 3), vu * du);
  }
  // two pixels a step, each lane the JS loop's operations on its own pixel (S is even)
  const zero = f64x2.splat(0), lastV = f64x2.splat(last), halfV = f64x2.splat(half), pointFive = f64x2.splat(0.5);
  const one = f64x2.splat(1), lower = f64x2.splat(<f64>(S - 2)), SS = <usize>S;
  for (let v = 0; v < S; v++) {
    const dv = <f64>v + 0.5 - half;
    const bu = f64x2.splat(uv * dv), bv = f64x2.splat(vv * dv);
    const o = <usize>(v * S);
    for (let u = 0; u < S; u += 2) {
      let fu = f64x2.sub(f64x2.add(f64x2.add(v128.load(cu + (<usize>u << 3)), bu), halfV), pointFive);
      let fv = f64x2.sub(f64x2.add(f64x2.add(v128.load(cv + (<usize>u << 3)), bv), halfV), pointFive);
      // fu < 0 ? 0 : fu > last ? last : fu (a zero's sign aside, which changes nothing below)
      fu = f64x2.pmin(lastV, f64x2.pmax(zero, fu));
      fv = f64x2.pmin(lastV, f64x2.pmax(zero, fv));
      const fx = f64x2.floor(fu), fy = f64x2.floor(fv);
      const x0 = v128.bitselect(fx, lower, f64x2.lt(fu, lastV)), y0 = v128.bitselect(fy, lower, f64x2.lt(fv, lastV));
      const ax = f64x2.sub(fu, x0), ay = f64x2.sub(fv, y0);
      const xi = i32x4.trunc_sat_f64x2_s_zero(x0), yi = i32x4.trunc_sat_f64x2_s_zero(y0);
      const p0 = srcGray + ((<usize>i32x4.extract_lane(yi, 0) * SS + <usize>i32x4.extract_lane(xi, 0)) << 2);
      const p1 = srcGray + ((<usize>i32x4.extract_lane(yi, 1) * SS + <usize>i32x4.extract_lane(xi, 1)) << 2);
      const q0 = p0 + (SS << 2), q1 = p1 + (SS << 2);
      const g00 = f64x2.replace_lane(f64x2.splat(<f64>load<f32>(p0)), 1, <f64>load<f32>(p1));
      const g01 = f64x2.replace_lane(f64x2.splat(<f64>load<f32>(p0, 4)), 1, <f64>load<f32>(p1, 4));
      const g10 = f64x2.replace_lane(f64x2.splat(<f64>load<f32>(q0)), 1, <f64>load<f32>(q1));
      const g11 = f64x2.replace_lane(f64x2.splat(<f64>load<f32>(q0, 4)), 1, <f64>load<f32>(q1, 4));
      const top = f64x2.add(g00, f64x2.mul(ax, f64x2.sub(g01, g00)));
      const bottom = f64x2.add(g10, f64x2.mul(ax, f64x2.sub(g11, g10)));
      v128.store64_lane(gray + ((o + <usize>u) << 2), f32x4.demote_f64x2_zero(f64x2.add(top, f64x2.mul(ay, f64x2.sub(bottom, top)))), 0);
      // the nearest pixel: Math.round of a non-negative number
      const nx = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(fx, v128.and(f64x2.ge(f64x2.sub(fu, fx), pointFive), one)));
      const ny = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(fy, v128.and(f64x2.ge(f64x2.sub(fv, fy), pointFive), one)));
      const bo = bins + ((o + <usize>u) << 1);
      store<u16>(bo, load<u16>(srcBins + ((<usize>i32x4.extract_lane(ny, 0) * SS + <usize>i32x4.extract_lane(nx, 0)) << 1)));
      store<u16>(bo, load<u16>(srcBins + ((<usize>i32x4.extract_lane(ny, 1) * SS + <usize>i32x4.extract_lane(nx, 1)) << 1)), 2);
    }
  }
}

// The correlation filter (correlation-filter.ts), on its spectra: C channels of G × G, channel
// ch at offset ch · G² of each array; `grid` the FFT's re / im grid (pRe, pIm), `tables` its tables.

// transform: CorrelationFilter.transform: each pair of channels of the features, cosine-windowed,
//   through one complex FFT, the two real channels' spectra split apart into zRe / zIm.
export function transform(features: usize, window: usize, C: i32, G: i32, zRe: usize, zIm: usize, pRe: usize, pIm: usize, tables: usize): void {
  const n = G * G;
  for (let ch = 0; ch < C; ch += 2) {
    const a = ch * n, b = (ch + 1) * n, two = ch + 1 < C;
    for (let i = 0; i < n; i++) {
      const w = ld(window, i);
      st(pRe, i, ld(features, a + i) * w);
      st(pIm, i, two ? ld(features, b + i) * w : 0);
    }
    fft(pRe, pIm, G, G, tables, -1, 1);
    split(zRe, zIm, a, two, pRe, pIm, G);
  }
}

// CorrelationFilter.splitSpectra: X_a = (P + conj P̃) / 2, X_b = (P − conj P̃) / 2i
function split(outRe: usize, outIm: usize, a: i32, two: bool, pr: usize, pi: usize, G: i32): void {
  const n = G * G;
  if (!two) {
    memory.copy(outRe + (<usize>a << 3), pr, <usize>n << 3);
    memory.copy(outIm + (<usize>a << 3), pi, <usize>n << 3);
    return;
  }
  const b = a + n;
  for (let y = 0; y < G; y++) {
    const my = ((G - y) % G) * G;
    for (let x = 0; x < G; x++) {
      const i = y * G + x, j = my + ((G - x) % G);
      const fr = ld(pr, i), fi = ld(pi, i), gr = ld(pr, j), gi = ld(pi, j);
      st(outRe, a + i, 0.5 * (fr + gr));
      st(outIm, a + i, 0.5 * (fi - gi));
      st(outRe, b + i, 0.5 * (fi + gi));
      st(outIm, b + i, -0.5 * (fr - gr));
    }
  }
}

// respond: CorrelationFilter.respond: Σ_l conj(F_l) · Z_l into the grid (F = H when `den` is 0,
//   the constrained filter; else A, then each term divided by den + λ), inverse FFT, into `out`.
export function respond(fRe: usize, fIm: usize, den: usize, lambda: f64, zRe: usize, zIm: usize, C: i32, G: i32, pRe: usize, pIm: usize, tables: usize, out: usize): void {
  const n = G * G, bytes = <usize>n << 3;
  memory.fill(pRe, 0, bytes);
  memory.fill(pIm, 0, bytes);
  for (let ch = 0; ch < C; ch++) {
    const o = <usize>(ch * n) << 3;
    for (let i: usize = 0; i < bytes; i += 16) {
      const a = v128.load(fRe + o + i), b = v128.load(fIm + o + i), x = v128.load(zRe + o + i), y = v128.load(zIm + o + i);
      v128.store(pRe + i, f64x2.add(v128.load(pRe + i), f64x2.add(f64x2.mul(a, x), f64x2.mul(b, y))));
      v128.store(pIm + i, f64x2.add(v128.load(pIm + i), f64x2.sub(f64x2.mul(a, y), f64x2.mul(b, x))));
    }
  }
  if (den != 0) {
    const l = f64x2.splat(lambda), one = f64x2.splat(1);
    for (let i: usize = 0; i < bytes; i += 16) {
      const d = f64x2.div(one, f64x2.add(v128.load(den + i), l));
      v128.store(pRe + i, f64x2.mul(v128.load(pRe + i), d));
      v128.store(pIm + i, f64x2.mul(v128.load(pIm + i), d));
    }
  }
  fft(pRe, pIm, G, G, tables, 1, 1 / <f64>n);
  memory.copy(out, pRe, bytes);
}

// train: CorrelationFilter.train's blend of the sample (zRe, zIm) into the numerators (aRe, aIm)
//   and the shared denominator at rate r (k = 1 − r), against the label (yRe, yIm); inv = 1 / G².
export function train(aRe: usize, aIm: usize, den: usize, zRe: usize, zIm: usize, yRe: usize, yIm: usize, C: i32, n: i32, r: f64, k: f64, inv: f64): void {
  const bytes = <usize>n << 3, kk = f64x2.splat(k), ri = f64x2.splat(r * inv);
  for (let i: usize = 0; i < bytes; i += 16) v128.store(den + i, f64x2.mul(v128.load(den + i), kk));
  for (let ch = 0; ch < C; ch++) {
    const o = <usize>(ch * n) << 3;
    for (let i: usize = 0; i < bytes; i += 16) {
      const xr = v128.load(zRe + o + i), xi = v128.load(zIm + o + i), yr = v128.load(yRe + i), yi = v128.load(yIm + i);
      v128.store(aRe + o + i, f64x2.add(f64x2.mul(kk, v128.load(aRe + o + i)), f64x2.mul(ri, f64x2.add(f64x2.mul(yr, xr), f64x2.mul(yi, xi)))));
      v128.store(aIm + o + i, f64x2.add(f64x2.mul(kk, v128.load(aIm + o + i)), f64x2.mul(ri, f64x2.sub(f64x2.mul(yr, xi), f64x2.mul(yi, xr)))));
      v128.store(den + i, f64x2.add(v128.load(den + i), f64x2.mul(ri, f64x2.add(f64x2.mul(xr, xr), f64x2.mul(xi, xi)))));
    }
  }
}

// sampleTaps: PatchSampler.sample's shrinking case (a window of twice the template or more on
//   an axis): each template pixel the mean of tapsX × tapsY taps, each tap the gray of its
//   nearest pixel, summed in f64 and accumulated in the f32 template as the JS loop does; its
//   colour bin the nearest pixel's. The pixels come from a staged copy of the frame's
//   rectangle [sx0, sx0 + sw) × [sy0, ...) (`channels` bytes a pixel, rows packed).
export function sampleTaps(stage: usize, channels: i32, sw: i32, sx0: i32, sy0: i32, tables: usize, S: i32, tapsX: i32, tapsY: i32, out: usize, bins: usize, grayBins: i32): void {
  const T = <usize>(2 * S) << 2;
  const x0 = tables, x1 = x0 + T, wx = x1 + T, y0 = wx + T, y1 = y0 + T, wy = y1 + T;
  const xn = wy + T, yn = xn + (<usize>S << 2);
  const c = <usize>channels, g1: usize = channels == 1 ? 0 : 1, g2: usize = channels == 1 ? 0 : 2;
  const scale: f64 = 1 / <f64>(tapsX * tapsY);
  for (let v = 0; v < S; v++) {
    const o = out + (<usize>(v * S) << 2);
    memory.fill(o, 0, <usize>S << 2);
    for (let t = 0; t < tapsY; t++) {
      const k = <usize>(v * tapsY + t) << 2;
      const ry = load<f32>(wy + k) < 0.5 ? load<i32>(y0 + k) : load<i32>(y1 + k);
      const row = stage + <usize>((ry - sy0) * sw) * c;
      for (let i = 0, q = 0; i < S; i++) {
        let sum: f64 = 0;
        for (let u = 0; u < tapsX; u++, q++) {
          const qo = <usize>q << 2;
          const rx = load<f32>(wx + qo) < 0.5 ? load<i32>(x0 + qo) : load<i32>(x1 + qo);
          const j = row + <usize>(rx - sx0) * c;
          sum += 0.299 * <f64>load<u8>(j) + 0.587 * <f64>load<u8>(j + g1) + 0.114 * <f64>load<u8>(j + g2);
        }
        const p = o + (<usize>i << 2);
        store<f32>(p, <f32>(<f64>load<f32>(p) + sum));
      }
    }
    for (let i = 0; i < S; i++) {
      const p = o + (<usize>i << 2);
      store<f32>(p, <f32>(<f64>load<f32>(p) * scale));
    }
    const rn = stage + <usize>((load<i32>(yn + (<usize>v << 2)) - sy0) * sw) * c;
    const bo = bins + (<usize>(v * S) << 1);
    for (let i = 0; i < S; i++) {
      const j = rn + <usize>(load<i32>(xn + (<usize>i << 2)) - sx0) * c;
      const r = <i32>load<u8>(j), g = <i32>load<u8>(j + g1), b = <i32>load<u8>(j + g2);
      store<u16>(bo + (<usize>i << 1), grayBins ? <i32>(0.299 * <f64>r + 0.587 * <f64>g + 0.114 * <f64>b) >> 3 : ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    }
  }
}
