/**
 * The mean-shift kernel in WebAssembly with 128-bit SIMD (source: wasm/kernel.as, compiled
 * into wasm/kernel-wasm.ts by `npm run build:wasm`): the same integer semantics as
 * filterPackedRowsPlain, bit for bit, 8 pixels a vector. Compiled synchronously on first
 * use (the module is ~1 KB, within every browser's main-thread limit), once per thread or
 * Worker. Where WebAssembly or its SIMD is missing, `wasmKernelAvailable()` is false and the
 * callers keep the JS kernel. DOM-free, imports no Node module.
 */
import { cvRound, windowBounds, type RgbKernelParams } from './rgb-kernel.js';
import { decodeBase64 } from '../util/wasm-module.js';
import { KERNEL_WASM_BASE64 } from './wasm/kernel-wasm.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  filter(
    p0: number, p1: number, p2: number, width: number,
    loX: number, hiX: number, loY: number, hiY: number,
    isr2: number, maxIter: number, eps: number,
    rowStart: number, rowEnd: number, rowOffset: number, bits: number, dst: number, mask: number,
  ): void;
}

let kernel: KernelExports | null | undefined;

function instance(): KernelExports | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return null;
    const bytes = decodeBase64(KERNEL_WASM_BASE64);
    // validating the module itself is the SIMD feature test: it uses v128 throughout
    if (!WebAssembly.validate(bytes)) return null;
    kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as KernelExports;
  } catch (e) {
    // the module validates, so the runtime refused to compile it: a Content-Security-Policy
    // without 'wasm-unsafe-eval' (or 'unsafe-eval'), most likely. Say so once.
    kernel = null;
    refusal = (e as Error)?.message ?? String(e);
    console.warn(
      `modeseek: WebAssembly was refused (${refusal}); mean-shift filtering uses its JS kernel, ` +
        `about half as fast. Allow 'wasm-unsafe-eval' in the page's Content-Security-Policy (script-src) to use the WebAssembly kernel.`,
    );
  }
  return kernel;
}

let refusal: string | null = null;

/** Why the runtime refused the WebAssembly kernel (a CSP, usually), or null when it did not. */
export function wasmKernelRefusal(): string | null {
  instance();
  return refusal;
}

/** Whether this runtime can run the WebAssembly SIMD kernel. */
export function wasmKernelAvailable(): boolean {
  return instance() !== null;
}

const align16 = (v: number): number => (v + 15) & ~15;

/**
 * Whether the kernel's 16-bit accumulators hold every window's sums: each lane adds at most
 * (window rows) · (vectors a row) values, each below max(channel maximum, widest row, tallest column).
 */
export function wasmLanesFit(loX: Int32Array, hiX: Int32Array, loY: Int32Array, hiY: Int32Array, bits: 8 | 10): boolean {
  let wide = 0;
  let tall = 0;
  for (let j = 0; j < loX.length; j++) if (hiX[j] - loX[j] + 1 > wide) wide = hiX[j] - loX[j] + 1;
  for (let i = 0; i < loY.length; i++) if (hiY[i] - loY[i] + 1 > tall) tall = hiY[i] - loY[i] + 1;
  return tall * Math.ceil(wide / 8) * Math.max((1 << bits) - 1, wide, tall) <= 0xffff;
}

/**
 * filterPackedRows in WebAssembly SIMD. Returns false (and writes nothing) when the module is
 * unavailable or the parameters are outside its lanes (very wide windows, huge colour radii):
 * the caller then runs the JS kernel.
 */
export function filterPackedRowsWasm(
  px: Int32Array,
  bits: 8 | 10,
  width: number,
  rows: number,
  p: RgbKernelParams,
  rowStart: number,
  rowEnd: number,
  dst: Int32Array,
  rowOffset = 0,
  refine?: Uint8Array,
): boolean {
  const k = instance();
  if (k === null) return false;
  const isr2 = cvRound(p.colorRadius * p.colorRadius);
  if (!(isr2 >= 0 && isr2 <= 2 ** 30)) return false;
  const { lo: loX, hi: hiX } = windowBounds(width, p.spatialRadius);
  const { lo: loY, hi: hiY } = windowBounds(rows, p.spatialRadius, rowOffset);
  if (!wasmLanesFit(loX, hiX, loY, hiY, bits)) return false;
  const maxIter = Math.max(1, Math.min(100, p.maxIterations | 0));
  const eps = Math.max(0, p.epsilon);
  const n = width * rows;
  const outN = rowEnd > rowStart ? (rowEnd - rowStart) * width : 0;
  if (outN === 0) return true;
  // layout: loX hiX loY hiY | p0 p1 p2 (16-bit, 8 pixels of padding) | dst | mask
  const oLoX = align16(k.heapBase());
  const oHiX = align16(oLoX + width * 4);
  const oLoY = align16(oHiX + width * 4);
  const oHiY = align16(oLoY + rows * 4);
  const plane = align16((n + 8) * 2);
  const oP0 = align16(oHiY + rows * 4);
  const oP1 = oP0 + plane;
  const oP2 = oP1 + plane;
  const oDst = oP2 + plane;
  const oMask = align16(oDst + outN * 4);
  const end = refine ? oMask + n : oDst + outN * 4;
  const have = k.memory.buffer.byteLength;
  if (end > have) k.memory.grow(Math.ceil((end - have) / 65536));
  const buf = k.memory.buffer;
  new Int32Array(buf, oLoX, width).set(loX);
  new Int32Array(buf, oHiX, width).set(hiX);
  new Int32Array(buf, oLoY, rows).set(loY);
  new Int32Array(buf, oHiY, rows).set(hiY);
  const c0 = new Uint16Array(buf, oP0, n + 8);
  const c1 = new Uint16Array(buf, oP1, n + 8);
  const c2 = new Uint16Array(buf, oP2, n + 8);
  const chan = (1 << bits) - 1;
  const b2 = 2 * bits;
  for (let i = 0; i < n; i++) {
    const v = px[i];
    c0[i] = v & chan;
    c1[i] = (v >> bits) & chan;
    c2[i] = v >> b2;
  }
  for (let i = n; i < n + 8; i++) c0[i] = c1[i] = c2[i] = 0;
  if (refine) {
    new Uint8Array(buf, oMask, n).set(refine.subarray(0, n));
    new Int32Array(buf, oDst, outN).set(dst.subarray(0, outN)); // skipped pixels keep the caller's values
  }
  k.filter(oP0, oP1, oP2, width, oLoX, oHiX, oLoY, oHiY, isr2, maxIter, eps, rowStart, rowEnd, rowOffset, bits, oDst, refine ? oMask : 0);
  dst.set(new Int32Array(buf, oDst, outN));
  return true;
}
