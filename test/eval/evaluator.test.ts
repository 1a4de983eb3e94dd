import { describe, expect, it } from 'vitest';
import type { ImageLike, Rect } from '../../src/image/types.js';
import type { TrackResult, Tracker } from '../../src/track/types.js';
import { parseGroundTruth } from '../../src/eval/index.js';
import { SequenceEvaluator } from '../../src/eval/evaluator.js';
import { buildEvalJson, jsonPathFor, mergeEvalJson } from '../../src/eval/result.js';
import { formatEvalTable } from '../../src/eval/table.js';
import { renderReportHtml } from '../../src/eval/report-html.js';
import { originForTruthFile } from '../../src/eval/ground-truth.js';

/** A scripted tracker that, like the real ones, returns one reused result object. */
class ScriptedTracker implements Tracker {
  readonly method = 'meanshift' as const;
  initialized = false;
  initBox: Rect | null = null;
  private readonly result: TrackResult = {
    status: 'tracking',
    box: { x: 0, y: 0, width: 0, height: 0 },
    rotatedBox: { cx: 0, cy: 0, width: 0, height: 0, angle: 0 },
    score: 1,
    iterations: 1,
  };
  constructor(private readonly boxes: Rect[]) {}
  private k = 0;
  init(_frame: ImageLike, target: Rect): void {
    this.initBox = { ...target };
    this.initialized = true;
  }
  track(): TrackResult {
    Object.assign(this.result.box, this.boxes[this.k++]);
    this.result.status = this.result.box.width > 0 ? 'tracking' : 'lost';
    return this.result;
  }
  reset(): void {
    this.initialized = false;
  }
}

const frame: ImageLike = { data: new Uint8Array(4), width: 1, height: 1 };

describe('SequenceEvaluator', () => {
  it('initialises on the first box, scores frame 1 with it, copies each result, and times only track()', () => {
    const gt = parseGroundTruth('11,21,10,10\n11,21,10,10\n16,21,10,10\nNaN,NaN,NaN,NaN\n', { file: 'g.txt' });
    const tr = new ScriptedTracker([
      { x: 10, y: 20, width: 10, height: 10 }, // frame 2: exact
      { x: 10, y: 20, width: 10, height: 10 }, // frame 3: GT moved by 5 → IoU 1/3
      { x: 0, y: 0, width: 0, height: 0 }, // frame 4: excluded (no GT), lost
    ]);
    let now = 0;
    const clock = () => (now += 2); // every clock read advances 2 ms: 2 ms inside each track()
    const ev = new SequenceEvaluator(gt, [{ name: 'scripted', tracker: tr }], clock);
    for (let i = 0; i < 4; i++) ev.step(frame);
    const [run] = ev.finish();
    expect(tr.initBox).toEqual({ x: 10, y: 20, width: 10, height: 10 }); // 1-based file → 0-based box
    expect(run.predictions).toEqual([
      { x: 10, y: 20, width: 10, height: 10 },
      { x: 10, y: 20, width: 10, height: 10 },
      { x: 10, y: 20, width: 10, height: 10 },
      { x: 0, y: 0, width: 0, height: 0 },
    ]);
    expect(run.score.scored).toBe(3);
    expect(run.score.excluded).toBe(1);
    expect(run.score.meanIoU).toBeCloseTo((1 + 1 + 1 / 3) / 3, 15);
    expect(run.msPerFrame).toBe(2);
    expect(run.lostFrames).toBe(1);
  });

  it('says both counts when frames and lines differ', () => {
    const gt = parseGroundTruth('1,1,5,5\n1,1,5,5\n', { file: 'g.txt' });
    const ev = new SequenceEvaluator(gt, [{ name: 's', tracker: new ScriptedTracker([{ x: 0, y: 0, width: 5, height: 5 }]) }]);
    ev.step(frame);
    expect(() => ev.finish('seq/')).toThrow(/seq\/ has 1 frames but g\.txt has 2 ground-truth lines/);
    ev.step(frame);
    expect(() => ev.step(frame)).toThrow(/more frames than g\.txt has ground-truth lines \(2\)/);
  });

  it('refuses a missing first box, naming the file and line', () => {
    const gt = parseGroundTruth('NaN,NaN,NaN,NaN\n1,1,5,5\n', { file: 'g.txt' });
    expect(() => new SequenceEvaluator(gt, [{ name: 's', tracker: new ScriptedTracker([]) }])).toThrow(/g\.txt:1: the first ground-truth box is missing/);
  });
});

describe('JSON, merge, table, report', () => {
  const seq = (name: string, auc: number) => ({ name, frames: 10, auc, precision20: auc / 2, meanIoU: auc / 3, msPerFrame: 1 });

  it('builds the contract with the mean over sequences', () => {
    const j = buildEvalJson('camshift', [seq('A', 0.2), seq('B', 0.4)]);
    expect(Object.keys(j)).toEqual(['tracker', 'sequences', 'mean', 'protocol']);
    expect(j.protocol).toBe('ope');
    // a mean over nothing is null, never a fake 0, and the table says so
    const none = buildEvalJson('camshift', [], [{ name: 'X', error: 'bad' }]);
    expect(none.mean).toBeNull();
    expect(formatEvalTable([none])).toMatch(/Mean of 0 sequences\s+0\s+-\s+-\s+-\s+-\nno sequence scored\n/);
    expect(formatEvalTable([j])).toMatch(/Mean of 2 sequences/);
    expect(j.mean!.auc).toBeCloseTo(0.3, 15);
    expect(j.mean!.precision20).toBeCloseTo(0.15, 15);
  });

  it('merges shards in shard order and refuses duplicates, gaps and mixed trackers', () => {
    const p1 = buildEvalJson('m', [seq('A', 0.2)], [], { shard: { index: 1, count: 2 } });
    const p2 = buildEvalJson('m', [seq('B', 0.4)], [{ name: 'C', error: 'boom' }], { shard: { index: 2, count: 2 } });
    const m = mergeEvalJson([p2, p1]);
    expect(m.sequences.map((s) => s.name)).toEqual(['A', 'B']);
    expect(m.mean!.auc).toBeCloseTo(0.3, 15);
    expect(m.failed).toEqual([{ name: 'C', error: 'boom' }]);
    expect(m.shard).toBeUndefined();
    expect(() => mergeEvalJson([p1, p1])).toThrow(/shard 1\/2 is given twice/);
    expect(() => mergeEvalJson([p1])).toThrow(/shard 2\/2 missing/);
    expect(() => mergeEvalJson([p1, buildEvalJson('c', [], [], { shard: { index: 2, count: 2 } })])).toThrow(/different trackers/);
    // tracker options travel with the parts, and parts of runs with other options are refused
    const o1 = buildEvalJson('m', [seq('A', 0.2)], [], { shard: { index: 1, count: 2 }, options: { filterRate: 0.02, scaleStep: 1 } });
    const o2 = buildEvalJson('m', [seq('B', 0.4)], [], { shard: { index: 2, count: 2 }, options: { scaleStep: 1, filterRate: 0.02 } });
    expect(mergeEvalJson([o2, o1]).options).toEqual({ filterRate: 0.02, scaleStep: 1 });
    expect(() => mergeEvalJson([o1, p2])).toThrow(/different tracker options \(\{"filterRate":0.02,"scaleStep":1\} and none\)/);
  });

  it('names one JSON a tracker when several are evaluated', () => {
    expect(jsonPathFor('out/eval.json', 'camshift', false)).toBe('out/eval.json');
    expect(jsonPathFor('out/eval.json', 'camshift', true)).toBe('out/eval.camshift.json');
    expect(jsonPathFor('out.d/eval', 'meanshift', true)).toBe('out.d/eval.meanshift');
  });

  it('reads VOT ground truth 0-based, anything else 1-based', () => {
    expect(originForTruthFile('seq/groundtruth.txt')).toBe(0);
    expect(originForTruthFile('seq/groundtruth_rect.txt')).toBe(1);
    expect(originForTruthFile('clip.txt')).toBe(1);
  });

  it('tabulates trackers side by side with failures last', () => {
    const t = formatEvalTable([buildEvalJson('camshift', [seq('A', 0.2)], [{ name: 'Z', error: 'bad' }]), buildEvalJson('meanshift', [seq('A', 0.5)])]);
    expect(t).toMatch(/Sequence\s+Frames\s+camshift AUC.*meanshift AUC/);
    expect(t).toMatch(/A\s+10\s+0\.200\s+0\.100\s+0\.067\s+1\.00\s+0\.500/);
    expect(t.trim().split('\n').pop()).toBe('FAILED Z: bad');
  });

  it('renders a self-contained report with one curve per tracker', () => {
    const html = renderReportHtml({
      results: [buildEvalJson('camshift', [seq('A', 0.2)]), buildEvalJson('meanshift', [seq('A', 0.5)])],
      sequences: [
        {
          name: 'A',
          width: 100,
          height: 50,
          curves: [
            { success: new Array(21).fill(0.2), precision: new Array(51).fill(0.1) },
            { success: new Array(21).fill(0.5), precision: new Array(51).fill(0.25) },
          ],
          thumbnails: [{ index: 4, dataUrl: 'data:image/jpeg;base64,AAAA', truth: { x: 1, y: 2, width: 3, height: 4 }, boxes: [{ x: 5, y: 6, width: 7, height: 8 }, { x: 1, y: 1, width: 1, height: 1 }], ious: [0, 0.1] }],
        },
      ],
    });
    expect(html.match(/<polyline /g)).toHaveLength(4); // 2 plots x 2 trackers
    expect(html).toContain('camshift [AUC 0.200]');
    expect(html).toContain('<rect x="5" y="6" width="7" height="8"');
    expect(html).toContain('#5 ·');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});
