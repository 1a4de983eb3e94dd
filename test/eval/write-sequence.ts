// Test helper: writes a small synthetic OTB sequence (PNG or JPEG frames + groundtruth_rect.txt).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { SyntheticSequence, type SyntheticSequenceOptions } from '../../src/cli/synthetic-sequence.js';

export interface WrittenSequence {
  dir: string;
  files: string[];
  /** The ground-truth lines as written (1-based, OTB). */
  lines: string[];
}

export async function writeSyntheticOtb(
  dir: string,
  options: SyntheticSequenceOptions & { format?: 'png' | 'jpg'; delimiter?: string; eol?: string } = {},
): Promise<WrittenSequence> {
  const seq = new SyntheticSequence({ width: 160, height: 120, frames: 24, channels: 3, ...options });
  await mkdir(join(dir, 'img'), { recursive: true });
  const files: string[] = [];
  const lines: string[] = [];
  const fmt = options.format ?? 'png';
  for (let i = 0; i < seq.frames; i++) {
    const f = seq.frame(i);
    const file = join(dir, 'img', `${String(i + 1).padStart(4, '0')}.${fmt}`);
    const img = sharp(Buffer.from(f.data.buffer, f.data.byteOffset, f.data.length), { raw: { width: f.width, height: f.height, channels: 3 } });
    await (fmt === 'png' ? img.png() : img.jpeg({ quality: 92 })).toFile(file);
    files.push(file);
    const t = seq.truth(i);
    const r = (v: number) => Math.round(v * 100) / 100;
    lines.push([r(t.x + 1), r(t.y + 1), r(t.width), r(t.height)].join(options.delimiter ?? ','));
  }
  await writeFile(join(dir, 'groundtruth_rect.txt'), lines.join(options.eol ?? '\n') + (options.eol ?? '\n'));
  return { dir, files, lines };
}
