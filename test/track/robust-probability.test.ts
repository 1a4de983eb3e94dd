// The robust tracker's `probability` map: what the tracker sees (the target likelihood
// q/(q + b), 0..255) over the region it looked at, 0 elsewhere, in one reused buffer.
import { describe, expect, it } from 'vitest';
import { RobustTracker, type ImageLike, type Rect } from '../../src/index.js';

const W = 200, H = 150;

/** Textured gray background with a red/blue disc of radius 18 at (cx, cy); RGB. */
function frame(cx: number, cy: number, data = new Uint8Array(W * H * 3)): ImageLike {
  let s = 11;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
  for (let y = 0, j = 0; y < H; y++) {
    for (let x = 0; x < W; x++, j += 3) {
      const dx = x + 0.5 - cx, dy = y + 0.5 - cy;
      if (dx * dx + dy * dy <= 18 * 18) {
        data[j] = dy < 0 ? 220 : 30;
        data[j + 1] = 30;
        data[j + 2] = dy < 0 ? 40 : 210;
      } else {
        const v = 110 + 40 * Math.sin(x * 0.07) * Math.cos(y * 0.05) + (rand() - 0.5) * 30;
        data[j] = v + 3;
        data[j + 1] = v;
        data[j + 2] = v - 3;
      }
    }
  }
  return { data, width: W, height: H, channels: 3 };
}

/** Mean of the map over a disc, and over the looked-at region outside a margin around it. */
function stats(prob: Uint8Array, cx: number, cy: number, rect: Rect) {
  let inS = 0, inN = 0, outS = 0, outN = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy), v = prob[y * W + x];
      if (d < 14) {
        inS += v;
        inN++;
      } else if (d > 24) {
        outS += v;
        outN++;
      }
    }
  }
  return { inside: inS / inN, outside: outS / outN };
}

function nonZeroOutside(prob: Uint8Array, r: Rect): number {
  let n = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height) continue;
      if (prob[y * W + x]) n++;
    }
  }
  return n;
}

describe('RobustTracker.probability', () => {
  it('is null before init and after reset', () => {
    const t = new RobustTracker();
    expect(t.probability).toBeNull();
    t.init(frame(60, 60), { x: 42, y: 42, width: 36, height: 36 });
    expect(t.probability).toBeInstanceOf(Uint8Array);
    t.reset();
    expect(t.probability).toBeNull();
    expect(t.probabilityRect).toBeNull();
  });

  it('is high on the target, low on the background, 0 outside the looked-at region, one buffer', () => {
    const t = new RobustTracker();
    const buf = new Uint8Array(W * H * 3);
    t.init(frame(60, 60, buf), { x: 42, y: 42, width: 36, height: 36 });
    const map = t.probability!;
    expect(map.length).toBe(W * H);
    let cx = 60, cy = 60;
    for (let i = 1; i <= 12; i++) {
      cx = 60 + 6 * i;
      cy = 60 + 2 * i;
      const r = t.track(frame(cx, cy, buf));
      expect(r.status).toBe('tracking');
      const prob = t.probability!, rect = t.probabilityRect!;
      expect(prob).toBe(map); // reused, not reallocated
      // the region covers the box
      expect(rect.x).toBeLessThanOrEqual(r.box.x);
      expect(rect.y).toBeLessThanOrEqual(r.box.y);
      expect(rect.x + rect.width).toBeGreaterThanOrEqual(r.box.x + r.box.width);
      expect(rect.y + rect.height).toBeGreaterThanOrEqual(r.box.y + r.box.height);
      const s = stats(prob, cx, cy, rect);
      expect(s.inside).toBeGreaterThan(200);
      expect(s.outside).toBeLessThan(20);
      // the previous frames' blobs were cleared
      expect(nonZeroOutside(prob, rect)).toBe(0);
    }
  });

  it('covers the re-detection region while lost, and finds the target blob there', () => {
    const t = new RobustTracker();
    const buf = new Uint8Array(W * H * 3);
    t.init(frame(50, 50, buf), { x: 32, y: 32, width: 36, height: 36 });
    // the target jumps far away: lost, then the re-detection region grows over it
    let lostSeen = false, found = false;
    for (let i = 0; i < 8 && !found; i++) {
      const r = t.track(frame(160, 110, buf));
      const rect = t.probabilityRect!, prob = t.probability!;
      if (r.status === 'lost') {
        lostSeen = true;
        expect(rect.width * rect.height).toBeGreaterThan(36 * 36 * 4);
        expect(nonZeroOutside(prob, rect)).toBe(0);
      } else found = true;
      if (rect.x <= 142 && rect.y <= 92 && rect.x + rect.width >= 178 && rect.y + rect.height >= 128) {
        // coarse, but the target stands out
        expect(stats(prob, 160, 110, rect).inside).toBeGreaterThan(150);
      }
    }
    expect(lostSeen || found).toBe(true);
  });

  it('leaves the tracking results unchanged whether or not the map is read', () => {
    const a = new RobustTracker(), b = new RobustTracker();
    const fa = new Uint8Array(W * H * 3), fb = new Uint8Array(W * H * 3);
    a.init(frame(60, 60, fa), { x: 42, y: 42, width: 36, height: 36 });
    b.init(frame(60, 60, fb), { x: 42, y: 42, width: 36, height: 36 });
    for (let i = 1; i <= 10; i++) {
      const ra = { ...a.track(frame(60 + 7 * i, 60 + 3 * i, fa)).box };
      void a.probability;
      const rb = { ...b.track(frame(60 + 7 * i, 60 + 3 * i, fb)).box };
      expect(ra).toEqual(rb);
    }
  });
});
