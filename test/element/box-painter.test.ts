// paintBoxes (the worker's overlay canvas), with a recording stand-in for the 2-D context.
import { describe, expect, test } from 'vitest';
import { paintBoxes, type OverlayView, type PaintedTarget } from '../../src/dom/box-painter.js';

/** Records every call made on it (name and arguments); properties are plain fields. */
function recorder() {
  const calls: [string, ...unknown[]][] = [];
  const ctx = new Proxy({ canvas: { width: 200, height: 100 } } as Record<string, unknown>, {
    get(target, name) {
      if (name in target) return target[name as string];
      return (...args: unknown[]) => void calls.push([String(name), ...args]);
    },
    set(target, name, value) {
      target[name as string] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

const view: OverlayView = { width: 200, height: 100, dpr: 1, colors: ['#0f0'], lost: '#f00', ellipse: '#ff0', labels: false };

function target(angle: number): PaintedTarget {
  return { id: 1, status: 'tracking', box: { x: 40, y: 20, width: 30, height: 10 }, rotatedBox: { cx: 55, cy: 25, width: 30, height: 10, angle } };
}

describe('paintBoxes', () => {
  test('an upright target: its box as given, nothing turned', () => {
    const { ctx, calls } = recorder();
    paintBoxes(ctx, view, 200, 100, [target(0)], false);
    expect(calls.filter((c) => c[0] === 'rotate')).toEqual([]);
    expect(calls.filter((c) => c[0] === 'strokeRect')).toEqual([['strokeRect', 41.5, 21.5, 27, 7]]);
  });

  test("a turned target (the robust tracker's turn): its box turned about its centre", () => {
    const { ctx, calls } = recorder();
    paintBoxes(ctx, view, 200, 100, [target(Math.PI / 6)], false);
    const i = calls.findIndex((c) => c[0] === 'rotate');
    expect(calls[i]).toEqual(['rotate', Math.PI / 6]);
    expect(calls[i - 1]).toEqual(['translate', 55, 25]);
    expect(calls[i + 1]).toEqual(['strokeRect', -13.5, -3.5, 27, 7]);
    expect(calls[i + 2]).toEqual(['setTransform', 1, 0, 0, 1, 0, 0]); // back for the next target
  });

  test("CamShift's rotatedBox is its ellipse: the box stays upright, the ellipse turns", () => {
    const { ctx, calls } = recorder();
    paintBoxes(ctx, view, 200, 100, [target(Math.PI / 6)], true);
    expect(calls.filter((c) => c[0] === 'rotate')).toEqual([]);
    expect(calls.filter((c) => c[0] === 'strokeRect')).toEqual([['strokeRect', 41.5, 21.5, 27, 7]]);
    expect(calls.find((c) => c[0] === 'ellipse')?.[5]).toBe(Math.PI / 6);
  });
});
