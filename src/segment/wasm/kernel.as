// AssemblyScript source of the WebAssembly SIMD mean-shift kernel (compiled by build.mjs into
// kernel-wasm.ts; the .as extension keeps it out of the TypeScript project). Same semantics,
// bit for bit, as filterPackedRowsPlain in ../rgb-kernel.ts:
//
// - channels are planar 16-bit arrays (p0, p1, p2; n pixels plus 8 of padding, so a vector
//   load at the end of a window row never leaves the buffer; lanes past the row are masked);
// - a window row is read 8 pixels a vector: squared colour distance in 32-bit lanes
//   (extmul of the 16-bit differences), compared with isr2 into a 16-bit mask, then the masked
//   channels, x - minx, y - miny and the count accumulate in 16-bit lanes over the whole
//   window (the caller checks rows · vectors · largest value < 2^16, so nothing wraps);
// - mask (0: none) holds a byte a pixel; pixels whose byte is 0 are skipped, dst untouched;
// - the means are cvRound(sum * (1 / count)) in f64: f64.nearest rounds ties to even, as cvRound.

export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

@inline function hsum(v: v128): i32 {
  const w = i32x4.extadd_pairwise_i16x8_u(v);
  return i32x4.extract_lane(w, 0) + i32x4.extract_lane(w, 1) + i32x4.extract_lane(w, 2) + i32x4.extract_lane(w, 3);
}

export function filter(
  p0: usize, p1: usize, p2: usize, width: i32,
  loX: usize, hiX: usize, loY: usize, hiY: usize,
  isr2: i32, maxIter: i32, eps: f64,
  rowStart: i32, rowEnd: i32, rowOffset: i32, bits: i32, dst: usize, mask: usize,
): void {
  const iota = i16x8(0, 1, 2, 3, 4, 5, 6, 7);
  const eight = i16x8.splat(8);
  const lim = i32x4.splat(isr2 + 1);
  const b2 = 2 * bits;
  let d = dst;
  for (let i = rowStart; i < rowEnd; i++) {
    for (let j = 0; j < width; j++) {
      if (mask != 0 && load<u8>(mask + <usize>(i * width + j)) == 0) {
        d += 4; // not refined: dst keeps what the caller put there
        continue;
      }
      const k0 = <usize>(i * width + j) << 1;
      let c0 = <i32>load<u16>(p0 + k0);
      let c1 = <i32>load<u16>(p1 + k0);
      let c2 = <i32>load<u16>(p2 + k0);
      let x0 = j;
      let y0 = i;
      for (let iter = 0; iter < maxIter; iter++) {
        const minx = load<i32>(loX + (<usize>x0 << 2));
        const maxx = load<i32>(hiX + (<usize>x0 << 2));
        const miny = load<i32>(loY + (<usize>y0 << 2));
        const maxy = load<i32>(hiY + (<usize>y0 << 2));
        const w = maxx - minx + 1;
        const nfull = (w - 1) >> 3; // whole vectors before the last one
        const tail = i16x8.gt_s(i16x8.splat(<i16>(w - (nfull << 3))), iota);
        const cv0 = i16x8.splat(<i16>c0);
        const cv1 = i16x8.splat(<i16>c1);
        const cv2 = i16x8.splat(<i16>c2);
        let a0 = i16x8.splat(0);
        let a1 = a0;
        let a2 = a0;
        let ax = a0;
        let ay = a0;
        let an = a0;
        let yv = a0;
        for (let y = miny; y <= maxy; y++) {
          let off = <usize>(y * width + minx) << 1;
          let xv = iota;
          for (let v = 0; v <= nfull; v++) {
            const t0 = v128.load(p0 + off);
            const t1 = v128.load(p1 + off);
            const t2 = v128.load(p2 + off);
            const d0 = i16x8.sub(t0, cv0);
            const d1 = i16x8.sub(t1, cv1);
            const d2 = i16x8.sub(t2, cv2);
            const lo = i32x4.add(
              i32x4.add(i32x4.extmul_low_i16x8_s(d0, d0), i32x4.extmul_low_i16x8_s(d1, d1)),
              i32x4.extmul_low_i16x8_s(d2, d2),
            );
            const hi = i32x4.add(
              i32x4.add(i32x4.extmul_high_i16x8_s(d0, d0), i32x4.extmul_high_i16x8_s(d1, d1)),
              i32x4.extmul_high_i16x8_s(d2, d2),
            );
            let m = i16x8.narrow_i32x4_s(i32x4.lt_s(lo, lim), i32x4.lt_s(hi, lim));
            if (v == nfull) m = v128.and(m, tail);
            a0 = i16x8.add(a0, v128.and(t0, m));
            a1 = i16x8.add(a1, v128.and(t1, m));
            a2 = i16x8.add(a2, v128.and(t2, m));
            ax = i16x8.add(ax, v128.and(xv, m));
            ay = i16x8.add(ay, v128.and(yv, m));
            an = i16x8.sub(an, m);
            off += 16;
            xv = i16x8.add(xv, eight);
          }
          yv = i16x8.add(yv, i16x8.splat(1));
        }
        const count = hsum(an);
        if (count == 0) break;
        const ic = 1.0 / <f64>count;
        const sx = <f64>hsum(ax) + <f64>count * <f64>minx;
        const sy = <f64>hsum(ay) + <f64>count * <f64>(miny + rowOffset);
        const x1 = <i32>nearest(sx * ic);
        const y1 = <i32>nearest(sy * ic) - rowOffset;
        const s0 = <i32>nearest(<f64>hsum(a0) * ic);
        const s1 = <i32>nearest(<f64>hsum(a1) * ic);
        const s2 = <i32>nearest(<f64>hsum(a2) * ic);
        const dx = x1 - x0;
        const dy = y1 - y0;
        const f0 = s0 - c0;
        const f1 = s1 - c1;
        const f2 = s2 - c2;
        const stop = (dx == 0 && dy == 0) || <f64>(abs(dx) + abs(dy) + f0 * f0 + f1 * f1 + f2 * f2) <= eps;
        x0 = x1;
        y0 = y1;
        c0 = s0;
        c1 = s1;
        c2 = s2;
        if (stop) break;
      }
      store<i32>(d, c0 | (c1 << bits) | (c2 << b2));
      d += 4;
    }
  }
}
