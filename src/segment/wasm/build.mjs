// Regenerates kernel-wasm.ts (the compiled SIMD kernel, base64) from kernel.as with
// AssemblyScript: `npm run build:wasm`; --check exits 1 when the committed one is stale.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasmModule } from '../../../scripts/wasm-module.mjs';

buildWasmModule({ dir: dirname(fileURLToPath(import.meta.url)), constName: 'KERNEL_WASM_BASE64', script: 'src/segment/wasm/build.mjs', tmpPrefix: 'modeseek-wasm-' });
