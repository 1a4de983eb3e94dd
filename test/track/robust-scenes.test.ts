// The robust tracker on the hard cases of real video, as small seeded synthetic scenes:
// a colourless target on a textured gray background, a thin target with the background
// sliding past it, a tenfold growth, a small fast target that jumps out of the tracking window,
// a target that moves its own width a frame, a target that turns.
import { describe, expect, it } from 'vitest';
import { createTracker, type ImageLike, type Rect } from '../../src/index.js';
import { rng } from '../helpers/random.js';

/** Smooth gray texture (a few random sinusoids plus noise), 0..255. */
function texture(width: number, height: number, seed: number, contrast = 40): Float32Array {
  const r = rng(seed), out = new Float32Array(width * height);
  const waves = Array.from({ length: 6 }, () => ({ fx: r() * 0.15, fy: r() * 0.15, p: r() * 6.28, a: contrast * (0.3 + r()) / 3 }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 120;
      for (const w of waves) v += w.a * Math.sin(w.fx * x + w.fy * y + w.p);
      out[y * width + x] = v + (r() - 0.5) * 20;
    }
  }
  return out;
}

/** A patterned target: a pattern of gray blocks of the target's own scale, drawn into `into` at box. */
function drawPatterned(into: Float32Array, width: number, height: number, box: Rect, pattern: Float32Array, pw: number, ph: number): void {
  const x0 = Math.max(0, Math.floor(box.x)), y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.width)), y1 = Math.min(height, Math.ceil(box.y + box.height));
  for (let y = y0; y < y1; y++) {
    const v = Math.min(ph - 1, Math.max(0, Math.floor(((y + 0.5 - box.y) / box.height) * ph)));
    for (let x = x0; x < x1; x++) {
      const u = Math.min(pw - 1, Math.max(0, Math.floor(((x + 0.5 - box.x) / box.width) * pw)));
      into[y * width + x] = pattern[v * pw + u];
    }
  }
}

function grayFrame(plane: Float32Array, width: number, height: number, channels: 1 | 3): ImageLike {
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    const v = Math.max(0, Math.min(255, Math.round(plane[i])));
    for (let c = 0; c < channels; c++) data[i * channels + c] = v;
  }
  return { data, width, height, channels };
}

function iou(a: Rect, b: Rect): number {
  const x0 = Math.max(a.x, b.x), y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width), y1 = Math.min(a.y + a.height, b.y + b.height);
  const i = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return i / (a.width * a.height + b.width * b.height - i);
}
const centreError = (a: Rect, b: Rect) => Math.hypot(a.x + a.width / 2 - b.x - b.width / 2, a.y + a.height / 2 - b.y - b.height / 2);

describe('robust tracker on hard synthetic scenes', () => {
  it('follows a gray target on a textured gray background (no colour to use)', { timeout: 120_000 }, () => {
    const W = 320, H = 240, bg = texture(W, H, 11);
    // the target's pattern: 4×4 blocks of gray levels drawn from the background's own range
    const r = rng(5), pattern = Float32Array.from({ length: 16 }, () => 80 + 90 * r());
    const truth = (i: number): Rect => ({ x: 60 + 2 * i + 12 * Math.sin(i / 9), y: 80 + 40 * Math.sin(i / 15), width: 40, height: 48 });
    const frame = (i: number) => {
      const plane = bg.slice();
      drawPatterned(plane, W, H, truth(i), pattern, 4, 4);
      return grayFrame(plane, W, H, 3);
    };
    const t = createTracker();
    t.init(frame(0), truth(0));
    let worst = 0;
    for (let i = 1; i < 90; i++) {
      const res = t.track(frame(i));
      worst = Math.max(worst, centreError(res.box, truth(i)));
      expect(res.status).toBe('tracking');
    }
    expect(worst).toBeLessThan(6);
  });

  // as a camera following a diver past a crowd: the background slides 2 or 3 px a frame
  // behind a thin target that hardly moves in the frame, and fills most of the tracking window
  for (const [contrast, pan, seed] of [[90, 3, 31], [90, 2, 7], [80, 3, 13]]) {
    it(`stays on a thin target while the camera pans with it over a textured background (${pan} px a frame, seed ${seed})`, { timeout: 120_000 }, () => {
      const W = 320, H = 240, bg = texture(W, H + 120 * pan, seed, contrast);
      const r = rng(8), pattern = Float32Array.from({ length: 2 * 8 }, () => 70 + 110 * r());
      const truth = (i: number): Rect => ({ x: 150 + 6 * Math.sin(i / 11), y: 70 + 8 * Math.sin(i / 17), width: 16, height: 96 });
      const frame = (i: number) => {
        const plane = bg.slice(pan * i * W, (pan * i + H) * W);
        drawPatterned(plane, W, H, truth(i), pattern, 2, 8);
        return grayFrame(plane, W, H, 3);
      };
      const t = createTracker();
      t.init(frame(0), truth(0));
      let off = 0;
      for (let i = 1; i < 120; i++) if (iou(t.track(frame(i)).box, truth(i)) < 0.5) off++;
      // without the filter's support on the target's box: 15 to 60 of these frames
      expect(off).toBeLessThanOrEqual(3);
    });
  }

  it('follows a target that grows tenfold over 100 frames, box size within 20% on every frame', { timeout: 120_000 }, () => {
    const W = 480, H = 400, bg = texture(W, H, 23);
    const r = rng(9), pattern = Float32Array.from({ length: 36 }, () => 40 + 180 * r());
    const side = (i: number) => 14 * Math.pow(10, i / 100);
    const truth = (i: number): Rect => ({ x: 240 - side(i) / 2, y: 200 - (1.2 * side(i)) / 2, width: side(i), height: 1.2 * side(i) });
    const frame = (i: number) => {
      const plane = bg.slice();
      drawPatterned(plane, W, H, truth(i), pattern, 6, 6);
      return grayFrame(plane, W, H, 3);
    };
    const t = createTracker();
    t.init(frame(0), truth(0));
    let worst = 0;
    for (let i = 1; i <= 100; i++) {
      const res = t.track(frame(i));
      const g = truth(i);
      const err = Math.max(Math.abs(res.box.width / g.width - 1), Math.abs(res.box.height / g.height - 1));
      worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThan(0.2);
  });

  it('finds a small fast target again within 10 frames after it jumps out of the window', { timeout: 120_000 }, () => {
    const W = 480, H = 360, bg = texture(W, H, 31, 30);
    const rgbBg = new Uint8Array(W * H * 3);
    for (let i = 0; i < W * H; i++) {
      const v = Math.max(0, Math.min(255, Math.round(bg[i])));
      rgbBg[3 * i] = v;
      rgbBg[3 * i + 1] = v;
      rgbBg[3 * i + 2] = v;
    }
    // a 14×14 orange ball with a dark stripe; at frame 40 it jumps 150 px
    const pos = (i: number): [number, number] => (i < 40 ? [100 + 3 * i, 120 + i] : [370 - 2 * (i - 40), 260 - (i - 40)]);
    const truth = (i: number): Rect => ({ x: pos(i)[0] - 7, y: pos(i)[1] - 7, width: 14, height: 14 });
    const frame = (i: number): ImageLike => {
      const data = rgbBg.slice();
      const [cx, cy] = pos(i);
      for (let y = Math.floor(cy - 7); y < cy + 7; y++) {
        for (let x = Math.floor(cx - 7); x < cx + 7; x++) {
          if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 > 49) continue;
          const j = (y * W + x) * 3, stripe = Math.abs(y + 0.5 - cy) < 2;
          data[j] = stripe ? 60 : 240;
          data[j + 1] = stripe ? 30 : 140;
          data[j + 2] = stripe ? 20 : 30;
        }
      }
      return { data, width: W, height: H, channels: 3 };
    };
    const t = createTracker();
    t.init(frame(0), truth(0));
    for (let i = 1; i < 40; i++) expect(centreError(t.track(frame(i)).box, truth(i))).toBeLessThan(4);
    let foundAt = -1;
    for (let i = 40; i < 70; i++) {
      const res = t.track(frame(i));
      if (foundAt < 0 && res.status === 'tracking' && iou(res.box, truth(i)) > 0.5) foundAt = i;
      if (foundAt >= 0) expect(centreError(res.box, truth(i))).toBeLessThan(5);
    }
    expect(foundAt).toBeGreaterThanOrEqual(40);
    expect(foundAt).toBeLessThan(50);
  });

  // a target that moves its own width a frame, further than the window's search range reaches
  // (the target stays inside the template: about 0.7 of its side here), as a fast ball or a
  // deer's head at a low frame rate. The window moves to a mode at the edge of its search and
  // looks again, as a mean-shift window does. The colour search is turned off
  // (`recheckRatio: 0`) to see the window's own reach: on these scenes it finds the target too,
  // but on real video it often cannot (Deer at every 3rd frame, README "Figures").
  for (const seed of [5, 6]) {
    it(`keeps up with a target moving its own width a frame (seed ${seed})`, { timeout: 120_000 }, () => {
      const W = 640, H = 360, S = 24, bg = texture(W, H, 40 + seed, 40);
      const r = rng(seed), pattern = Float32Array.from({ length: 16 }, () => 70 + 100 * r());
      // speeding up by 2 px a frame to 24, to and fro between x = 60 and 580
      const path: [number, number][] = [];
      for (let i = 0, s = 0; i < 80; i++, s += Math.min(S, 2 + 2 * i)) {
        const u = s % 1040;
        path.push([60 + (u < 520 ? u : 1040 - u), 150 + 40 * Math.sin(i / 9)]);
      }
      const truth = (i: number): Rect => ({ x: path[i][0] - S / 2, y: path[i][1] - S / 2, width: S, height: S });
      const frame = (i: number) => {
        const plane = bg.slice();
        drawPatterned(plane, W, H, truth(i), pattern, 4, 4);
        return grayFrame(plane, W, H, 3);
      };
      const t = createTracker({ recheckRatio: 0 });
      t.init(frame(0), truth(0));
      let kept = 0;
      for (let i = 1; i < 80; i++) if (centreError(t.track(frame(i)).box, truth(i)) < 3) kept++;
      // measured: 70 and 79 of the 79 frames within 3 px (the misses single frames, the box
      // half the target's width behind, found again on the next); with the window not moved to
      // an edge mode, 44 and 45 (behind on every other frame at full speed)
      expect(kept).toBeGreaterThanOrEqual(65);
    });
  }

  /**
   * A 56 × 28 target of 4 × 2 coloured blocks (it reads differently when turned) moving over a
   * textured background while it turns by `turn(i)` (radians, clockwise on screen) in frame i.
   */
  function turningScene(seed: number, turn: (i: number) => number) {
    const W = 320, H = 240, bg = texture(W, H, seed, 60);
    const r = rng(seed + 1), colours = Array.from({ length: 8 }, () => [40 + 200 * r(), 40 + 200 * r(), 40 + 200 * r()]);
    const centre = (i: number) => ({ cx: 150 + 40 * Math.sin(i / 20), cy: 120 + 20 * Math.sin(i / 13) });
    const frame = (i: number): ImageLike => {
      const data = new Uint8Array(W * H * 3), { cx, cy } = centre(i), c = Math.cos(turn(i)), s = Math.sin(turn(i));
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          // the target's own coordinates of this pixel (turned back)
          const dx = x + 0.5 - cx, dy = y + 0.5 - cy, u = c * dx + s * dy, v = -s * dx + c * dy;
          const o = (y * W + x) * 3;
          if (Math.abs(u) < 28 && Math.abs(v) < 14) {
            const rgb = colours[(v < 0 ? 0 : 4) + Math.min(3, Math.floor((u + 28) / 14))];
            for (let k = 0; k < 3; k++) data[o + k] = rgb[k];
          } else {
            const g = Math.max(0, Math.min(255, Math.round(bg[y * W + x])));
            data[o] = g;
            data[o + 1] = Math.min(255, g + 10);
            data[o + 2] = Math.max(0, g - 10);
          }
        }
      }
      return { data, width: W, height: H, channels: 3 };
    };
    /** Tracks frames 1..n from the truth's first box; the worst centre error, and the worst turn error (degrees) from frame `from` on. */
    const run = (options: object, n: number, from: number) => {
      const t = createTracker(options);
      t.init(frame(0), { x: centre(0).cx - 28, y: centre(0).cy - 14, width: 56, height: 28 });
      let worstCentre = 0, worstTurn = 0;
      for (let i = 1; i <= n; i++) {
        const res = t.track(frame(i)), { cx, cy } = centre(i);
        worstCentre = Math.max(worstCentre, Math.hypot(res.rotatedBox.cx - cx, res.rotatedBox.cy - cy));
        // the reported turn against the truth's, as an angle (a half-turn and its opposite are one turn)
        const e = Math.abs(((res.rotatedBox.angle - turn(i) + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
        if (i >= from) worstTurn = Math.max(worstTurn, (e * 180) / Math.PI);
        expect(res.status).toBe('tracking');
      }
      return { worstCentre, worstTurn };
    };
    return run;
  }

  // as a motorbike rolling over in a jump, a gymnast, a spinning toy: the target turns a whole
  // half-turn in the plane of the image while it moves; followed with the turn searched on
  // every frame (`rotationSearch: 'always'`)
  for (const [seed, step] of [[3, 3], [21, -4]]) {
    it(`follows a target that turns ${Math.abs(step) * 60}° in 60 frames (${step > 0 ? 'clockwise' : 'anticlockwise'}) and reports its turn (seed ${seed})`, { timeout: 120_000 }, () => {
      const run = turningScene(seed, (i) => (step * i * Math.PI) / 180);
      const { worstCentre, worstTurn } = run({ rotationStep: 5 }, 60, 11);
      // measured: centre within 0.8 and 1.2 px, turn within 13° and 10° (with no turn searched,
      // `rotationStep: 0`: the centre 16 px off, the turn 180° off; searched only after unsure
      // frames, `rotationSearch: 'unsure'`: the turn up to 70° behind)
      expect(worstCentre).toBeLessThan(4);
      expect(worstTurn).toBeLessThan(16);
    });
  }

  // the cheaper turn search (`rotationSearch: 'unsure'`, only after frames where the filter is
  // unsure): a target that turns by 40° over 8 frames and then keeps that turn, as a head
  // tilting or a car taking a bend
  for (const [seed, sign] of [[5, 1], [9, -1]]) {
    it(`rotationSearch 'unsure' finds a turn of ${sign * 40}° made over 8 frames and reports it (seed ${seed})`, { timeout: 120_000 }, () => {
      const turn = (i: number) => (sign * Math.min(40, Math.max(0, i - 10) * 5) * Math.PI) / 180;
      const run = turningScene(seed, turn);
      const found = run({ rotationStep: 5, rotationSearch: 'unsure' }, 60, 35);
      expect(found.worstCentre).toBeLessThan(4);
      // measured: the turn followed to 25° (15° short) in both, where the filter, which learnt
      // the first frame turned by ±8° and ±16°, is sure again and the search stops; centre within 3.0 and 1.6 px
      expect(found.worstTurn).toBeLessThan(20);
      // with no turn searched it reports none: 40° off
      expect(run({ rotationStep: 0 }, 60, 35).worstTurn).toBeGreaterThan(39);
    });
  }
});
