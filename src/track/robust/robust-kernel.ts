/**
 * The robust tracker's WebAssembly kernel (source: wasm/kernel.as, compiled into
 * wasm/kernel-wasm.ts by `npm run build:wasm`): the frame's gray plane, template sampling,
 * HOG cell features and the 2-D FFT, with the same results, bit for bit, as `GrayPlane`,
 * `PatchSampler`, `HogFeatures.compute` and `Fft2d` (the unit tests compare them). Each `RobustKernel` has its own instance and memory, sized once when it is made,
 * holding the templates its detector samples into, their features, and the FFT's grid, so
 * the JS side reads and writes them through views without copies. The module (~3 KB) is
 * compiled on first use, once per thread or Worker. Where WebAssembly or its SIMD is missing,
 * or a Content-Security-Policy refuses it, `RobustKernel.create()` returns null and the
 * tracker keeps its JS loops (about a third slower). DOM-free, imports no Node module.
 */
import { compileSimdModule } from '../../util/wasm-module.js';
import { fftTables } from './fft2d.js';
import { HOG_CHANNELS, orientationLut } from './hog-features.js';
import { ROBUST_WASM_BASE64 } from './wasm/kernel-wasm.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  hog(gray: number, bins: number, lut: number, out: number, hist: number, energy: number, size: number, cell: number): void;
  convert(src: number, channels: number, w: number, h: number, gray: number, bins: number, grayBins: number): void;
  sample(plane: number, planeBins: number, stride: number, px: number, py: number, tables: number, size: number, out: number, bins: number): void;
  fft(re: number, im: number, w: number, h: number, tables: number, sign: number, scale: number): void;
}

let compiled: WebAssembly.Module | null | undefined;
let enabled = true;

function module(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    compiled = compileSimdModule(ROBUST_WASM_BASE64);
  } catch (e) {
    console.warn(
      `modeseek: WebAssembly was refused (${(e as Error)?.message ?? String(e)}); the robust tracker uses its JS loops, ` +
        `about a third slower. Allow 'wasm-unsafe-eval' in the page's Content-Security-Policy (script-src) to use the WebAssembly kernel.`,
    );
  }
  return compiled;
}

/**
 * Whether robust trackers initialised from now on use the kernel where the runtime has it
 * (default true). For tests and benchmarks that compare it with the JS loops; a tracker keeps
 * what it had at its last `init()`.
 */
export function useRobustKernel(on: boolean): void {
  enabled = on;
}

const align16 = (v: number): number => (v + 15) & ~15;

export class RobustKernel {
  /** Per slot: the gray template (size², 0..255), its colour bins, and its cell features (HOG_CHANNELS × cells²). */
  readonly gray: Float32Array[] = [];
  readonly bins: Uint16Array[] = [];
  readonly features: Float64Array[] = [];
  /** Per slot: `PatchSampler`'s axis tables (x0, x1, wx, y0, y1, wy of 2·size entries, xn, yn of size). */
  readonly tables: { x0: Int32Array; x1: Int32Array; wx: Float32Array; y0: Int32Array; y1: Int32Array; wy: Float32Array; xn: Int32Array; yn: Int32Array }[] = [];
  /** `GrayPlane`'s gray and colour bins of the rectangle converted last (`planeCapacity` pixels at most). */
  readonly planeGray: Float64Array;
  readonly planeBins: Uint16Array;
  /** Pixels the plane holds at most: the rectangle of a window up to twice the template a side. */
  readonly planeCapacity: number;
  /** The FFT's grid (cells², real and imaginary parts): transforms of these arrays copy nothing. */
  readonly fftRe: Float64Array;
  readonly fftIm: Float64Array;
  private readonly k: KernelExports;
  private readonly oGray: number[] = [];
  private readonly oBins: number[] = [];
  private readonly oFeatures: number[] = [];
  private readonly oLut: number;
  private readonly oHist: number;
  private readonly oEnergy: number;
  private readonly oTables: number;
  private readonly oRe: number;
  private readonly oTabs: number[] = [];
  private readonly oPlane: number;
  private readonly oPlaneBins: number;
  private readonly oStage: number;
  private readonly stage: Uint8Array;
  private readonly oIm: number;

  /** A kernel for `slots` templates of `size` pixels in cells of `cell`, or null where it cannot run (see the module's note). */
  static create(size: number, cell: number, slots: number): RobustKernel | null {
    const m = enabled ? module() : null;
    return m ? new RobustKernel(m, size, cell, slots) : null;
  }

  private constructor(m: WebAssembly.Module, readonly size: number, readonly cell: number, slots: number) {
    const k = new WebAssembly.Instance(m, {}).exports as unknown as KernelExports;
    const S2 = size * size, G = size / cell, n = G * G, lut = orientationLut();
    let o = align16(k.heapBase());
    const take = (bytes: number): number => {
      const at = o;
      o = align16(o + bytes);
      return at;
    };
    this.oLut = take(lut.length);
    this.oTables = take(G * 8 * 2 + G * 4 * 2);
    this.oHist = take(9 * n * 8);
    this.oEnergy = take(n * 8);
    this.oRe = take(n * 8);
    this.oIm = take(n * 8);
    const cap = (this.planeCapacity = (2 * size + 4) * (2 * size + 4));
    this.oPlane = take(cap * 8);
    this.oPlaneBins = take(cap * 2);
    this.oStage = take(cap * 4);
    for (let s = 0; s < slots; s++) {
      this.oTabs.push(take(6 * 2 * size * 4 + 2 * size * 4));
      this.oGray.push(take(S2 * 4));
      this.oBins.push(take(S2 * 2));
      this.oFeatures.push(take(HOG_CHANNELS * n * 8));
    }
    const have = k.memory.buffer.byteLength;
    if (o > have) k.memory.grow(Math.ceil((o - have) / 65536));
    // the memory never grows again: these views stay valid
    const buf = k.memory.buffer;
    this.k = k;
    new Uint8Array(buf, this.oLut, lut.length).set(lut);
    const [cos, sin, rev] = fftTables(G);
    const t = new Float64Array(buf, this.oTables, 2 * G);
    // one size both ways: cosX, sinX, cosY, sinY, revX, revY
    t.set(cos, 0);
    t.set(sin, G / 2);
    t.set(cos, G);
    t.set(sin, (3 * G) / 2);
    const r = new Int32Array(buf, this.oTables + 2 * G * 8, 2 * G);
    r.set(rev, 0);
    r.set(rev, G);
    this.planeGray = new Float64Array(buf, this.oPlane, cap);
    this.planeBins = new Uint16Array(buf, this.oPlaneBins, cap);
    this.stage = new Uint8Array(buf, this.oStage, cap * 4);
    this.fftRe = new Float64Array(buf, this.oRe, n);
    this.fftIm = new Float64Array(buf, this.oIm, n);
    for (let s = 0; s < slots; s++) {
      this.gray.push(new Float32Array(buf, this.oGray[s], S2));
      this.bins.push(new Uint16Array(buf, this.oBins[s], S2));
      this.features.push(new Float64Array(buf, this.oFeatures[s], HOG_CHANNELS * n));
      const t = this.oTabs[s], T = 2 * size * 4;
      this.tables.push({
        x0: new Int32Array(buf, t, 2 * size),
        x1: new Int32Array(buf, t + T, 2 * size),
        wx: new Float32Array(buf, t + 2 * T, 2 * size),
        y0: new Int32Array(buf, t + 3 * T, 2 * size),
        y1: new Int32Array(buf, t + 4 * T, 2 * size),
        wy: new Float32Array(buf, t + 5 * T, 2 * size),
        xn: new Int32Array(buf, t + 6 * T, size),
        yn: new Int32Array(buf, t + 6 * T + size * 4, size),
      });
    }
  }

  /**
   * `GrayPlane.cover`'s conversion of [x0, x0 + w) × [y0, y0 + h) of a frame (w · h at most
   * `planeCapacity`) into `planeGray` and `planeBins` (row stride w); `grayBins` bins by gray level.
   */
  convert(frame: Uint8Array | Uint8ClampedArray, channels: number, width: number, x0: number, y0: number, w: number, h: number, grayBins: boolean): void {
    const c = channels, rowBytes = w * c, st = this.stage;
    for (let y = 0; y < h; y++) {
      const a = ((y0 + y) * width + x0) * c;
      st.set(frame.subarray(a, a + rowBytes), y * rowBytes);
    }
    this.k.convert(this.oStage, c, w, h, this.oPlane, this.oPlaneBins, grayBins ? 1 : 0);
  }

  /** `PatchSampler.sample`'s bilinear case for slot `slot`, from the plane (row stride `stride`, corner (px, py)), with the slot's tables. */
  sample(slot: number, stride: number, px: number, py: number): void {
    this.k.sample(this.oPlane, this.oPlaneBins, stride, px, py, this.oTabs[slot], this.size, this.oGray[slot], this.oBins[slot]);
  }

  /** `HogFeatures.compute` of slot `slot`'s template into its features; `withBins` false leaves the opponent colours 0. */
  hog(slot: number, withBins: boolean): void {
    this.k.hog(this.oGray[slot], withBins ? this.oBins[slot] : 0, this.oLut, this.oFeatures[slot], this.oHist, this.oEnergy, this.size, this.cell);
  }

  /**
   * `Fft2d` of a cells × cells grid in place (sign −1 forward, +1 inverse), each value then
   * multiplied by `scale`. Arrays other than `fftRe` / `fftIm` are copied in and out.
   */
  fft(re: Float64Array, im: Float64Array, sign: -1 | 1, scale: number): void {
    const G = this.size / this.cell, own = re === this.fftRe && im === this.fftIm;
    if (!own) {
      this.fftRe.set(re);
      this.fftIm.set(im);
    }
    this.k.fft(this.oRe, this.oIm, G, G, this.oTables, sign, scale);
    if (!own) {
      re.set(this.fftRe);
      im.set(this.fftIm);
    }
  }
}
