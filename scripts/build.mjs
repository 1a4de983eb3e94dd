#!/usr/bin/env node
// `npm run build`: the published files, the same bytes every time from the same sources.
//   dist/            the library (tsc: .js and .d.ts, no source maps: src/ is not shipped)
//   dist/modeseek-element.js   <modeseek-tracker> with Lit bundled ('modeseek/element')
//   custom-elements.json       the manifest of that file (committed; test/package checks it)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

rmSync(join(root, 'dist'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('vite'), ['build', '-c', 'vite.element.config.ts', '--logLevel', 'warn']);
// The element's own modules import 'lit', which is bundled into modeseek-element.js and is no
// dependency of the package: ship their type declarations only.
for (const f of readdirSync(join(root, 'dist', 'element'))) {
  if (f.endsWith('.js')) rmSync(join(root, 'dist', 'element', f));
}
writeManifest();

/**
 * custom-elements.json from the analyzer's reading of src/element, rewritten to describe what
 * is shipped: one module, dist/modeseek-element.js, that defines <modeseek-tracker>; public
 * members only; each event typed with its detail (from HTMLElementEventMap in events.ts).
 */
function writeManifest() {
  const out = mkdtempSync(join(tmpdir(), 'modeseek-cem-'));
  try {
    // the analyzer also writes its output path into package.json's "customElements": keep ours
    const pkg = readFileSync(join(root, 'package.json'));
    try {
      run(bin('cem'), ['analyze', '--litelement', '--quiet', '--globs', 'src/element/**/*.ts', '--outdir', relative(root, out)]);
    } finally {
      writeFileSync(join(root, 'package.json'), pkg);
    }
    const raw = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8'));
    const decl = raw.modules.flatMap((m) => m.declarations ?? []).find((d) => d.customElement && d.tagName === 'modeseek-tracker');
    if (!decl) throw new Error('custom-elements manifest: no declaration of <modeseek-tracker> found in src/element');
    const detailOf = eventDetailTypes(readFileSync(join(root, 'src/element/events.ts'), 'utf8'));
    const isPublic = (m) => !m.privacy && !m.static && !m.name.startsWith('_') && !m.name.startsWith('#');
    const element = {
      ...decl,
      members: (decl.members ?? []).filter(isPublic),
      events: (decl.events ?? []).map((e) => {
        const type = detailOf.get(e.name);
        if (!type) throw new Error(`custom-elements manifest: event ${e.name} has no entry in HTMLElementEventMap (src/element/events.ts)`);
        return { ...e, type: { text: type } };
      }),
    };
    const path = 'dist/modeseek-element.js';
    const manifest = {
      schemaVersion: raw.schemaVersion,
      readme: '',
      modules: [
        {
          kind: 'javascript-module',
          path,
          declarations: [element],
          exports: [
            { kind: 'js', name: 'ModeseekTracker', declaration: { name: 'ModeseekTracker', module: path } },
            { kind: 'custom-element-definition', name: 'modeseek-tracker', declaration: { name: 'ModeseekTracker', module: path } },
          ],
        },
      ],
    };
    writeFileSync(join(root, 'custom-elements.json'), JSON.stringify(manifest, null, 2) + '\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** 'modeseek-track': CustomEvent<TrackEventDetail>; ... from the HTMLElementEventMap block. */
function eventDetailTypes(source) {
  const map = new Map();
  for (const m of source.matchAll(/'([a-z-]+)':\s*(CustomEvent<\w+>)/g)) map.set(m[1], m[2]);
  return map;
}
