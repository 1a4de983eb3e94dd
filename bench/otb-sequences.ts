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

/** `path` if it is an OTB sequence folder, else its sequence subfolders, in name order. */
export function sequencesOf(path: string): string[] {
  if (existsSync(join(path, 'groundtruth_rect.txt'))) return [path];
  return readdirSync(path)
    .map((d) => join(path, d))
    .filter((d) => statSync(d).isDirectory() && existsSync(join(d, 'groundtruth_rect.txt')))
    .sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
}
