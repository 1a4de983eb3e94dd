/**
 * Back projection of hue histograms and window moments in WebAssembly with 128-bit SIMD
 * (source: wasm/kernel.as, compiled into wasm/kernel-wasm.ts by `npm run build:wasm`): the
 * same bytes as `BackProjector.projectRows` and the same moments as `regionMoments`, 16
 * pixels a vector. The module (~10 KB: a copy of the loop for each setting) is compiled on
 * first use, once per thread or Worker: synchronously where the runtime allows it (Node, a
 * Worker), else in the background (a browser's main thread), the JS loops serving meanwhile.
 * Each `WasmFrameKernel` has its own instance and memory, sized once for its frame size, so
 * its `prob` view stays valid for its whole life. Where WebAssembly or its SIMD is
 * missing, `wasmBackProjectionAvailable()` is false and the callers keep the JS loops.
 * DOM-free, imports no Node module.
 */
import type { HueKernelParams } from './back-project.js';
import { decodeBase64 } from '../util/wasm-module.js';
import { BACK_PROJECT_WASM_BASE64 } from './wasm/kernel-wasm.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  project(
    src: number, ch: number, width: number, x0: number, y0: number, x1: number, y1: number, dst: number,
    table: number, vLo: number, vHi: number, sLoK: number, sHiK: number,
    binMul: number, binShift: number, binAdd: number,
  ): void;
  moments(map: number, width: number, x: number, y: number, w: number, h: number, order: number, out: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

function module(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return null;
    const bytes = decodeBase64(BACK_PROJECT_WASM_BASE64);
    // validating the module itself is the SIMD feature test: it uses v128 throughout
    if (!WebAssembly.validate(bytes)) return null;
    try {
      compiled = new WebAssembly.Module(bytes);
    } catch {
      // too big to compile synchronously here (Chromium's main thread allows 4 KB): compile
      // in the background; until it is ready, callers keep the JS loops
      WebAssembly.compile(bytes).then(
        (m) => (compiled = m),
        () => undefined,
      );
    }
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * Whether this runtime can run the WebAssembly SIMD back-projection kernel now (false while
 * it compiles in the background, and where WebAssembly or its SIMD is missing).
 */
export function wasmBackProjectionAvailable(): boolean {
  return module() !== null;
}

const align16 = (v: number): number => (v + 15) & ~15;
/** Bytes the kernel may read or write past the last pixel (16 pixels of RGBA). */
const PAD = 64;

/**
 * One frame size's worth of kernel state: the staged frame (RGB or RGBA), the back-projection
 * map `prob` (width × height bytes, a view of the module's memory) and the moments' output.
 */
export class WasmFrameKernel {
  readonly width: number;
  readonly height: number;
  /** The frame-sized back-projection map the kernel writes (a view of its memory). */
  readonly prob: Uint8Array;
  private readonly k: KernelExports;
  private readonly heap: Uint8Array;
  private readonly out: Float64Array;
  private readonly oTable: number;
  private readonly oOut: number;
  private readonly oProb: number;
  private readonly oFrame: number;
  private params: HueKernelParams;

  /** Throws when the module is unavailable or the memory cannot be had: check `wasmBackProjectionAvailable()` first. */
  constructor(width: number, height: number, params: HueKernelParams) {
    const m = module();
    if (!m) throw new Error('WebAssembly SIMD is not available here');
    const k = new WebAssembly.Instance(m, {}).exports as unknown as KernelExports;
    const n = width * height;
    this.oTable = align16(k.heapBase());
    this.oOut = this.oTable + 208;
    this.oProb = align16(this.oOut + 48);
    this.oFrame = align16(this.oProb + n + PAD);
    const end = this.oFrame + n * 4 + PAD;
    const have = k.memory.buffer.byteLength;
    if (end > have) k.memory.grow(Math.ceil((end - have) / 65536));
    // the memory never grows again: these views stay valid
    const buf = k.memory.buffer;
    this.k = k;
    this.width = width;
    this.height = height;
    this.heap = new Uint8Array(buf);
    this.prob = new Uint8Array(buf, this.oProb, n);
    this.out = new Float64Array(buf, this.oOut, 6);
    this.params = params;
    this.heap.set(params.table, this.oTable);
  }

  /** Copies a frame (RGB or RGBA, width × height) into the kernel's memory. */
  stage(data: Uint8Array | Uint8ClampedArray): void {
    this.heap.set(data, this.oFrame);
  }

  /** Projects [x0, x1) × [y0, y1) of the staged frame (`channels` 3 or 4) into `prob`. */
  project(channels: 3 | 4, x0: number, y0: number, x1: number, y1: number): void {
    if (x1 <= x0 || y1 <= y0) return;
    const p = this.params;
    this.k.project(this.oFrame, channels, this.width, x0, y0, x1, y1, this.oProb, this.oTable, p.vLo, p.vHi, p.sLoK, p.sHiK, p.binMul, p.binShift, p.binAdd);
  }

  /** Raw moments of the window of `prob`, into `out`: the same six numbers as `regionMoments`. */
  moments(x: number, y: number, w: number, h: number, order: 1 | 2, out: Float64Array): Float64Array {
    this.k.moments(this.oProb, this.width, x, y, w, h, order, this.oOut);
    const o = this.out;
    out[0] = o[0];
    out[1] = o[1];
    out[2] = o[2];
    out[3] = o[3];
    out[4] = o[4];
    out[5] = o[5];
    return out;
  }
}
