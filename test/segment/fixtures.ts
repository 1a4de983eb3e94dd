// Reads the OpenCV fixtures made by test/segment/fixtures/make_fixtures.py.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface FixtureCase {
  input: string;
  output: string;
  width: number;
  height: number;
  spatialRadius: number;
  colorRadius: number;
  maxIterations: number;
  epsilon: number;
  changedPixels: number;
  /** Pyramid levels (absent: 0). */
  maxLevel?: number;
  /** For pyramid cases: pixels where OpenCV's maxLevel result differs from its maxLevel 0 result. */
  differsFromLevel0?: number;
}

export const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as {
  opencv: string;
  cases: FixtureCase[];
};

/** Decodes a fixture PNG to packed RGB. */
export async function readRgb(name: string): Promise<{ data: Uint8Array; width: number; height: number; channels: 3 }> {
  const { data, info } = await sharp(join(FIXTURES, name)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${name}: expected 3 channels, got ${info.channels}`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
}
