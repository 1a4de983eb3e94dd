#!/usr/bin/env node
// The `modeseek` command. In an installed package it runs the compiled CLI from dist/;
// in a source checkout without a build it runs the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
const source = join(root, 'src', 'cli', 'main.ts');

let entry;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = source;
} else if (existsSync(built)) {
  entry = built;
} else {
  console.error('modeseek: neither dist/cli/main.js nor src/cli/main.ts found; run `npm run build`.');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
