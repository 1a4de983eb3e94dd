// Helpers shared by the benchmarks that run on OTB sequences (robust-vs-native, classic-vs-native).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The median of `v` (NaN for none). */
export function median(v: number[]): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The mean of `v`. */
export const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/** A bad command line or input: the benchmark prints the message (no stack) and exits with 2. */
export class UsageError extends Error {}

/**
 * `path` if it is an OTB sequence folder, else its sequence subfolders, in name order. A path
 * that is missing, or holds no sequence, is a `UsageError` that says so.
 */
export function sequencesOf(path: string): string[] {
  const what = 'give an OTB sequence folder (img/ and groundtruth_rect.txt) or a folder of them';
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new UsageError(`${path}: no such folder; ${what}`);
  if (existsSync(join(path, 'groundtruth_rect.txt'))) return [path];
  const found = readdirSync(path)
    .map((d) => join(path, d))
    .filter((d) => statSync(d).isDirectory() && existsSync(join(d, 'groundtruth_rect.txt')))
    .sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
  if (found.length === 0) throw new UsageError(`${path}: no sequence in it; ${what}`);
  return found;
}

/** Runs a benchmark's `main`: a `UsageError` prints its message alone and exits with 2. */
export function runMain(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    if (!(e instanceof UsageError)) throw e;
    console.error(e.message);
    process.exit(2);
  });
}
