// AssemblyScript source of the WebAssembly SIMD back-projection and moments kernel (compiled
// by build.mjs into kernel-wasm.ts; the .as extension keeps it out of the TypeScript project).
// Same results, bit for bit, as BackProjector.projectRows (hue histograms) and regionMoments
// in ../back-project.ts and ../moments.ts:
//
// project: 16 pixels a vector, RGB or RGBA. V = max, diff = V - min, and OpenCV's fixed-point
//   saturation (diff · sdiv[V] + 2^11) >> 12 and hue (num · hdiv[diff] + 2^11) >> 12, where
//   sdiv[V] = round(255 · 2^12 / V) and hdiv[d] = round(30 · 2^12 / d) come from an f32
//   division rounded by adding 2^23 (exact for every V and d in 1..255: the quotients lie
//   farther from a half than half an f32 ulp; the unit test checks every colour). The hue is
//   kept as h + 30 in 0..180 (no wrap at 0) and mapped to the pixel's byte weight either by a
//   181-entry table (twelve 16-byte swizzles; the hue range test folded in), or, for up to 16
//   bins and no hue range, by one swizzle of the bin weights after the bin
//   (((hh << shift) + add) · mul + 2^14) >> 15 (hh the hue in 0..179; the caller checked the
//   formula against OpenCV's bin lookup for every hue). The V and S range tests are integer
//   intervals. The map may be written up to 15 pixels past x1 with those pixels' own values
//   (harmless), and the frame read up to 64 bytes past its end: the caller pads both.
// moments: raw moments m00, m10, m01 (and m20, m11, m02) of a window of the 8-bit map,
//   coordinates relative to its corner. Rows are read in chunks of 256 pixels whose in-chunk
//   sums fit 16- and 32-bit lanes; chunk and row sums are combined in f64 (exact integers).

export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

// byte order that gathers 4 RGB pixels to (r0..3, g0..3, b0..3, 0 0 0 0)
const GATHER3 = memory.data<u8>([0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11, 128, 128, 128, 128], 16);

// f32 quotient → nearest integer (ties to even), for 0 <= q < 2^23; +Inf gives garbage that
// is only ever multiplied by 0 (V = 0 or diff = 0)
@inline function roundToInt(q: v128): v128 {
  return i32x4.sub(f32x4.add(q, f32x4.splat(8388608.0)), i32x4.splat(0x4b000000));
}

// table lookup of 16 indices (0..191) in a 192-byte table: twelve swizzles, each of which
// gives 0 for indices outside its 16 entries
@inline function lookup192(t: usize, idx: v128): v128 {
  const sixteen = i8x16.splat(16);
  let i = idx;
  let w = i8x16.swizzle(v128.load(t), i);
  i = i8x16.sub(i, sixteen);
  w = v128.or(w, i8x16.swizzle(v128.load(t, 16), i));
  i = i8x16.sub(i, sixteen);
  w = v128.or(w, i8x16.swizzle(v128.load(t, 32), i));
  i = i8x16.sub(i, sixteen);
  w = v128.or(w, i8x16.swizzle(v128.load(t, 48), i));
  i = i8x16.sub(i, sixteen);
  w = v128.or(w, i8x16.swizzle(v128.load(t, 64), i));
  i = i8x16.sub(i, sixteen);
  w = v128.or(w, i8x16.swizzle(v128.load(t, 80), i));
  i = i8x16.sub(i, sixteen);
  w = v128.or(w, i8x16.swizzle(v128.load(t, 96), i));
  i = i8x16.sub(i, sixteen);
  w = v128.or(w, i8x16.swizzle(v128.load(t, 112), i));
  i = i8x16.sub(i, sixteen);
  w = v128.or(w, i8x16.swizzle(v128.load(t, 128), i));
  i = i8x16.sub(i, sixteen);
  w = v128.or(w, i8x16.swizzle(v128.load(t, 144), i));
  i = i8x16.sub(i, sixteen);
  w = v128.or(w, i8x16.swizzle(v128.load(t, 160), i));
  i = i8x16.sub(i, sixteen);
  w = v128.or(w, i8x16.swizzle(v128.load(t, 176), i));
  return w;
}

// hue index h + 30 (0..180) of 4 pixels (i32 lanes)
@inline function hueIndex(num: v128, d: v128): v128 {
  const hd = roundToInt(f32x4.div(f32x4.splat(122880.0), f32x4.convert_i32x4_s(d)));
  return i32x4.shr_s(i32x4.add(i32x4.mul(num, hd), i32x4.splat(2048 + 30 * 4096)), 12);
}

// saturation test of 4 pixels (i32 lanes): sLoK <= diff · sdiv[V] (< sHiK when hasHi)
@inline function satOk(v: v128, d: v128, sLoK: v128, sHiK: v128, hasHi: bool): v128 {
  const sd = roundToInt(f32x4.div(f32x4.splat(1044480.0), f32x4.convert_i32x4_s(v)));
  const p = i32x4.mul(d, sd);
  const lo = i32x4.ge_s(p, sLoK);
  return hasHi ? v128.and(lo, i32x4.lt_s(p, sHiK)) : lo;
}

// hue numerator of 8 pixels (i16 lanes): x - y + kd · diff, with (x, y, kd) = (g, b, 0) where
// V = R, (b, r, 2) where V = G, (r, g, 4) otherwise, as OpenCV's RGB2HSV_b
@inline function numerator(x: v128, y: v128, kd: v128, d: v128): v128 {
  return i16x8.add(i16x8.sub(x, y), i16x8.mul(kd, d));
}

/**
 * Back projection of the hue histogram over [x0, x1) × [y0, y1) of a `ch`-channel (3 or 4)
 * frame at `src` into the map at `dst` (one byte a pixel, same width). Pixels pass when
 * vLo <= V <= vHi and sLoK <= diff · sdiv[V] < sHiK. Their weight: with
 * binMul = 0, the byte of `table` (192 bytes) at the hue index h + 30; else the byte of
 * `table` + 192 (16 bytes) at the bin q15mulr(hh << binShift + binAdd, binMul), hh the hue in
 * 0..179 (the caller checked that formula against OpenCV's bin lookup for every hue).
 */
export function project(
  src: usize, ch: i32, width: i32, x0: i32, y0: i32, x1: i32, y1: i32, dst: usize,
  table: usize, vLo: i32, vHi: i32, sLoK: i32, sHiK: i32,
  binMul: i32, binShift: i32, binAdd: i32,
): void {
  // one copy of the loop for each setting (the flags are constants in each, and their tests
  // and dead branches are compiled away): RGBA or RGB, bin formula or table, S upper bound
  const hasHi = sHiK <= 1044480; // diff · sdiv[V] never exceeds 1044480 + 127
  if (ch == 4) {
    if (binMul > 0) {
      if (hasHi) rows(src, 4, width, x0, y0, x1, y1, dst, table, vLo, vHi, sLoK, sHiK, true, binMul, binShift, binAdd, true);
      else rows(src, 4, width, x0, y0, x1, y1, dst, table, vLo, vHi, sLoK, sHiK, true, binMul, binShift, binAdd, false);
    } else rows(src, 4, width, x0, y0, x1, y1, dst, table, vLo, vHi, sLoK, sHiK, false, 0, 0, 0, true);
  } else {
    if (binMul > 0) {
      if (hasHi) rows(src, 3, width, x0, y0, x1, y1, dst, table, vLo, vHi, sLoK, sHiK, true, binMul, binShift, binAdd, true);
      else rows(src, 3, width, x0, y0, x1, y1, dst, table, vLo, vHi, sLoK, sHiK, true, binMul, binShift, binAdd, false);
    } else rows(src, 3, width, x0, y0, x1, y1, dst, table, vLo, vHi, sLoK, sHiK, false, 0, 0, 0, true);
  }
}

@inline function rows(
  src: usize, ch: i32, width: i32, x0: i32, y0: i32, x1: i32, y1: i32, dst: usize,
  table: usize, vLo: i32, vHi: i32, sLoK: i32, sHiK: i32,
  useBins: bool, binMul: i32, binShift: i32, binAdd: i32, hasHi: bool,
): void {
  const vLoV = i8x16.splat(<i8>vLo);
  const vHiV = i8x16.splat(<i8>vHi);
  const sLoV = i32x4.splat(sLoK);
  const sHiV = i32x4.splat(sHiK);
  const binMulV = i16x8.splat(<i16>binMul);
  // hh << s + a = idx << s + (idx >= 30 ? a - 30 << s : a + 150 << s)
  const addLo = i16x8.splat(<i16>(binAdd - (30 << binShift)));
  const addHi = i16x8.splat(<i16>(binAdd + (150 << binShift)));
  const t29 = i16x8.splat(29);
  const bins = v128.load(table, 192);
  const two = i8x16.splat(2);
  const lo16 = i32x4.splat(0xffff);
  const lo8 = i16x8.splat(0xff);
  const gather3 = v128.load(GATHER3);
  const four = i8x16.splat(4);
  for (let y = y0; y < y1; y++) {
    let p = <usize>(y * width + x0);
    const end = <usize>(y * width + x1);
    for (; p < end; p += 16) {
      let r: v128, g: v128, b: v128;
      if (ch == 4) {
        // as 16-bit lanes a pixel is (g << 8 | r, a << 8 | b)
        const s = src + (p << 2);
        const q0 = v128.load(s), q1 = v128.load(s, 16), q2 = v128.load(s, 32), q3 = v128.load(s, 48);
        const rg0 = i16x8.narrow_i32x4_u(v128.and(q0, lo16), v128.and(q1, lo16));
        const rg1 = i16x8.narrow_i32x4_u(v128.and(q2, lo16), v128.and(q3, lo16));
        const ba0 = i16x8.narrow_i32x4_u(i32x4.shr_u(q0, 16), i32x4.shr_u(q1, 16));
        const ba1 = i16x8.narrow_i32x4_u(i32x4.shr_u(q2, 16), i32x4.shr_u(q3, 16));
        r = i8x16.narrow_i16x8_u(v128.and(rg0, lo8), v128.and(rg1, lo8));
        g = i8x16.narrow_i16x8_u(i16x8.shr_u(rg0, 8), i16x8.shr_u(rg1, 8));
        b = i8x16.narrow_i16x8_u(v128.and(ba0, lo8), v128.and(ba1, lo8));
      } else {
        // four loads of 4 pixels (12 bytes) each, gathered to (r0..3, g0..3, b0..3, 0), then
        // transposed as 32-bit lanes
        const s = src + p * 3;
        const p0 = i8x16.swizzle(v128.load(s), gather3);
        const p1 = i8x16.swizzle(v128.load(s, 12), gather3);
        const p2 = i8x16.swizzle(v128.load(s, 24), gather3);
        const p3 = i8x16.swizzle(v128.load(s, 36), gather3);
        const t0 = i32x4.shuffle(p0, p1, 0, 4, 1, 5);
        const t1 = i32x4.shuffle(p2, p3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(p0, p1, 2, 6, 3, 7);
        const t3 = i32x4.shuffle(p2, p3, 2, 6, 3, 7);
        r = i64x2.shuffle(t0, t1, 0, 2);
        g = i64x2.shuffle(t0, t1, 1, 3);
        b = i64x2.shuffle(t2, t3, 0, 2);
      }
      const v = i8x16.max_u(i8x16.max_u(r, g), b);
      const d = i8x16.sub(v, i8x16.min_u(i8x16.min_u(r, g), b));
      const vOk = v128.and(i8x16.ge_u(v, vLoV), i8x16.le_u(v, vHiV));
      const isR = i8x16.eq(v, r);
      const isG = i8x16.eq(v, g);
      // sector: V = R first, then V = G, then B
      const x = v128.bitselect(g, v128.bitselect(b, r, isG), isR);
      const yy = v128.bitselect(b, v128.bitselect(r, g, isG), isR);
      const kd = v128.andnot(v128.bitselect(two, four, isG), isR);

      const dL = i16x8.extend_low_i8x16_u(d), dH = i16x8.extend_high_i8x16_u(d);
      const numL = numerator(i16x8.extend_low_i8x16_u(x), i16x8.extend_low_i8x16_u(yy), i16x8.extend_low_i8x16_u(kd), dL);
      const numH = numerator(i16x8.extend_high_i8x16_u(x), i16x8.extend_high_i8x16_u(yy), i16x8.extend_high_i8x16_u(kd), dH);
      const vL = i16x8.extend_low_i8x16_u(v), vH = i16x8.extend_high_i8x16_u(v);

      const dLL = i32x4.extend_low_i16x8_u(dL), dLH = i32x4.extend_high_i16x8_u(dL);
      const dHL = i32x4.extend_low_i16x8_u(dH), dHH = i32x4.extend_high_i16x8_u(dH);
      const hL = i16x8.narrow_i32x4_s(
        hueIndex(i32x4.extend_low_i16x8_s(numL), dLL),
        hueIndex(i32x4.extend_high_i16x8_s(numL), dLH),
      );
      const hH = i16x8.narrow_i32x4_s(
        hueIndex(i32x4.extend_low_i16x8_s(numH), dHL),
        hueIndex(i32x4.extend_high_i16x8_s(numH), dHH),
      );
      const sL = i16x8.narrow_i32x4_s(
        satOk(i32x4.extend_low_i16x8_u(vL), dLL, sLoV, sHiV, hasHi),
        satOk(i32x4.extend_high_i16x8_u(vL), dLH, sLoV, sHiV, hasHi),
      );
      const sH = i16x8.narrow_i32x4_s(
        satOk(i32x4.extend_low_i16x8_u(vH), dHL, sLoV, sHiV, hasHi),
        satOk(i32x4.extend_high_i16x8_u(vH), dHH, sLoV, sHiV, hasHi),
      );
      const ok = v128.and(vOk, i8x16.narrow_i16x8_s(sL, sH));
      let w: v128;
      if (useBins) {
        const aL = i16x8.add(i16x8.shl(hL, binShift), v128.bitselect(addHi, addLo, i16x8.le_s(hL, t29)));
        const aH = i16x8.add(i16x8.shl(hH, binShift), v128.bitselect(addHi, addLo, i16x8.le_s(hH, t29)));
        w = i8x16.swizzle(bins, i8x16.narrow_i16x8_u(i16x8.q15mulr_sat_s(aL, binMulV), i16x8.q15mulr_sat_s(aH, binMulV)));
      } else {
        w = lookup192(table, i8x16.narrow_i16x8_u(hL, hH));
      }
      v128.store(dst + p, v128.and(w, ok));
    }
  }
}

@inline function hsum16(v: v128): f64 {
  const w = i32x4.extadd_pairwise_i16x8_u(v);
  return <f64>(i32x4.extract_lane(w, 0) + i32x4.extract_lane(w, 1) + i32x4.extract_lane(w, 2) + i32x4.extract_lane(w, 3));
}

@inline function hsum32(w: v128): f64 {
  return <f64>(<u32>i32x4.extract_lane(w, 0)) + <f64>(<u32>i32x4.extract_lane(w, 1)) +
    <f64>(<u32>i32x4.extract_lane(w, 2)) + <f64>(<u32>i32x4.extract_lane(w, 3));
}

/**
 * Raw moments of the window (x, y, w, h) of the 8-bit map at `map` (row stride `width`):
 * writes m00, m10, m01 (order 1) and m20, m11, m02 (order 2) as f64 at `out`. The map must be
 * readable 15 bytes past the window's last row.
 */
export function moments(map: usize, width: i32, x: i32, y: i32, w: i32, h: i32, order: i32, out: usize): void {
  const iota = i16x8(0, 1, 2, 3, 4, 5, 6, 7);
  const eight = i16x8.splat(8);
  const sixteen = i16x8.splat(16);
  let m00 = 0.0, m10 = 0.0, m01 = 0.0, m20 = 0.0, m11 = 0.0, m02 = 0.0;
  for (let j = 0; j < h; j++) {
    const row = map + <usize>((y + j) * width + x);
    let s0 = 0.0, s1 = 0.0, s2 = 0.0;
    for (let base = 0; base < w; base += 256) {
      const n = min(256, w - base); // pixels of this chunk
      let a0 = i16x8.splat(0);
      let a1 = i32x4.splat(0);
      let a2 = i32x4.splat(0);
      let kL = iota;
      let kH = i16x8.add(iota, eight);
      for (let k = 0; k < n; k += 16) {
        let v = v128.load(row + <usize>(base + k));
        if (n - k < 16) v = v128.and(v, i8x16.gt_s(i8x16.splat(<i8>(n - k)), i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)));
        const vL = i16x8.extend_low_i8x16_u(v), vH = i16x8.extend_high_i8x16_u(v);
        a0 = i16x8.add(a0, i16x8.add(vL, vH));
        a1 = i32x4.add(a1, i32x4.add(i32x4.dot_i16x8_s(vL, kL), i32x4.dot_i16x8_s(vH, kH)));
        if (order == 2) {
          const k2L = i16x8.mul(kL, kL), k2H = i16x8.mul(kH, kH);
          a2 = i32x4.add(a2, i32x4.add(
            i32x4.add(i32x4.extmul_low_i16x8_u(vL, k2L), i32x4.extmul_high_i16x8_u(vL, k2L)),
            i32x4.add(i32x4.extmul_low_i16x8_u(vH, k2H), i32x4.extmul_high_i16x8_u(vH, k2H)),
          ));
        }
        kL = i16x8.add(kL, sixteen);
        kH = i16x8.add(kH, sixteen);
      }
      const c0 = hsum16(a0);
      const c1 = hsum32(a1);
      const b = <f64>base;
      s0 += c0;
      s1 += b * c0 + c1;
      if (order == 2) s2 += b * b * c0 + 2 * b * c1 + hsum32(a2);
    }
    const fj = <f64>j;
    m00 += s0;
    m10 += s1;
    m01 += fj * s0;
    m20 += s2;
    m11 += fj * s1;
    m02 += fj * fj * s0;
  }
  store<f64>(out, m00);
  store<f64>(out, m10, 8);
  store<f64>(out, m01, 16);
  store<f64>(out, m20, 24);
  store<f64>(out, m11, 32);
  store<f64>(out, m02, 40);
}
