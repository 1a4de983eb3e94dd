/**
 * The shared first step of every WebAssembly kernel: the module, held as base64 in a generated
 * TypeScript file (`npm run build:wasm`), decoded and compiled once per thread. DOM-free.
 */

/** The bytes of a base64 string (atob, present in browsers, Workers and Node). */
export function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
  return out;
}

/**
 * Compiles a SIMD module synchronously: null where WebAssembly or its SIMD is missing (the
 * module does not validate). Throws when the runtime refuses to compile a valid module (a
 * Content-Security-Policy without 'wasm-unsafe-eval', or a size limit on the main thread).
 */
export function compileSimdModule(base64: string): WebAssembly.Module | null {
  if (typeof WebAssembly !== 'object' || typeof atob !== 'function') return null;
  const bytes = decodeBase64(base64);
  // validating the module itself is the SIMD feature test: it uses v128
  if (!WebAssembly.validate(bytes)) return null;
  return new WebAssembly.Module(bytes);
}
