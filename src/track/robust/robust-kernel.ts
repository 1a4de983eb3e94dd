/**
 * The robust tracker's WebAssembly kernel (source: wasm/kernel.as, compiled into
 * wasm/kernel-wasm.ts by `npm run build:wasm`): the frame's gray plane, template sampling,
 * templates turned about their centre, HOG cell features, the 2-D FFT and the correlation filter's transform, response and
 * training, with the same results, bit for bit, as `GrayPlane`, `PatchSampler`, `turnTemplate`,
 * `HogFeatures.compute`, `Fft2d` and `CorrelationFilter` (the unit tests compare them).
 * Each `RobustKernel` has its own instance and memory, sized once when it is made, holding
 * its detector's templates, features, spectra and filter, so the JS side reads and writes
 * them through views without copies. The module (~5 KB) is
 * compiled on first use, once per thread or Worker: synchronously where the runtime allows it
 * (Node, a Worker), else in the background (a browser's main thread). Until then, and where
 * WebAssembly or its SIMD is missing or a Content-Security-Policy refuses it,
 * `RobustKernel.create()` returns null and the tracker keeps its JS loops: the same boxes,
 * about half as fast. DOM-free, imports no Node module.
 */
import { compileSimdModule, decodeBase64 } from '../../util/wasm-module.js';
import { fftTables } from './fft2d.js';
import { HOG_CHANNELS, orientationLut } from './hog-features.js';
import type { TurnCoefficients } from './rotate-template.js';
import { ROBUST_WASM_BASE64 } from './wasm/kernel-wasm.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  hog(gray: number, bins: number, lut: number, out: number, hist: number, energy: number, size: number, cell: number, scratch: number): void;
  convert(src: number, channels: number, w: number, h: number, gray: number, bins: number, grayBins: number): void;
  sample(plane: number, planeBins: number, stride: number, px: number, py: number, tables: number, size: number, out: number, bins: number): void;
  turn(srcGray: number, srcBins: number, gray: number, bins: number, size: number, uu: number, uv: number, vu: number, vv: number, scratch: number): void;
  sampleTaps(stage: number, channels: number, sw: number, sx0: number, sy0: number, tables: number, size: number, tapsX: number, tapsY: number, out: number, bins: number, grayBins: number): void;
  transform(features: number, window: number, channels: number, cells: number, zRe: number, zIm: number, pRe: number, pIm: number, tables: number): void;
  respond(fRe: number, fIm: number, den: number, lambda: number, zRe: number, zIm: number, channels: number, cells: number, pRe: number, pIm: number, tables: number, out: number): void;
  train(aRe: number, aIm: number, den: number, zRe: number, zIm: number, yRe: number, yIm: number, channels: number, n: number, r: number, k: number, inv: number): void;
  fft(re: number, im: number, w: number, h: number, tables: number, sign: number, scale: number): void;
}

let compiled: WebAssembly.Module | null | undefined;
let enabled = true;

function module(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    compiled = compileSimdModule(ROBUST_WASM_BASE64);
  } catch {
    // refused synchronously: a browser's main thread limits the size of modules compiled so
    // (Chromium: 4 KB), so compile in the background; trackers initialised meanwhile keep the
    // JS loops (the same boxes). Refused again: a Content-Security-Policy, most likely.
    WebAssembly.compile(decodeBase64(ROBUST_WASM_BASE64)).then(
      (m) => (compiled = m),
      (e: unknown) =>
        console.warn(
          `modeseek: WebAssembly was refused (${(e as Error)?.message ?? String(e)}); the robust tracker uses its JS loops, ` +
            `about half as fast. Allow 'wasm-unsafe-eval' in the page's Content-Security-Policy (script-src) to use the WebAssembly kernel.`,
        ),
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

/** The correlation filter's arrays held in the kernel's memory (see `CorrelationFilter`). */
const FILTER_ARRAYS = ['aRe', 'aIm', 'hRe', 'hIm', 'den', 'bRe', 'bIm', 'bDen', 'window', 'yRe', 'yIm', 'syRe', 'syIm', 'response', 'invDen'] as const;
type FilterArray = (typeof FILTER_ARRAYS)[number];
/** Those with a G² plane for every channel (the others have one). bRe, bIm, bDen: the box model's (`CorrelationFilter.useBoxModel()`). */
const CHANNEL_ARRAYS: ReadonlySet<FilterArray> = new Set(['aRe', 'aIm', 'hRe', 'hIm', 'bRe', 'bIm']);

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
  /**
   * `CorrelationFilter`'s arrays (for up to `HOG_CHANNELS` channels; a filter of fewer uses
   * the start of each): the sample spectra per slot, the model, the label, the window.
   */
  readonly filter: Record<FilterArray, Float64Array>;
  readonly zRe: Float64Array[] = [];
  readonly zIm: Float64Array[] = [];
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
  /** The HOG's per-pixel magnitudes (f64) and orientation bins (u8). */
  private readonly oScratch: number;
  private readonly oTables: number;
  private readonly oRe: number;
  private readonly oTabs: number[] = [];
  private readonly oPlane: number;
  private readonly oPlaneBins: number;
  /** A template's copy (gray f32, bins u16) that `turn()` reads while it writes the slot. */
  private readonly oTurnGray: number;
  private readonly oTurnBins: number;
  private readonly turnGray: Float32Array;
  private readonly turnBins: Uint16Array;
  private readonly oStage: number;
  private readonly stage: Uint8Array;
  private readonly stageBytes: number;
  /** The frame rectangle staged by `stageRect()` ([x0, x1) × [y0, y1), empty after `newFrame()`). */
  private readonly staged = { x0: 0, y0: 0, x1: 0, y1: 0, channels: 0 };
  private readonly oFilter = {} as Record<FilterArray, number>;
  private readonly oZRe: number[] = [];
  private readonly oZIm: number[] = [];
  private readonly oIm: number;

  /**
   * A kernel for `slots` templates of `size` pixels in cells of `cell`, reading frames of up
   * to `frameBytes` bytes, or null where it cannot run (see the module's note).
   */
  static create(size: number, cell: number, slots: number, frameBytes = 0): RobustKernel | null {
    const G = size / cell;
    if (!Number.isInteger(G) || G < 4 || (G & (G - 1)) !== 0) throw new RangeError(`RobustKernel: ${size} / ${cell} cells a side must be a power of two ≥ 4`);
    const m = enabled ? module() : null;
    return m ? new RobustKernel(m, size, cell, slots, frameBytes) : null;
  }

  private constructor(m: WebAssembly.Module, readonly size: number, readonly cell: number, slots: number, frameBytes: number) {
    const k = new WebAssembly.Instance(m, {}).exports as unknown as KernelExports;
    const S2 = size * size, G = size / cell, n = G * G, lut = orientationLut();
    let o = align16(k.heapBase());
    const take = (bytes: number): number => {
      const at = o;
      o = align16(o + bytes);
      return at;
    };
    this.oLut = take(lut.length);
    // the FFT's twiddles and permutations, then room for two rows interleaved (see kernel.as, fft)
    this.oTables = take(G * 8 * 2 + G * 4 * 2 + G * 8 * 4);
    this.oHist = take(9 * n * 8);
    this.oEnergy = take(n * 8);
    this.oScratch = take(S2 * 9);
    this.oRe = take(n * 8);
    this.oIm = take(n * 8);
    const cap = (this.planeCapacity = (2 * size + 4) * (2 * size + 4));
    this.oPlane = take(cap * 8);
    this.oPlaneBins = take(cap * 2);
    this.oTurnGray = take(S2 * 4);
    this.oTurnBins = take(S2 * 2);
    this.stageBytes = Math.max(cap * 4, frameBytes);
    this.oStage = take(this.stageBytes);
    for (const name of FILTER_ARRAYS) this.oFilter[name] = take((CHANNEL_ARRAYS.has(name) ? HOG_CHANNELS : 1) * n * 8);
    for (let s = 0; s < slots; s++) {
      this.oZRe.push(take(HOG_CHANNELS * n * 8));
      this.oZIm.push(take(HOG_CHANNELS * n * 8));
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
    this.stage = new Uint8Array(buf, this.oStage, this.stageBytes);
    this.turnGray = new Float32Array(buf, this.oTurnGray, S2);
    this.turnBins = new Uint16Array(buf, this.oTurnBins, S2);
    this.filter = {} as Record<FilterArray, Float64Array>;
    for (const name of FILTER_ARRAYS) this.filter[name] = new Float64Array(buf, this.oFilter[name], (CHANNEL_ARRAYS.has(name) ? HOG_CHANNELS : 1) * n);
    for (let s = 0; s < slots; s++) {
      this.zRe.push(new Float64Array(buf, this.oZRe[s], HOG_CHANNELS * n));
      this.zIm.push(new Float64Array(buf, this.oZIm[s], HOG_CHANNELS * n));
    }
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
    this.newFrame(); // the staging area is reused: what `stageRect()` staged is gone
    for (let y = 0; y < h; y++) {
      const a = ((y0 + y) * width + x0) * c;
      st.set(frame.subarray(a, a + rowBytes), y * rowBytes);
    }
    this.k.convert(this.oStage, c, w, h, this.oPlane, this.oPlaneBins, grayBins ? 1 : 0);
  }

  /** A new frame: the rectangle staged from the last one is forgotten. */
  newFrame(): void {
    this.staged.x1 = this.staged.x0;
  }

  /**
   * Copies [x0, x1) × [y0, y1) of a frame into the staging area, unless it lies inside the
   * rectangle staged from this frame already. False when it does not fit (`frameBytes`).
   */
  stageRect(frame: Uint8Array | Uint8ClampedArray, channels: number, width: number, x0: number, y0: number, x1: number, y1: number): boolean {
    const s = this.staged;
    if (s.x1 > s.x0 && s.channels === channels && x0 >= s.x0 && y0 >= s.y0 && x1 <= s.x1 && y1 <= s.y1) return true;
    const rowBytes = (x1 - x0) * channels;
    if (rowBytes * (y1 - y0) > this.stageBytes) return false;
    const st = this.stage;
    for (let y = y0; y < y1; y++) {
      const a = (y * width + x0) * channels;
      st.set(frame.subarray(a, a + rowBytes), (y - y0) * rowBytes);
    }
    Object.assign(s, { x0, y0, x1, y1, channels });
    return true;
  }

  /** `PatchSampler.sample`'s shrinking case for slot `slot` from the staged rectangle (`stageRect()`), with the slot's tables. */
  sampleTaps(slot: number, tapsX: number, tapsY: number, grayBins: boolean): void {
    const s = this.staged;
    this.k.sampleTaps(this.oStage, s.channels, s.x1 - s.x0, s.x0, s.y0, this.oTabs[slot], this.size, tapsX, tapsY, this.oGray[slot], this.oBins[slot], grayBins ? 1 : 0);
  }

  /** `PatchSampler.sample`'s bilinear case for slot `slot`, from the plane (row stride `stride`, corner (px, py)), with the slot's tables. */
  sample(slot: number, stride: number, px: number, py: number): void {
    this.k.sample(this.oPlane, this.oPlaneBins, stride, px, py, this.oTabs[slot], this.size, this.oGray[slot], this.oBins[slot]);
  }

  /** `turnTemplate` of slot `slot`'s template in place (through a copy), by the turn `k` (see `turnCoefficients`). */
  turn(slot: number, k: TurnCoefficients): void {
    this.turnGray.set(this.gray[slot]);
    this.turnBins.set(this.bins[slot]);
    this.k.turn(this.oTurnGray, this.oTurnBins, this.oGray[slot], this.oBins[slot], this.size, k.uu, k.uv, k.vu, k.vv, this.oScratch);
  }

  /** `HogFeatures.compute` of slot `slot`'s template into its features; `withBins` false leaves the opponent colours 0. */
  hog(slot: number, withBins: boolean): void {
    this.k.hog(this.oGray[slot], withBins ? this.oBins[slot] : 0, this.oLut, this.oFeatures[slot], this.oHist, this.oEnergy, this.size, this.cell, this.oScratch);
  }

  /** `CorrelationFilter.transform` of slot `slot`'s features (the first `channels`) into its spectra `zRe`, `zIm`. */
  transform(slot: number, channels: number): void {
    const f = this.oFilter;
    this.k.transform(this.oFeatures[slot], f.window, channels, this.size / this.cell, this.oZRe[slot], this.oZIm[slot], this.oRe, this.oIm, this.oTables);
  }

  /**
   * `CorrelationFilter.respond` to slot `slot`'s spectra into `filter.response`: with the
   * constrained filter (hRe, hIm) when `constrained`, else the model (aRe, aIm over den + λ).
   */
  respond(slot: number, channels: number, constrained: boolean, lambda: number): void {
    const f = this.oFilter, G = this.size / this.cell;
    this.k.respond(constrained ? f.hRe : f.aRe, constrained ? f.hIm : f.aIm, constrained ? 0 : f.den, lambda,
      this.oZRe[slot], this.oZIm[slot], channels, G, this.oRe, this.oIm, this.oTables, f.response);
  }

  /**
   * `CorrelationFilter.train`'s blend of slot `slot`'s spectra at rate r (k = 1 − r) into the
   * model (aRe, aIm, den) or, when `box`, the box model (bRe, bIm, bDen), against the label
   * or, when `shifted`, the shifted label (syRe, syIm).
   */
  train(slot: number, channels: number, r: number, k: number, shifted: boolean, box = false): void {
    const f = this.oFilter, G = this.size / this.cell, n = G * G;
    this.k.train(box ? f.bRe : f.aRe, box ? f.bIm : f.aIm, box ? f.bDen : f.den, this.oZRe[slot], this.oZIm[slot],
      shifted ? f.syRe : f.yRe, shifted ? f.syIm : f.yIm, channels, n, r, k, 1 / n);
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
