// The package as a user gets it: `npm pack` (which builds), installed from the tarball into a
// fresh folder, then used as a web developer and a CLI user would.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';

const root = resolve(import.meta.dirname, '../..');
const MAX_INSTALLED_BYTES = 5 * 1024 * 1024;

/** The names README.md documents for an entry (`<!-- exports: ENTRY -->` table rows). */
function documentedNames(entry: string): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(`<!-- exports: ${entry} -->`);
  expect(start, `README.md has no "<!-- exports: ${entry} -->" list`).toBeGreaterThanOrEqual(0);
  const block = readme.slice(start, readme.indexOf('<!-- /exports -->', start));
  return [...block.matchAll(/^\| `(\w+)` \| [^|\s]/gm)].map((m) => m[1]).sort(); // rows with a summary (not the header)
}

/** Every file under `dir` with its size. */
function walk(dir: string, out: { path: string; size: number }[] = []): { path: string; size: number }[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push({ path: p, size: statSync(p).size });
  }
  return out;
}

/** git's view of what the build may write outside the ignored dist/ (other tests write elsewhere). */
const gitStatus = (): string =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'custom-elements.json', 'src', 'scripts', 'package.json', 'bin'], {
    cwd: root,
    encoding: 'utf8',
  });

let work: string; // the fresh folder the tarball is installed into
let tarball: string;
let tarFiles: string[]; // paths in the tarball, relative to the package root
let manifestBefore: string;
let statusBefore: string;
let http: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'modeseek-pack-'));
  manifestBefore = readFileSync(join(root, 'custom-elements.json'), 'utf8');
  statusBefore = gitStatus();
  // `npm pack` runs the prepack script (the build) first
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed[0].filename);
  tarFiles = packed[0].files.map((f) => f.path);
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }));
  // no dependencies to fetch: the install needs no network
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: work, stdio: 'inherit' });

  http = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const file = join(work, path === '/' ? 'index.html' : path);
    if (!file.startsWith(work) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    const type = { '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json' }[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const addr = http.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (http ? http.close(r) : r(undefined)));
  if (work) rmSync(work, { recursive: true, force: true });
});

const installed = (): string => join(work, 'node_modules', 'modeseek');

describe('the packed package', () => {
  it('the build leaves the committed tree unchanged (custom-elements.json is up to date)', () => {
    expect(readFileSync(join(root, 'custom-elements.json'), 'utf8'), 'run `npm run build` and commit custom-elements.json').toBe(manifestBefore);
    expect(gitStatus()).toBe(statusBefore);
  });

  it('installs without native binaries, in at most 5 MB', () => {
    const files = walk(join(work, 'node_modules'));
    expect(files.filter((f) => f.path.endsWith('.node')).map((f) => f.path)).toEqual([]);
    const total = files.reduce((s, f) => s + f.size, 0);
    expect(total).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
    // nothing but modeseek itself: sharp is an optional peer, lit is bundled, ml-matrix is not needed
    expect(readdirSync(join(work, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['modeseek']);
  });

  it('ships no source map (src/ is not in the package) and every file its exports and manifest name', () => {
    expect(tarFiles.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(tarFiles.filter((f) => f.startsWith('src/'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8'));
    const targets: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') targets.push(v.replace(/^\.\//, ''));
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(pkg.exports);
    collect(pkg.typesVersions);
    for (const t of targets) expect(tarFiles, `exports/typesVersions name ${t}`).toContain(t);
    expect(tarFiles).toContain('LICENSE');
    expect(tarFiles, 'package.json "customElements"').toContain(pkg.customElements);

    const manifest = JSON.parse(readFileSync(join(installed(), 'custom-elements.json'), 'utf8'));
    const paths = new Set<string>();
    for (const m of manifest.modules) {
      paths.add(m.path);
      for (const e of m.exports ?? []) if (e.declaration?.module) paths.add(e.declaration.module);
    }
    expect(paths.size).toBeGreaterThan(0);
    for (const p of paths) expect(tarFiles, `custom-elements.json names ${p}`).toContain(p);
    const element = manifest.modules.flatMap((m: { declarations?: unknown[] }) => m.declarations ?? []).find((d: { tagName?: string }) => d.tagName === 'modeseek-tracker');
    expect(element).toBeDefined();
    // events are typed with their detail; no private member is listed
    for (const e of element.events) expect(e.type.text).toMatch(/^CustomEvent<\w+Detail>$/);
    expect(element.members.filter((m: { privacy?: string }) => m.privacy)).toEqual([]);
  });

  it('the exported names are the documented ones (Node: modeseek, modeseek/node)', () => {
    const names = (entry: string): string[] =>
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import('${entry}'); console.log(JSON.stringify(Object.keys(m).sort()))`], {
          cwd: work,
          encoding: 'utf8',
        }),
      );
    expect(names('modeseek')).toEqual(documentedNames('modeseek'));
    expect(names('modeseek/node')).toEqual(documentedNames('modeseek/node'));
  });

  it('a static page with only modeseek and modeseek/element in its import map runs meanShift, createTracker, segmentImage and shows the element', async () => {
    const pkg = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8'));
    const at = (entry: string): string => `/node_modules/modeseek/${pkg.exports[entry].import.replace(/^\.\//, '')}`;
    writeFileSync(
      join(work, 'index.html'),
      `<!doctype html>
<meta charset="utf-8">
<title>modeseek from an import map</title>
<script type="importmap">${JSON.stringify({ imports: { modeseek: at('.'), 'modeseek/element': at('./element') } })}</script>
<script type="module">
  import { meanShift, createTracker, segmentImage } from 'modeseek';
  import { ModeseekTracker } from 'modeseek/element';
  const W = 64, H = 48;
  // a grey frame with a red 16x16 square at (x0, y0)
  function frame(x0, y0) {
    const data = new Uint8ClampedArray(W * H * 4);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const i = 4 * (y * W + x), red = x >= x0 && x < x0 + 16 && y >= y0 && y < y0 + 16;
      data.set(red ? [220, 20, 20, 255] : [120, 120, 120, 255], i);
    }
    return { data, width: W, height: H };
  }
  const out = {};
  const ms = meanShift([[1, 1], [1.2, 1], [0.8, 1.1], [8, 8], [8.2, 8.1], [7.9, 8]], { bandwidth: 2 });
  out.centres = ms.clusterCenters;
  out.labels = ms.labels;
  const tracker = createTracker({ method: 'camshift' });
  tracker.init(frame(20, 10), { x: 20, y: 10, width: 16, height: 16 });
  const r = tracker.track(frame(23, 12));
  out.track = { status: r.status, box: { ...r.box } };
  out.regions = segmentImage(frame(20, 10), { spatialRadius: 3, colorRadius: 8, minRegionSize: 5 }).regionCount;
  const el = document.createElement('modeseek-tracker');
  el.style.width = '320px';
  document.body.append(el);
  await el.updateComplete;
  out.element = {
    defined: customElements.get('modeseek-tracker') === ModeseekTracker,
    rendered: el.shadowRoot.querySelector('video') !== null,
    width: Math.round(el.getBoundingClientRect().width),
    height: Math.round(el.getBoundingClientRect().height),
  };
  out.elementExports = Object.keys(await import('modeseek/element')).sort();
  out.coreExports = Object.keys(await import('modeseek')).sort();
  window.result = out;
</script>
`,
    );
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !m.location().url.endsWith('/favicon.ico') && errors.push(m.text()));
    await page.goto(url);
    await page.waitForFunction(() => (window as { result?: unknown }).result !== undefined || document.title === 'failed', null, { timeout: 30_000 }).catch(() => {});
    expect(errors).toEqual([]);
    const result = await page.evaluate(() => (window as unknown as { result: Record<string, unknown> }).result);
    expect(result).toBeDefined();
    // two clusters of three points, centred on their means; equally strong, so ordered as
    // scikit-learn orders ties (by the centre, the larger first)
    expect(result.labels).toEqual([1, 1, 1, 0, 0, 0]);
    const centres = result.centres as number[][];
    expect(centres).toHaveLength(2);
    expect(centres[0][0]).toBeCloseTo(24.1 / 3, 9);
    expect(centres[0][1]).toBeCloseTo(24.1 / 3, 9);
    expect(centres[1][0]).toBeCloseTo(1, 9);
    expect(centres[1][1]).toBeCloseTo(3.1 / 3, 9);
    // the square moved by (3, 2): the box follows it
    const track = result.track as { status: string; box: { x: number; y: number; width: number; height: number } };
    expect(track.status).toBe('tracking');
    expect(Math.abs(track.box.x + track.box.width / 2 - 31)).toBeLessThanOrEqual(1);
    expect(Math.abs(track.box.y + track.box.height / 2 - 20)).toBeLessThanOrEqual(1);
    // the square and the background
    expect(result.regions).toBe(2);
    expect(result.element).toMatchObject({ defined: true, rendered: true, width: 320 });
    expect((result.element as { height: number }).height).toBeGreaterThan(100);
    expect(result.coreExports).toEqual(documentedNames('modeseek'));
    expect(result.elementExports).toEqual(documentedNames('modeseek/element'));
    await page.close();
  });

  it('types resolve under moduleResolution node10 and bundler', { timeout: 120_000 }, () => {
    writeFileSync(
      join(work, 'check.ts'),
      `import { meanShift, createTracker, type MeanShiftResult, type TrackResult } from 'modeseek';
import { ModeseekTracker, type TrackEventDetail } from 'modeseek/element';
import { createSegmentPool } from 'modeseek/node';
const r: MeanShiftResult = meanShift([[1], [2]], { bandwidth: 1 });
const t: TrackResult | null = null;
const d: TrackEventDetail | null = null;
export const used = [r, t, d, createTracker, ModeseekTracker, createSegmentPool];
`,
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const resolution of ['node10', 'bundler']) {
      const res = spawnSync(
        process.execPath,
        [tsc, '--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', resolution, '--lib', 'es2022,dom', 'check.ts'],
        { cwd: work, encoding: 'utf8' },
      );
      expect(res.stdout + res.stderr, `tsc --moduleResolution ${resolution}`).toBe('');
      expect(res.status).toBe(0);
    }
  });

  it('the CLI: --version, --help, and without sharp it says what to install', () => {
    const bin = join(work, 'node_modules', '.bin', 'modeseek');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' })).toBe(`${pkg.version}\n`);
    const help = execFileSync(bin, ['--help'], { encoding: 'utf8' });
    for (const command of ['eval', 'track', 'score', 'bench', 'segment']) expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
    writeFileSync(join(work, 'in.png'), '');
    for (const args of [['segment', 'in.png', '--out', 'out.png'], ['eval', work]]) {
      const res = spawnSync(bin, args, { cwd: work, encoding: 'utf8' });
      expect(res.status, res.stderr).toBe(1);
      expect(res.stderr).toContain(`modeseek ${args[0]} needs the package sharp to decode images, and it is not installed.`);
      expect(res.stderr).toContain('npm i sharp');
    }
  });
});
