import { describe, expect, it } from 'vitest';
import { centerError, iou, scoreSequence } from '../../src/eval/index.js';
import { SUCCESS_THRESHOLDS, PRECISION_THRESHOLDS, SequenceScorer, meanCurve } from '../../src/eval/metrics.js';

const R = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('iou', () => {
  it('is 1 for equal boxes and 0 for disjoint or touching ones', () => {
    expect(iou(R(3, 4, 10, 20), R(3, 4, 10, 20))).toBe(1);
    expect(iou(R(0, 0, 10, 10), R(20, 0, 10, 10))).toBe(0);
    expect(iou(R(0, 0, 10, 10), R(10, 0, 10, 10))).toBe(0); // touching edges share no pixel
  });
  it('matches hand computations', () => {
    // half overlap: inter 50, union 150
    expect(iou(R(0, 0, 10, 10), R(5, 0, 10, 10))).toBeCloseTo(1 / 3, 15);
    // contained: 4x4 inside 8x8 → 16/64
    expect(iou(R(0, 0, 8, 8), R(2, 2, 4, 4))).toBe(0.25);
    // OTB calcRectInt with pixel-inclusive ends gives the same: A=[1,1,10,10], B=[6,6,10,10] → inter 5x5=25, union 175
    expect(iou(R(1, 1, 10, 10), R(6, 6, 10, 10))).toBeCloseTo(25 / 175, 15);
  });
  it('is 0 with an empty box', () => {
    expect(iou(R(0, 0, 0, 10), R(0, 0, 10, 10))).toBe(0);
  });
});

describe('centerError', () => {
  it('is the distance between centres (3-4-5)', () => {
    expect(centerError(R(0, 0, 10, 10), R(3, 4, 10, 10))).toBe(5);
    // different sizes: centres (5,5) and (6,5)
    expect(centerError(R(0, 0, 10, 10), R(2, 1, 8, 8))).toBe(1);
  });
});

describe('SequenceScorer / scoreSequence', () => {
  it('has the OTB thresholds', () => {
    expect(SUCCESS_THRESHOLDS).toHaveLength(21);
    expect(SUCCESS_THRESHOLDS[1]).toBe(0.05);
    expect(SUCCESS_THRESHOLDS[20]).toBe(1);
    expect(PRECISION_THRESHOLDS).toHaveLength(51);
    expect(PRECISION_THRESHOLDS[50]).toBe(50);
  });

  it('scores a hand-checkable sequence', () => {
    const gt = [R(0, 0, 10, 10), R(0, 0, 10, 10), R(0, 0, 10, 10), R(0, 0, 10, 10)];
    const pr = [
      R(0, 0, 10, 10), // IoU 1, error 0
      R(5, 0, 10, 10), // IoU 1/3, error 5
      R(30, 40, 10, 10), // IoU 0, error 50
      R(0, 0, 20, 10), // IoU 0.5, error 5
    ];
    const s = scoreSequence(gt, pr);
    expect(s.frames).toBe(4);
    expect(s.scored).toBe(4);
    expect(s.excluded).toBe(0);
    expect(s.meanIoU).toBeCloseTo((1 + 1 / 3 + 0 + 0.5) / 4, 15);
    // IoU > t: t=0 → 3 frames (the 0 does not count); t=0.3 → 3; t=0.35 → 2 (1 and 0.5);
    // t=0.5 → 1 (strictly greater: 0.5 does not count); t=1 → 0 (1 is not > 1)
    expect(s.success[0]).toBe(3 / 4);
    expect(s.success[6]).toBe(3 / 4);
    expect(s.success[7]).toBe(2 / 4);
    expect(s.success[10]).toBe(1 / 4);
    expect(s.success[19]).toBe(1 / 4);
    expect(s.success[20]).toBe(0);
    // AUC = mean of the 21 rates: t=0..0.30 (7 thresholds) 3/4, 0.35..0.45 (3) 2/4, 0.5..0.95 (10) 1/4, 1 → 0
    expect(s.auc).toBeCloseTo((7 * 0.75 + 3 * 0.5 + 10 * 0.25 + 0) / 21, 15);
    // error ≤ t: 0 → 1 frame; 5 → 3; 49 → 3; 50 → 4
    expect(s.precision[0]).toBe(1 / 4);
    expect(s.precision[4]).toBe(1 / 4);
    expect(s.precision[5]).toBe(3 / 4);
    expect(s.precision[20]).toBe(3 / 4);
    expect(s.precision20).toBe(3 / 4);
    expect(s.precision[49]).toBe(3 / 4);
    expect(s.precision[50]).toBe(1);
  });

  it('excludes and counts frames whose ground truth is missing or empty', () => {
    const gt = [R(0, 0, 10, 10), null, R(0, 0, 0, 5), R(0, 0, 10, 10)];
    const pr = [R(0, 0, 10, 10), R(100, 100, 1, 1), R(100, 100, 1, 1), R(5, 0, 10, 10)];
    const s = scoreSequence(gt, pr);
    expect(s.frames).toBe(4);
    expect(s.scored).toBe(2);
    expect(s.excluded).toBe(2);
    expect(s.meanIoU).toBeCloseTo((1 + 1 / 3) / 2, 15);
    expect(s.precision20).toBe(1);
    expect(s.success[0]).toBe(1);
  });

  it('gives running scores that end at the batch scores', () => {
    const sc = new SequenceScorer();
    expect(sc.score().auc).toBe(0);
    sc.add(R(0, 0, 10, 10), R(0, 0, 10, 10));
    expect(sc.score().auc).toBeCloseTo(20 / 21, 15); // IoU 1 passes every threshold but 1
    expect(Number.isNaN(sc.add(null, R(0, 0, 1, 1)))).toBe(true);
    expect(sc.ious).toHaveLength(2);
  });

  it('refuses mismatched lengths', () => {
    expect(() => scoreSequence([R(0, 0, 1, 1)], [])).toThrow(/1 boxes/);
  });

  it('averages curves', () => {
    expect(meanCurve([[1, 0], [0, 0]])).toEqual([0.5, 0]);
  });
});
