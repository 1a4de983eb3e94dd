/**
 * In-place radix-2 complex FFT of a `width` × `height` grid (both powers of two), on split
 * real/imaginary Float64Arrays in row-major order. Rows are transformed one at a time, their
 * first two stages fused into one radix-4 step (twiddles 1 and ∓i); columns all at once, a
 * stage's butterfly applied across a whole pair of rows, so the inner loops run over
 * contiguous memory with a constant twiddle. Twiddles and the bit-reversal permutation are
 * computed once per size; `forward()` and `inverse()` allocate nothing.
 */
/** Runs a transform elsewhere (the robust tracker's WebAssembly kernel) with `Fft2d`'s results, bit for bit. */
export interface FftBackend {
  /** In place, sign −1 forward and +1 inverse, each value then multiplied by `scale`. */
  fft(re: Float64Array, im: Float64Array, sign: -1 | 1, scale: number): void;
}

export class Fft2d {
  readonly width: number;
  readonly height: number;
  private readonly cosX: Float64Array;
  private readonly sinX: Float64Array;
  private readonly cosY: Float64Array;
  private readonly sinY: Float64Array;
  private readonly revX: Uint16Array;
  private readonly revY: Uint16Array;

  /** `backend`, if given, runs every transform (it must be made for this size). */
  constructor(width: number, height: number, private readonly backend: FftBackend | null = null) {
    for (const [name, n] of [['width', width], ['height', height]] as const) {
      if (!Number.isInteger(n) || n < 4 || (n & (n - 1)) !== 0) throw new RangeError(`Fft2d ${name} must be a power of two ≥ 4, got ${n}`);
    }
    this.width = width;
    this.height = height;
    [this.cosX, this.sinX, this.revX] = fftTables(width);
    [this.cosY, this.sinY, this.revY] = fftTables(height);
  }

  /** Forward transform, e^{-2πi k n / N}, unscaled. */
  forward(re: Float64Array, im: Float64Array): void {
    if (this.backend) return this.backend.fft(re, im, -1, 1);
    this.run(re, im, -1);
  }

  /** Inverse transform, scaled by 1 / (width · height). */
  inverse(re: Float64Array, im: Float64Array): void {
    const s = 1 / (this.width * this.height);
    if (this.backend) return this.backend.fft(re, im, 1, s);
    this.run(re, im, 1);
    for (let i = 0; i < re.length; i++) {
      re[i] *= s;
      im[i] *= s;
    }
  }

  private run(re: Float64Array, im: Float64Array, sign: number): void {
    const W = this.width, H = this.height;
    for (let y = 0, o = 0; y < H; y++, o += W) rowFft(re, im, o, W, this.cosX, this.sinX, this.revX, sign);
    columnFft(re, im, W, H, this.cosY, this.sinY, this.revY, sign);
  }
}

/** Twiddles cos(2πk/n), sin(2πk/n) for k < n/2, and the bit-reversal permutation of 0..n−1 (the kernel gets these too). */
export function fftTables(n: number): [Float64Array, Float64Array, Uint16Array] {
  const c = new Float64Array(n / 2), s = new Float64Array(n / 2), rev = new Uint16Array(n);
  for (let k = 0; k < n / 2; k++) {
    c[k] = Math.cos((2 * Math.PI * k) / n);
    s[k] = Math.sin((2 * Math.PI * k) / n);
  }
  const bits = Math.log2(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  return [c, s, rev];
}

/** One row of `n` values at offset `o`. */
function rowFft(re: Float64Array, im: Float64Array, o: number, n: number,
  cos: Float64Array, sin: Float64Array, rev: Uint16Array, sign: number): void {
  for (let i = 0; i < n; i++) {
    const j = rev[i];
    if (j > i) {
      const a = o + i, b = o + j;
      let t = re[a]; re[a] = re[b]; re[b] = t;
      t = im[a]; im[a] = im[b]; im[b] = t;
    }
  }
  // stages of size 2 and 4 as one radix-4 step: twiddles 1, then 1 and sign·i
  for (let a = o, end = o + n; a < end; a += 4) {
    const r0 = re[a], i0 = im[a], r1 = re[a + 1], i1 = im[a + 1], r2 = re[a + 2], i2 = im[a + 2], r3 = re[a + 3], i3 = im[a + 3];
    const s0r = r0 + r1, s0i = i0 + i1, d0r = r0 - r1, d0i = i0 - i1;
    const s1r = r2 + r3, s1i = i2 + i3;
    const tr = -sign * (i2 - i3), ti = sign * (r2 - r3);
    re[a] = s0r + s1r; im[a] = s0i + s1i;
    re[a + 2] = s0r - s1r; im[a + 2] = s0i - s1i;
    re[a + 1] = d0r + tr; im[a + 1] = d0i + ti;
    re[a + 3] = d0r - tr; im[a + 3] = d0i - ti;
  }
  for (let size = 8; size <= n; size <<= 1) {
    const half = size >> 1, step = n / size;
    for (let start = o, end = o + n; start < end; start += size) {
      for (let k = 0, t = 0; k < half; k++, t += step) {
        const wr = cos[t], wi = sign * sin[t];
        const a = start + k, b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

/** Every column of a W-wide grid of `n` rows at once: each butterfly runs along a pair of rows. */
function columnFft(re: Float64Array, im: Float64Array, W: number, n: number,
  cos: Float64Array, sin: Float64Array, rev: Uint16Array, sign: number): void {
  for (let i = 0; i < n; i++) {
    const j = rev[i];
    if (j > i) {
      for (let a = i * W, b = j * W, e = a + W; a < e; a++, b++) {
        let t = re[a]; re[a] = re[b]; re[b] = t;
        t = im[a]; im[a] = im[b]; im[b] = t;
      }
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1, step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, t = 0; k < half; k++, t += step) {
        const ra = (start + k) * W, rb = ra + half * W;
        if (t === 0) {
          for (let x = 0; x < W; x++) {
            const a = ra + x, b = rb + x, xr = re[b], xi = im[b];
            re[b] = re[a] - xr;
            im[b] = im[a] - xi;
            re[a] += xr;
            im[a] += xi;
          }
          continue;
        }
        const wr = cos[t], wi = sign * sin[t];
        for (let x = 0; x < W; x++) {
          const a = ra + x, b = rb + x;
          const xr = re[b] * wr - im[b] * wi;
          const xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
}
