// Reads the scikit-learn fixtures made by fixtures/make-fixtures.py.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface MeanShiftFixture {
  name: string;
  X: number[][];
  params: {
    bandwidth?: number;
    seeds?: number[][];
    bin_seeding?: boolean;
    min_bin_freq?: number;
    cluster_all?: boolean;
    max_iter?: number;
  };
  bandwidth: number;
  cluster_centers: number[][];
  labels: number[];
  n_iter: number;
  warnings: string[];
  predict?: { X: number[][]; labels: number[] };
}

export interface EstimateFixture {
  X: number[][];
  cases: { quantile: number; nSamples?: number; seed?: number; indices?: number[]; bandwidth: number }[];
  blobs2d: number;
}

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as T;
}

export function meanShiftFixtures(): MeanShiftFixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readFixture<MeanShiftFixture>(f.slice(0, -5)))
    .filter((f) => Array.isArray(f.cluster_centers));
}

export interface BinSeedsFixture {
  cases: { X: number[][]; binSize: number; minBinFreq: number; seeds: number[][] }[];
}
