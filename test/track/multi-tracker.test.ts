// MultiTracker: several targets in the same frames, each exactly its own tracker.
import { describe, expect, test } from 'vitest';
import { SyntheticSequence } from '../../src/cli/synthetic-sequence.js';
import { createTracker } from '../../src/track/create-tracker.js';
import { isTrackerMethod, TRACKER_METHODS } from '../../src/track/methods.js';
import { MultiTracker } from '../../src/track/multi-tracker.js';

describe('MultiTracker', () => {
  test('each target gets the boxes of its own tracker, with ids 1, 2, ... never reused', () => {
    const seq = new SyntheticSequence({ width: 160, height: 120, frames: 40, targetWidth: 30, targetHeight: 24 });
    const f0 = seq.frame(0);
    const boxA = seq.truth(0), boxB = { x: 5, y: 5, width: 20, height: 20 };
    const mt = new MultiTracker({ method: 'camshift' });
    expect(mt.add(boxA, f0)).toBe(1);
    expect(mt.add(boxB, f0)).toBe(2);
    const ra = createTracker({ method: 'camshift' }), rb = createTracker({ method: 'camshift' });
    ra.init(f0, boxA);
    rb.init(f0, boxB);
    for (let i = 1; i < 10; i++) {
      const f = seq.frame(i);
      const got = mt.track(f, i).map((r) => ({ id: r.id, box: { ...r.box }, status: r.status, timestamp: r.timestamp }));
      const a = ra.track(f, i), b = rb.track(f, i);
      expect(got).toEqual([
        { id: 1, box: a.box, status: a.status, timestamp: i },
        { id: 2, box: b.box, status: b.status, timestamp: i },
      ]);
    }
    expect(mt.remove(1)).toBe(true);
    expect(mt.remove(1)).toBe(false);
    expect(mt.add(boxA)).toBe(3);
    mt.clear();
    expect(mt.size).toBe(0);
    expect(mt.add(boxA)).toBe(4);
  });

  test('add() without a frame learns on the next track(); a box outside the frame is removed and thrown after the others', () => {
    const seq = new SyntheticSequence({ width: 160, height: 120, frames: 40, targetWidth: 30, targetHeight: 24 });
    const mt = new MultiTracker({ method: 'meanshift' });
    const good = mt.add(seq.truth(0));
    mt.add({ x: 500, y: 500, width: 10, height: 10 });
    expect(mt.get(good)!.pending).not.toBeNull();
    expect(() => mt.track(seq.frame(0))).toThrow(RangeError);
    expect(mt.targets.map((t) => t.id)).toEqual([good]);
    expect(mt.get(good)!.tracker!.initialized).toBe(true);
    // adding with a frame checks at once and adds nothing on failure
    expect(() => mt.add({ x: 500, y: 500, width: 10, height: 10 }, seq.frame(1))).toThrow(RangeError);
    expect(mt.size).toBe(1);
  });

  test('bad input: a clear error, nothing changed', () => {
    const mt = new MultiTracker();
    expect(mt.method).toBe('robust');
    expect(() => mt.add({ x: 0, y: 0, width: -1, height: 3 })).toThrow(/positive width/);
    expect(() => mt.add({ x: 0, y: 0, width: 3, height: 3 }, undefined, 0)).toThrow(/positive integer/);
    mt.add({ x: 0, y: 0, width: 3, height: 3 }, undefined, 7);
    expect(() => mt.add({ x: 0, y: 0, width: 3, height: 3 }, undefined, 7)).toThrow(/already exists/);
    expect(mt.add({ x: 0, y: 0, width: 3, height: 3 })).toBe(8);
    expect(() => mt.setMethod('fast' as never)).toThrow("method must be one of 'robust', 'camshift', 'meanshift', got 'fast'");
    expect(mt.method).toBe('robust');
    expect(() => new MultiTracker({ method: 'fast' as never })).toThrow(/method must be one of/);
    expect(() => mt.trackTarget(99, { data: new Uint8ClampedArray(16), width: 2, height: 2 })).toThrow('no target with id 99');
  });

  test('setOptions: every target learns its box again with the new options; a bad one throws, changing nothing', () => {
    const seq = new SyntheticSequence({ width: 200, height: 150, frames: 30, targetWidth: 36, targetHeight: 30, scaleChange: 0.4, seed: 3 });
    const mt = new MultiTracker();
    mt.add(seq.truth(0), seq.frame(0));
    const widths = (from: number, to: number) => {
      const w: number[] = [];
      for (let i = from; i < to; i++) w.push(mt.track(seq.frame(i))[0].box.width);
      return w;
    };
    // the default searches three scales: the box's size follows the target's
    expect(new Set(widths(1, 12)).size).toBeGreaterThan(1);
    // a scale step of 1 keeps the size it is learnt at, to the last bit
    mt.setOptions({ scaleStep: 1 });
    expect(mt.method).toBe('robust');
    const held = widths(12, 30);
    expect(new Set(held).size).toBe(1);
    expect(() => mt.setOptions({ scaleStep: 2 })).toThrow(/scaleStep must be in 1\.\.1\.5, got 2/);
    expect(() => mt.setOptions({ bins: 0 })).toThrow(/bins/); // another method's option is checked too
    expect(() => mt.setOptions({ scaleStp: 1 } as never)).toThrow(/did you mean "scaleStep"/);
    expect(() => mt.setOptions({ method: 'camshift' } as never)).toThrow(/cannot set method/);
    expect(() => mt.setOptions(null as never)).toThrow(/must be an object/);
    // nothing changed: still one size
    expect(new Set(widths(1, 6)).size).toBe(1);
    // each method reads its own: robust options stay when switching to camshift and back
    mt.setMethod('camshift');
    expect(mt.track(seq.frame(7))[0].status).toBe('tracking');
  });

  test('the method list', () => {
    expect(TRACKER_METHODS).toEqual(['robust', 'camshift', 'meanshift']);
    expect(TRACKER_METHODS.every(isTrackerMethod)).toBe(true);
    expect(isTrackerMethod('Robust')).toBe(false);
    expect(isTrackerMethod(undefined)).toBe(false);
  });
});
