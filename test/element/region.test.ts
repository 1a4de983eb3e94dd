import { describe, expect, test } from 'vitest';
import { clipEven, readMargin, refreshRegion, regionCovers, type Region } from '../../src/dom/region.js';
import { cameraError } from '../../src/dom/errors.js';
import { parseResolution } from '../../src/dom/camera.js';

const out = (): Region => ({ x: 0, y: 0, width: 0, height: 0 });

describe('refreshRegion', () => {
  test('dilates the box by its larger side plus 32 on every side, even corners', () => {
    // box 100x60 at (301, 201): d = 132
    expect(refreshRegion({ x: 301, y: 201, width: 100, height: 60 }, 1280, 720, out())).toEqual({
      x: 168, y: 68, width: 366, height: 326, // x 169 -> 168, x1 533 -> 534; y 69 -> 68, y1 393 -> 394
    });
  });

  test('clips to the frame', () => {
    expect(refreshRegion({ x: 10, y: 5, width: 40, height: 30 }, 100, 80, out())).toEqual({ x: 0, y: 0, width: 100, height: 80 });
  });
});

describe('clipEven', () => {
  test('rounds the near corner down and the far corner up to even numbers', () => {
    expect(clipEven(3.5, 7, 10.2, 11, 640, 480, out())).toEqual({ x: 2, y: 6, width: 10, height: 6 });
  });
  test('an empty or outside region has no size', () => {
    expect(clipEven(700, 10, 800, 20, 640, 480, out())).toMatchObject({ width: 0 });
  });
});

describe('regionCovers', () => {
  const region = { x: 100, y: 100, width: 300, height: 200 };
  test('the margin is CamShift growth plus the lazy projection margin', () => {
    expect(readMargin({ x: 0, y: 0, width: 40, height: 20 })).toBe(10 + 15 + 2);
    expect(readMargin({ x: 0, y: 0, width: 4, height: 4 })).toBe(10 + 8 + 2);
  });
  test('true when the box plus its margin is inside, false when it reaches out', () => {
    // margin of a 40x20 box is 27
    expect(regionCovers(region, { x: 127, y: 127, width: 40, height: 20 }, 640, 480)).toBe(true);
    expect(regionCovers(region, { x: 126, y: 127, width: 40, height: 20 }, 640, 480)).toBe(false);
    expect(regionCovers(region, { x: 333, y: 253, width: 40, height: 20 }, 640, 480)).toBe(true);
    expect(regionCovers(region, { x: 334, y: 253, width: 40, height: 20 }, 640, 480)).toBe(false);
  });
  test('the frame edge bounds what can be read', () => {
    const full = { x: 0, y: 0, width: 64, height: 48 };
    expect(regionCovers(full, { x: 0, y: 0, width: 20, height: 20 }, 64, 48)).toBe(true);
  });
});

describe('camera errors', () => {
  const named = (name: string) => Object.assign(new Error('x'), { name });
  test.each([
    ['NotAllowedError', 'camera-denied'],
    ['SecurityError', 'camera-denied'],
    ['NotFoundError', 'camera-not-found'],
    ['OverconstrainedError', 'camera-not-found'],
    ['NotReadableError', 'camera-not-found'],
    ['TypeError', 'unsupported'],
  ])('%s is %s', (name, code) => {
    const e = cameraError(named(name));
    expect(e.code).toBe(code);
    expect(e.message.length).toBeGreaterThan(20);
  });
  test('parseResolution', () => {
    expect(parseResolution('1280x720')).toEqual({ width: 1280, height: 720 });
    expect(parseResolution(' 640 × 480 ')).toEqual({ width: 640, height: 480 });
    expect(parseResolution('hd')).toBeNull();
    expect(parseResolution('0x10')).toBeNull();
  });
});
