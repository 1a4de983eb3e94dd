import { describe, expect, it } from 'vitest';
import { GroundTruthError, parseGroundTruth } from '../../src/eval/index.js';
import { checkFrameCount, formatBox } from '../../src/eval/ground-truth.js';

describe('parseGroundTruth', () => {
  it('reads OTB comma lines as 1-based top-left boxes', () => {
    const gt = parseGroundTruth('82,218,69,73\n86,216,69,73\n', { file: 'gt.txt' });
    expect(gt.format).toBe('rect');
    expect(gt.origin).toBe(1);
    expect(gt.boxes).toEqual([
      { x: 81, y: 217, width: 69, height: 73 },
      { x: 85, y: 215, width: 69, height: 73 },
    ]);
  });

  it('takes tabs, spaces, CRLF, a missing final newline and trailing blank lines', () => {
    const text = '57\t21\t31\t45\r\n58 22  31 43\r\n 1,\t2 ,3,4\r\n\r\n\n';
    const gt = parseGroundTruth(text, { origin: 0 });
    expect(gt.boxes).toEqual([
      { x: 57, y: 21, width: 31, height: 45 },
      { x: 58, y: 22, width: 31, height: 43 },
      { x: 1, y: 2, width: 3, height: 4 },
    ]);
    expect(parseGroundTruth('1,2,3,4').boxes).toHaveLength(1);
  });

  it('takes decimals and a BOM', () => {
    const gt = parseGroundTruth('\uFEFF292.23,128.36,145.96,132.47\n', { origin: 0 });
    expect(gt.boxes[0]).toEqual({ x: 292.23, y: 128.36, width: 145.96, height: 132.47 });
  });

  it('takes an 8-value polygon as its axis-aligned envelope', () => {
    const gt = parseGroundTruth('334.02,128.36,438.19,188.78,396.39,260.83,292.23,200.41\n', { origin: 0 });
    expect(gt.format).toBe('polygon');
    const b = gt.boxes[0]!;
    expect(b.x).toBe(292.23);
    expect(b.y).toBe(128.36);
    expect(b.width).toBeCloseTo(438.19 - 292.23, 12);
    expect(b.height).toBeCloseTo(260.83 - 128.36, 12);
  });

  it('marks NaN, blank and empty boxes as missing and counts them', () => {
    const gt = parseGroundTruth('1,1,5,5\nNaN,NaN,NaN,NaN\n\n0,0,0,0\n3,3,5,-1\n2,2,5,5\n');
    expect(gt.boxes.map((b) => b !== null)).toEqual([true, false, false, false, false, true]);
    expect(gt.missing).toBe(4);
  });

  it('names the file and line of a malformed line', () => {
    expect(() => parseGroundTruth('1,2,3,4\n1,2,3\n', { file: 'seq/groundtruth_rect.txt' })).toThrow(
      /seq\/groundtruth_rect\.txt:2: expected 4 values .* got 3/,
    );
    try {
      parseGroundTruth('1,2,3,4\n1,2,3,4\n1,2,x,4\n', { file: 'a.txt' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GroundTruthError);
      expect((e as GroundTruthError).line).toBe(3);
      expect((e as Error).message).toMatch(/a\.txt:3: value 3 "x" is not a number/);
    }
    expect(() => parseGroundTruth('1,2,3,4\n1,2,3,4,5,6,7,8\n', { file: 'b.txt' })).toThrow(/b\.txt:2: .*one format/);
    expect(() => parseGroundTruth('\n\n', { file: 'c.txt' })).toThrow(/c\.txt:1: .*empty/);
  });

  it('checks the frame count against the lines, saying both counts', () => {
    const gt = parseGroundTruth('1,1,2,2\n1,1,2,2\n', { file: 'g.txt' });
    expect(() => checkFrameCount(gt, 2)).not.toThrow();
    expect(() => checkFrameCount(gt, 3, 'img/')).toThrow(/img\/ has 3 frames but g\.txt has 2 ground-truth lines/);
    expect(() => checkFrameCount(gt, 1)).toThrow(/has 1 frames but g\.txt has 2/);
  });

  it('formats boxes back in the file convention', () => {
    expect(formatBox({ x: 81, y: 217, width: 69, height: 73 }, 1)).toBe('82,218,69,73');
    expect(formatBox({ x: 0.5, y: 2, width: 3.25, height: 1 / 3 }, 0)).toBe('0.5,2,3.25,0.3333');
  });
});
