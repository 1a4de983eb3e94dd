// Regenerates kernel-wasm.ts (the compiled SIMD kernel, base64) from kernel.as with
// AssemblyScript: `npm run build:wasm`; --check exits 1 when the committed one is stale.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasmModule } from '../../../../scripts/wasm-module.mjs';

buildWasmModule({ dir: dirname(fileURLToPath(import.meta.url)), constName: 'ROBUST_WASM_BASE64', script: 'src/track/robust/wasm/build.mjs', tmpPrefix: 'modeseek-robust-wasm-' });
