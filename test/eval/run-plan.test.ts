import { describe, expect, it } from 'vitest';
import type { ImageLike, Rect } from '../../src/image/types.js';
import type { TrackResult, Tracker } from '../../src/track/types.js';
import { parseGroundTruth } from '../../src/eval/index.js';
import { ProtocolEvaluator } from '../../src/eval/protocol-evaluator.js';
import { SRE_SHIFTS, planRuns, shiftInitBox, treStartFrames } from '../../src/eval/run-plan.js';

// Expectations are worked out by hand from the OTB toolkit's MATLAB (splitSeqTRE.m, shiftInitBB.m),
// in its 1-based pixels; the boxes below are 0-based (1-based minus 1).
const box = (x: number, y: number, width: number, height: number): Rect => ({ x, y, width, height });
const valid = (n: number): (Rect | null)[] => Array.from({ length: n }, () => box(10, 10, 20, 20));

describe('TRE start frames (splitSeqTRE)', () => {
  it('100 valid frames: endSegIdx 81, starts Idx(floor(1:81/19:81)) and 81', () => {
    // 1-based: 1 + floor(k*81/19) for k = 0..18, then 81
    const expected1 = [1, 5, 9, 13, 18, 22, 26, 30, 35, 39, 43, 47, 52, 56, 60, 64, 69, 73, 77, 81];
    expect(treStartFrames(valid(100))).toEqual(expected1.map((f) => f - 1));
    // the last start leaves exactly minNum = 20 frames: 100 - 81 + 1
  });

  it('skips frames whose box is invalid: the positions index the valid frames only', () => {
    const gt = valid(100);
    gt[0] = null; // frame 1 missing
    gt[4] = box(-1, 10, 20, 20); // frame 5: x = 0 in 1-based pixels, invalid as in the toolkit (r(1) <= 0)
    gt[5] = box(10, 10, 0, 20); // frame 6: empty
    // Idx = [2 3 4 7 8 ... 100] (97 frames); endSegIdx: last i with 100 - Idx(i) + 1 >= 20, Idx(i) <= 81 -> i = 78
    // positions 1 + floor(k*78/19), k = 0..18, then 78
    const positions = Array.from({ length: 19 }, (_, k) => 1 + Math.floor((k * 78) / 19)).concat(78);
    expect(positions.slice(0, 4)).toEqual([1, 5, 9, 13]);
    const idx = [2, 3, 4, ...Array.from({ length: 94 }, (_, i) => i + 7)];
    expect(treStartFrames(gt)).toEqual(positions.map((p) => idx[p - 1] - 1));
    expect(treStartFrames(gt)[0]).toBe(1); // frame 2
    expect(treStartFrames(gt)[19]).toBe(80); // Idx(78) = frame 81
    expect(treStartFrames(gt)).not.toContain(4);
  });

  it('a short sequence repeats starts as the toolkit does; shorter than minNum starts once', () => {
    // 25 frames: endSegIdx 6 (25 - 6 + 1 = 20); 1:6/19:6 = 1, 1.32, ..., 1 + 15*6/19 = 5.74 (16 values)
    const s = treStartFrames(valid(25));
    expect(s).toHaveLength(17);
    expect(s.map((f) => f + 1)).toEqual([1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6]);
    expect(treStartFrames(valid(10))).toEqual([0]);
    expect(() => treStartFrames([null, null])).toThrow(/no frame has a valid ground-truth box/);
  });

  it('planRuns("tre") starts each run from the ground truth there', () => {
    const gt = Array.from({ length: 60 }, (_, i) => box(i, 2 * i, 10, 12));
    const plan = planRuns('tre', gt, { width: 200, height: 200 });
    expect(plan).toHaveLength(20);
    // 60 frames: endSegIdx 41; 1 + floor(k*41/19)
    expect(plan.map((r) => r.startFrame + 1)).toEqual([1, 3, 5, 7, 9, 11, 13, 16, 18, 20, 22, 24, 26, 29, 31, 33, 35, 37, 39, 41]);
    for (const r of plan) {
      expect(r.initBox).toEqual(gt[r.startFrame]);
      expect(r.kind).toBe('tre');
      expect(r.label).toBe(`tre-${r.startFrame + 1}`);
    }
  });
});

describe('SRE boxes (shiftInitBB)', () => {
  const frame = { width: 320, height: 240 };
  // 1-based r = [101, 51, 30, 40]: 0-based (100, 50); bottom-right (1-based) 130, 90; centre (116, 71)
  const r = box(100, 50, 30, 40);

  it('shifts and scales as the toolkit, with ceil for the side shifts and MATLAB rounding', () => {
    const b = (s: (typeof SRE_SHIFTS)[number]) => shiftInitBox(r, s, frame);
    // side shifts: ceil(0.1*30) = 3, ceil(0.1*40) = 4
    expect(b('left')).toEqual(box(97, 50, 30, 40));
    expect(b('right')).toEqual(box(103, 50, 30, 40));
    expect(b('up')).toEqual(box(100, 46, 30, 40));
    expect(b('down')).toEqual(box(100, 54, 30, 40));
    // corners move outward by round(3) = 3, round(4) = 4; the opposite corner stays
    expect(b('topLeft')).toEqual(box(97, 46, 33, 44)); // r1 = 98, r2 = 47; w = 130-98+1, h = 90-47+1
    expect(b('topRight')).toEqual(box(100, 46, 33, 44)); // br_x = 133
    expect(b('bottomLeft')).toEqual(box(97, 50, 33, 44)); // br_y = 94
    expect(b('bottomRight')).toEqual(box(100, 50, 33, 44));
    // scale about (116, 71): 0.8 -> w 24, h 32: round([104, 55, 24, 32])
    expect(b('scale_8')).toEqual(box(103, 54, 24, 32));
    // 0.9 -> 27 x 36: round([102.5, 53, 27, 36]) = [103, 53, 27, 36] (half away from zero)
    expect(b('scale_9')).toEqual(box(102, 52, 27, 36));
    // 1.1 -> 33 x 44: round([99.5, 49, 33, 44]) = [100, 49, ...]
    expect(b('scale_11')).toEqual(box(99, 48, 33, 44));
    // 1.2 -> 36 x 48: [98, 47, 36, 48]
    expect(b('scale_12')).toEqual(box(97, 46, 36, 48));

    // 1-based [101, 51, 24, 35]: ceil(2.4) = 3 and ceil(3.5) = 4 for the sides, round for the corners
    const q = box(100, 50, 24, 35);
    expect(shiftInitBox(q, 'left', frame)).toEqual(box(97, 50, 24, 35));
    expect(shiftInitBox(q, 'up', frame)).toEqual(box(100, 46, 24, 35));
    // r1 = round(98.6) = 99, r2 = round(47.5) = 48; br (124, 85): w = 26, h = 38
    expect(shiftInitBox(q, 'topLeft', frame)).toEqual(box(98, 47, 26, 38));
  });

  it('clips at the frame border as the toolkit: x, y at least 1 (size kept), size cut at the far edge', () => {
    const nearLeft = box(1, 0, 30, 40); // 1-based (2, 1), bottom-right (31, 40)
    expect(shiftInitBox(nearLeft, 'left', frame)).toEqual(box(0, 0, 30, 40)); // r1 = 2 - 3 < 1 -> 1, width kept
    expect(shiftInitBox(nearLeft, 'up', frame)).toEqual(box(1, 0, 30, 40)); // r2 = 1 - 4 -> 1
    // r1 = round(-1) = -1, r2 = -3: w = 31+1+1 = 33, h = 40+3+1 = 44; then r1, r2 -> 1, size kept
    expect(shiftInitBox(nearLeft, 'topLeft', frame)).toEqual(box(0, 0, 33, 44));
    const nearRight = box(300, 200, 30, 40); // 1-based (301, 201) in 320x240: already 10 px past the right edge
    expect(shiftInitBox(nearRight, 'right', frame)).toEqual(box(303, 200, 17, 40)); // r1 = 304: w = 320-304+1
    expect(shiftInitBox(nearRight, 'down', frame)).toEqual(box(300, 204, 20, 36)); // r2 = 205: h = 240-205+1; w = 320-301+1
    expect(shiftInitBox(nearRight, 'scale_12', frame)).toEqual(box(297, 196, 23, 44)); // centre (316, 221): [298, 197, 36, 48] -> w 23, h 44
  });

  it('planRuns("sre"): 12 runs in shiftTypeSet order from the first valid frame', () => {
    const gt: (Rect | null)[] = [null, null, r, box(101, 50, 30, 40)];
    gt.push(...valid(30));
    const plan = planRuns('sre', gt, frame);
    expect(plan.map((p) => p.label)).toEqual(SRE_SHIFTS.map((s) => `sre-${s}`));
    for (const p of plan) {
      expect(p.startFrame).toBe(2);
      expect(p.kind).toBe('sre');
    }
    expect(plan[0].initBox).toEqual(box(97, 50, 30, 40));
  });
});

/** A scripted tracker: returns `boxes[k]` at frame k (its own frame index, not the run's). */
class Scripted implements Tracker {
  readonly method = 'meanshift' as const;
  initialized = false;
  inits: { k: number; box: Rect }[] = [];
  private readonly result: TrackResult = { status: 'tracking', box: box(0, 0, 0, 0), rotatedBox: { cx: 0, cy: 0, width: 0, height: 0, angle: 0 }, score: 1, iterations: 1 };
  constructor(private readonly boxes: Rect[]) {}
  init(frame: ImageLike, target: Rect): void {
    this.inits.push({ k: frame.data[0], box: { ...target } });
    this.initialized = true;
  }
  track(frame: ImageLike): TrackResult {
    Object.assign(this.result.box, this.boxes[frame.data[0]]);
    return this.result;
  }
  reset(): void {
    this.initialized = false;
  }
}

describe('ProtocolEvaluator', () => {
  it('runs every run in one pass and pools the frames of all runs, as the toolkit scores TRE', () => {
    // 4 frames, GT constant; the tracker is exact on frames 1 and 3, off (IoU 0) on frame 2
    const gt = parseGroundTruth('11,11,10,10\n11,11,10,10\n11,11,10,10\n11,11,10,10\n', { file: 'g.txt' });
    const hit = box(10, 10, 10, 10), miss = box(100, 100, 10, 10);
    const made: Scripted[] = [];
    const ev = new ProtocolEvaluator(
      gt,
      [
        { startFrame: 0, initBox: hit, kind: 'tre', label: 'tre-1' },
        { startFrame: 2, initBox: hit, kind: 'tre', label: 'tre-3' },
      ],
      [{ name: 's', create: () => (made.push(new Scripted([hit, hit, miss, hit])), made[made.length - 1]) }],
    );
    let work = 0;
    for (let k = 0; k < 4; k++) work += ev.step({ data: new Uint8Array([k, 0, 0, 0]), width: 1, height: 1 });
    expect(work).toBe(4 + 2);
    const [res] = ev.finish();
    expect(made.map((t) => t.inits)).toEqual([[{ k: 0, box: hit }], [{ k: 2, box: hit }]]);
    // run 1: frames 1..4 -> IoU 1, 1, 0, 1; run 2: frames 3..4 -> 1 (its init box), 1
    expect(res.runs[0].score.meanIoU).toBeCloseTo(0.75, 12);
    expect(res.runs[1].score.meanIoU).toBe(1);
    expect(res.runs[1].predictions).toEqual([hit, hit]);
    // pooled: 5 of 6 frames with IoU > 0.5
    expect(res.score.frames).toBe(6);
    expect(res.score.success[10]).toBeCloseTo(5 / 6, 12);
    expect(res.score.meanIoU).toBeCloseTo(5 / 6, 12);
  });
});
