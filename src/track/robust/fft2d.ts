/**
 * In-place radix-2 complex FFT of a `width` × `height` grid (both powers of two), on split
 * real/imaginary Float64Arrays in row-major order. Twiddles and the bit-reversal permutation
 * are computed once per size; `forward()` and `inverse()` allocate nothing.
 */
export class Fft2d {
  readonly width: number;
  readonly height: number;
  private readonly cosX: Float64Array;
  private readonly sinX: Float64Array;
  private readonly cosY: Float64Array;
  private readonly sinY: Float64Array;
  private readonly revX: Uint16Array;
  private readonly revY: Uint16Array;
  private readonly colRe: Float64Array;
  private readonly colIm: Float64Array;

  constructor(width: number, height: number) {
    for (const [name, n] of [['width', width], ['height', height]] as const) {
      if (!Number.isInteger(n) || n < 2 || (n & (n - 1)) !== 0) throw new RangeError(`Fft2d ${name} must be a power of two ≥ 2, got ${n}`);
    }
    this.width = width;
    this.height = height;
    [this.cosX, this.sinX, this.revX] = tables(width);
    [this.cosY, this.sinY, this.revY] = tables(height);
    this.colRe = new Float64Array(height);
    this.colIm = new Float64Array(height);
  }

  /** Forward transform, e^{-2πi k n / N}, unscaled. */
  forward(re: Float64Array, im: Float64Array): void {
    this.run(re, im, -1);
  }

  /** Inverse transform, scaled by 1 / (width · height). */
  inverse(re: Float64Array, im: Float64Array): void {
    this.run(re, im, 1);
    const s = 1 / (this.width * this.height);
    for (let i = 0; i < re.length; i++) {
      re[i] *= s;
      im[i] *= s;
    }
  }

  private run(re: Float64Array, im: Float64Array, sign: number): void {
    const W = this.width, H = this.height;
    for (let y = 0, o = 0; y < H; y++, o += W) fft1d(re, im, o, W, this.cosX, this.sinX, this.revX, sign);
    const cr = this.colRe, ci = this.colIm;
    for (let x = 0; x < W; x++) {
      for (let y = 0, j = x; y < H; y++, j += W) {
        cr[y] = re[j];
        ci[y] = im[j];
      }
      fft1d(cr, ci, 0, H, this.cosY, this.sinY, this.revY, sign);
      for (let y = 0, j = x; y < H; y++, j += W) {
        re[j] = cr[y];
        im[j] = ci[y];
      }
    }
  }
}

function tables(n: number): [Float64Array, Float64Array, Uint16Array] {
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

function fft1d(re: Float64Array, im: Float64Array, o: number, n: number,
  cos: Float64Array, sin: Float64Array, rev: Uint16Array, sign: number): void {
  for (let i = 0; i < n; i++) {
    const j = rev[i];
    if (j > i) {
      const a = o + i, b = o + j;
      let t = re[a]; re[a] = re[b]; re[b] = t;
      t = im[a]; im[a] = im[b]; im[b] = t;
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1, step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, t = 0; k < half; k++, t += step) {
        const wr = cos[t], wi = sign * sin[t];
        const a = o + start + k, b = a + half;
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
