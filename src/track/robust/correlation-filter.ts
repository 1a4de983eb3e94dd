import { Fft2d } from './fft2d.js';
import type { RobustKernel } from './robust-kernel.js';

/**
 * A multi-channel discriminative correlation filter (MOSSE/DSST form, as Staple uses it):
 * numerator A_l = conj(Y)·X_l and a shared denominator B = Σ_l |X_l|², both running averages
 * over frames, and the response to a new sample Z is IFFT(Σ_l conj(A_l)·Z_l / (B + λ)).
 * Y is a Gaussian peak at zero displacement, so the response's maximum is the shift of the
 * target (indices wrap: response[dy·G + dx], dx, dy in -G/2..G/2-1 stored modulo G).
 * Features are cosine-windowed; two real channels share one complex FFT. With a spatial
 * support (`setSupport()`) the response comes from the filter confined to it instead; with a
 * box model as well (`useBoxModel()`) the support's box comes from a second model, which
 * learns at its own rate. No allocation after construction (but in `useBoxModel()`).
 */
export class CorrelationFilter {
  readonly cells: number;
  readonly channels: number;
  /** Response of the last `respond()` (G², wrapped displacements). */
  readonly response: Float64Array;
  private readonly fft: Fft2d;
  private readonly window: Float64Array;
  private readonly yRe: Float64Array;
  private readonly yIm: Float64Array;
  private readonly aRe: Float64Array;
  private readonly aIm: Float64Array;
  private readonly den: Float64Array;
  private readonly zRe: Float64Array[];
  private readonly zIm: Float64Array[];
  private readonly syRe: Float64Array;
  private readonly syIm: Float64Array;
  private readonly phx: Float64Array;
  private readonly phy: Float64Array;
  private readonly pRe: Float64Array;
  private readonly pIm: Float64Array;
  private readonly mirror: Int32Array;
  /**
   * The filter's spatial support (see `setSupport()`), or null for none: how much of each cell
   * its box covers (G², 0..1), and its weight outside the box; a cell's support is
   * floor + (1 − floor) · cover.
   */
  private boxCover: Float64Array | null = null;
  private floor = 0;
  /** The box model (numerator, denominator) and a spatial scratch plane pair, or null; see `useBoxModel()`. */
  private box: { re: Float64Array; im: Float64Array; den: Float64Array; inv: Float64Array; sRe: Float64Array; sIm: Float64Array } | null = null;
  /** The constrained filter's spectra, conj-free: response = IFFT(Σ conj(H_l)·Z_l). */
  private readonly hRe: Float64Array;
  private readonly hIm: Float64Array;
  /** 1 / (B + λ), computed once per constraint for every channel pair. */
  private readonly invDen: Float64Array;
  private trained = false;
  /** Trainings since the support was last applied. */
  private sinceSupport = 0;
  /**
   * Apply the support on every `supportEvery`-th training (always on the first): the
   * constrained filter then lags the model by at most that many updates, a few per cent of it
   * at the usual learning rates, for a fraction of the transforms.
   */
  supportEvery = 1;
  lambda = 1e-3;

  /**
   * `slots`: how many transformed samples are kept at once (one per scale searched).
   * `kernel`, if given (made for `cells` and at least `slots`), holds the arrays and runs the
   * transforms, responses and training, with the same results.
   */
  constructor(cells: number, channels: number, slots = 1, private readonly kernel: RobustKernel | null = null) {
    const G = cells, n = G * G, k = kernel?.filter;
    // an array of the kernel's memory (its first `planes` G² planes), or a new one
    const arr = (name: keyof NonNullable<typeof k>, planes = 1) => (k ? k[name].subarray(0, planes * n) : new Float64Array(planes * n));
    this.cells = G;
    this.channels = channels;
    this.fft = new Fft2d(G, G, kernel);
    this.window = arr('window');
    for (let y = 0; y < G; y++) {
      const wy = 0.5 - 0.5 * Math.cos((2 * Math.PI * (y + 0.5)) / G);
      for (let x = 0; x < G; x++) this.window[y * G + x] = wy * (0.5 - 0.5 * Math.cos((2 * Math.PI * (x + 0.5)) / G));
    }
    this.yRe = arr('yRe');
    this.yIm = arr('yIm');
    this.aRe = arr('aRe', channels);
    this.aIm = arr('aIm', channels);
    this.den = arr('den');
    this.zRe = Array.from({ length: slots }, (_, s) => (kernel ? kernel.zRe[s].subarray(0, channels * n) : new Float64Array(channels * n)));
    this.zIm = Array.from({ length: slots }, (_, s) => (kernel ? kernel.zIm[s].subarray(0, channels * n) : new Float64Array(channels * n)));
    this.syRe = arr('syRe');
    this.syIm = arr('syIm');
    this.phx = new Float64Array(2 * G);
    this.phy = new Float64Array(2 * G);
    // the grid transformed most often: the kernel's own, so that it copies nothing
    this.pRe = kernel ? kernel.fftRe : new Float64Array(n);
    this.pIm = kernel ? kernel.fftIm : new Float64Array(n);
    this.response = arr('response');
    this.hRe = arr('hRe', channels);
    this.hIm = arr('hIm', channels);
    this.invDen = arr('invDen');
    this.mirror = new Int32Array(n);
    for (let y = 0; y < G; y++) for (let x = 0; x < G; x++) this.mirror[y * G + x] = ((G - y) % G) * G + ((G - x) % G);
  }

  /** Sets the desired response: a Gaussian of `sigma` cells at zero displacement. */
  setLabel(sigma: number): void {
    const G = this.cells;
    for (let y = 0; y < G; y++) {
      const dy = y < G / 2 ? y : y - G;
      for (let x = 0; x < G; x++) {
        const dx = x < G / 2 ? x : x - G;
        this.yRe[y * G + x] = Math.exp((-0.5 * (dx * dx + dy * dy)) / (sigma * sigma));
        this.yIm[y * G + x] = 0;
      }
    }
    this.fft.forward(this.yRe, this.yIm);
    this.trained = false;
  }

  /**
   * Confines the filter to a rectangle of the sample, in cells ([x0, x1) × [y0, y1), fractional
   * edges weighted by coverage), as CSR-DCF's spatial reliability map confines it to the
   * target (Lukežič et al. 2017): after each training (each `supportEvery`-th) the
   * unconstrained filter is taken to the spatial domain, multiplied by the support and
   * transformed back, so that background around the target in the window cannot steer it.
   * Outside the rectangle the support is `floor` (0: none). `null` removes the constraint.
   */
  setSupport(x0: number, y0: number, x1: number, y1: number, floor?: number): void;
  setSupport(none: null): void;
  setSupport(x0: number | null, y0 = 0, x1 = 0, y1 = 0, floor = 0): void {
    if (x0 === null) {
      this.boxCover = null;
      return;
    }
    const G = this.cells, inBox = this.boxCover ?? new Float64Array(G * G);
    const cover = (c: number, a: number, b: number) => Math.max(0, Math.min(c + 1, b) - Math.max(c, a));
    for (let y = 0; y < G; y++) {
      const wy = cover(y, y0, y1);
      for (let x = 0; x < G; x++) inBox[y * G + x] = wy * cover(x, x0, x1);
    }
    this.boxCover = inBox;
    this.floor = floor;
    if (this.trained) this.constrain();
  }

  get isTrained(): boolean {
    return this.trained;
  }

  /**
   * Keeps a second model for the support's box, trained on the same samples at `train()`'s
   * `boxRate`: the constrained filter is then the box model over the box and the main model,
   * at the support's floor, outside it (cells the box covers in part blend the two). Call
   * before the first `train()`.
   */
  useBoxModel(): void {
    if (this.box) return;
    if (this.trained) throw new Error('useBoxModel() must be called before the filter is trained');
    const n = this.cells * this.cells, C = this.channels, f = this.kernel?.filter;
    const plane = () => new Float64Array(n);
    // the numerator and denominator in the kernel's memory, where it trains them
    this.box = {
      re: f ? f.bRe.subarray(0, C * n) : new Float64Array(C * n),
      im: f ? f.bIm.subarray(0, C * n) : new Float64Array(C * n),
      den: f ? f.bDen : plane(),
      inv: plane(),
      sRe: plane(),
      sIm: plane(),
    };
  }

  /** Windowed FFT of every channel of `features` (channel-major, G² each) into the sample spectra. */
  transform(features: Float64Array, slot = 0): void {
    const k = this.kernel;
    if (k && features === k.features[slot]) return k.transform(slot, this.channels);
    const n = this.cells * this.cells, C = this.channels, w = this.window;
    const pr = this.pRe, pi = this.pIm;
    for (let ch = 0; ch < C; ch += 2) {
      const a = ch * n, b = (ch + 1) * n, two = ch + 1 < C;
      for (let i = 0; i < n; i++) {
        pr[i] = features[a + i] * w[i];
        pi[i] = two ? features[b + i] * w[i] : 0;
      }
      this.fft.forward(pr, pi);
      this.splitSpectra(this.zRe[slot], this.zIm[slot], a, two);
    }
  }

  /**
   * The spectra of channels `a` and `a + n` of `outRe`/`outIm` from the transform in
   * pRe/pIm of (channel a) + i·(channel a + n), both real (X_a = (P + conj P̃) / 2,
   * X_b = (P − conj P̃) / 2i, P̃ the mirrored spectrum); only channel a when not `two`.
   */
  private splitSpectra(outRe: Float64Array, outIm: Float64Array, a: number, two: boolean): void {
    const pr = this.pRe, pi = this.pIm, m = this.mirror, n = this.cells * this.cells, b = a + n;
    if (!two) {
      outRe.set(pr, a);
      outIm.set(pi, a);
      return;
    }
    for (let i = 0; i < n; i++) {
      const j = m[i];
      const fr = pr[i], fi = pi[i], gr = pr[j], gi = pi[j];
      outRe[a + i] = 0.5 * (fr + gr);
      outIm[a + i] = 0.5 * (fi - gi);
      outRe[b + i] = 0.5 * (fi + gi);
      outIm[b + i] = -0.5 * (fr - gr);
    }
  }

  /**
   * Learns from the sample in `slot`, whose target is displaced by (dx, dy) cells from the
   * sample's centre (the label is shifted to match, by the shift theorem): replaces the model
   * (the first time) or blends into it at `rate`; the box model (`useBoxModel()`), at `boxRate`.
   */
  train(rate: number, slot = 0, dx = 0, dy = 0, boxRate = rate): void {
    const G = this.cells, C = this.channels;
    const r = this.trained ? rate : 1, k = 1 - r;
    const zr = this.zRe[slot], zi = this.zIm[slot];
    let yr = this.yRe, yi = this.yIm;
    if (dx !== 0 || dy !== 0) {
      const px = this.phx, py = this.phy;
      for (let u = 0; u < G; u++) {
        const f = u < G / 2 ? u : u - G;
        px[2 * u] = Math.cos((-2 * Math.PI * f * dx) / G);
        px[2 * u + 1] = Math.sin((-2 * Math.PI * f * dx) / G);
        py[2 * u] = Math.cos((-2 * Math.PI * f * dy) / G);
        py[2 * u + 1] = Math.sin((-2 * Math.PI * f * dy) / G);
      }
      const sr = this.syRe, si = this.syIm;
      for (let v = 0; v < G; v++) {
        const cy = py[2 * v], sy = py[2 * v + 1];
        for (let u = 0; u < G; u++) {
          const cr = px[2 * u] * cy - px[2 * u + 1] * sy, ci = px[2 * u] * sy + px[2 * u + 1] * cy;
          const i = v * G + u, a = this.yRe[i], b = this.yIm[i];
          sr[i] = a * cr - b * ci;
          si[i] = a * ci + b * cr;
        }
      }
      yr = sr;
      yi = si;
    }
    const kernel = this.kernel, shifted = yr === this.syRe;
    if (kernel) kernel.train(slot, C, r, k, shifted);
    else this.blend(this.aRe, this.aIm, this.den, zr, zi, yr, yi, r);
    if (this.box) {
      const rb = this.trained ? boxRate : 1;
      if (kernel) kernel.train(slot, C, rb, 1 - rb, shifted, true);
      else this.blend(this.box.re, this.box.im, this.box.den, zr, zi, yr, yi, rb);
    }
    const first = !this.trained;
    this.trained = true;
    if (this.boxCover && (first || ++this.sinceSupport >= this.supportEvery)) {
      this.sinceSupport = 0;
      this.constrain();
    }
  }

  /** Blends the sample (zr, zi) with label (yr, yi) into a model's numerator and denominator at `r`. */
  private blend(ar: Float64Array, ai: Float64Array, den: Float64Array, zr: Float64Array, zi: Float64Array,
    yr: Float64Array, yi: Float64Array, r: number): void {
    const n = this.cells * this.cells, C = this.channels, inv = 1 / n, k = 1 - r;
    for (let i = 0; i < n; i++) den[i] *= k;
    for (let ch = 0, o = 0; ch < C; ch++, o += n) {
      for (let i = 0; i < n; i++) {
        const xr = zr[o + i], xi = zi[o + i];
        // conj(Y) · X
        ar[o + i] = k * ar[o + i] + r * inv * (yr[i] * xr + yi[i] * xi);
        ai[o + i] = k * ai[o + i] + r * inv * (yr[i] * xi - yi[i] * xr);
        den[i] += r * inv * (xr * xr + xi * xi);
      }
    }
  }

  /** Applies the support now (after trainings in a row that were not all constrained), restarting its count. */
  constrainNow(): void {
    if (!this.boxCover || !this.trained) return;
    this.sinceSupport = 0;
    this.constrain();
  }

  /**
   * H_l = support · (A_l / (B + λ)) in the spatial domain, two real channels an FFT each way;
   * with a box model, box cover · F_box + floor · (1 − box cover) · F instead.
   */
  private constrain(): void {
    const n = this.cells * this.cells, C = this.channels, lambda = this.lambda;
    const pr = this.pRe, pi = this.pIm, box = this.box, c = this.boxCover!, floor = this.floor;
    for (let i = 0; i < n; i++) this.invDen[i] = 1 / (this.den[i] + lambda);
    if (box) for (let i = 0; i < n; i++) box.inv[i] = 1 / (box.den[i] + lambda);
    for (let ch = 0; ch < C; ch += 2) {
      const two = ch + 1 < C;
      if (box) {
        // the box model's filter in the spatial domain, kept aside, then the main model's
        this.spatialFilter(box.re, box.im, box.inv, ch, two);
        box.sRe.set(pr);
        box.sIm.set(pi);
      }
      this.spatialFilter(this.aRe, this.aIm, this.invDen, ch, two);
      if (box) {
        const br = box.sRe, bi = box.sIm;
        for (let i = 0; i < n; i++) {
          const k = floor * (1 - c[i]);
          pr[i] = c[i] * br[i] + k * pr[i];
          pi[i] = two ? c[i] * bi[i] + k * pi[i] : 0;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const m = floor + (1 - floor) * c[i];
          pr[i] *= m;
          pi[i] = two ? pi[i] * m : 0;
        }
      }
      this.fft.forward(pr, pi);
      this.splitSpectra(this.hRe, this.hIm, ch * n, two);
    }
  }

  /**
   * Into pRe + i·pIm: channels `ch` and `ch + 1` (if `two`) of the filter A · inv of the model
   * (ar, ai; inv = 1 / (B + λ)), in the spatial domain.
   */
  private spatialFilter(ar: Float64Array, ai: Float64Array, inv: Float64Array, ch: number, two: boolean): void {
    const n = this.cells * this.cells, pr = this.pRe, pi = this.pIm, a = ch * n, b = (ch + 1) * n;
    // P = F_a + i·F_b (F = A / (B + λ), each the spectrum of a real filter)
    for (let i = 0; i < n; i++) {
      const d = inv[i];
      if (two) {
        pr[i] = (ar[a + i] - ai[b + i]) * d;
        pi[i] = (ai[a + i] + ar[b + i]) * d;
      } else {
        pr[i] = ar[a + i] * d;
        pi[i] = ai[a + i] * d;
      }
    }
    this.fft.inverse(pr, pi);
  }

  /** Response to the last `transform()`ed sample, into `response`. */
  respond(slot = 0): Float64Array {
    if (this.kernel) {
      this.kernel.respond(slot, this.channels, this.boxCover !== null, this.lambda);
      return this.response;
    }
    const n = this.cells * this.cells, C = this.channels;
    const zr = this.zRe[slot], zi = this.zIm[slot], ar = this.aRe, ai = this.aIm, den = this.den, pr = this.pRe, pi = this.pIm;
    pr.fill(0);
    pi.fill(0);
    if (this.boxCover) {
      const hr = this.hRe, hi = this.hIm;
      for (let ch = 0, o = 0; ch < C; ch++, o += n) {
        for (let i = 0; i < n; i++) {
          const a = hr[o + i], b = hi[o + i], x = zr[o + i], y = zi[o + i];
          pr[i] += a * x + b * y;
          pi[i] += a * y - b * x;
        }
      }
      this.fft.inverse(pr, pi);
      this.response.set(pr);
      return this.response;
    }
    for (let ch = 0, o = 0; ch < C; ch++, o += n) {
      for (let i = 0; i < n; i++) {
        const a = ar[o + i], b = ai[o + i], x = zr[o + i], y = zi[o + i];
        pr[i] += a * x + b * y;
        pi[i] += a * y - b * x;
      }
    }
    const lambda = this.lambda;
    for (let i = 0; i < n; i++) {
      const d = 1 / (den[i] + lambda);
      pr[i] *= d;
      pi[i] *= d;
    }
    this.fft.inverse(pr, pi);
    this.response.set(pr);
    return this.response;
  }
}
