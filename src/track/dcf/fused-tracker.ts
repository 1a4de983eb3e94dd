import { checkImage, type ImageLike, type Rect } from '../../image/types.js';
import { checkFrameSize, checkTarget, isGrayRegion } from '../target.js';
import { createTrackResult, type TrackResult, type Tracker } from '../types.js';
import { ColourModel } from './colour-model.js';
import { CorrelationFilter } from './correlation-filter.js';
import { HOG_CHANNELS, HogFeatures } from './hog-features.js';
import { PatchSampler } from './patch-sampler.js';

export interface FusedTrackerOptions {
  mergeFactor?: number;
  cfRate?: number;
  colourRate?: number;
  scaleStep?: number;
  scalePenalty?: number;
  padding?: number;
  sigmaFactor?: number;
  lambda?: number;
}

const D = { mergeFactor: 0.3, cfRate: 0.01, colourRate: 0.04, scaleStep: 1.03, scalePenalty: 0.99, padding: 1, sigmaFactor: 1 / 16, lambda: 1e-3 };

const CELL = 4, CELLS = 32, SIZE = CELL * CELLS;

export class FusedTracker implements Tracker {
  readonly method = 'robust' as const;
  private readonly o: typeof D;
  private samplers: PatchSampler[] = [];
  private hogs: HogFeatures[] = [];
  private cf: CorrelationFilter | null = null;
  private colour: ColourModel | null = null;
  private readonly cfResp: Float64Array[] = [];
  private readonly merged = new Float64Array(CELLS * CELLS);
  private readonly result: TrackResult = createTrackResult();
  private frameW = 0;
  private frameH = 0;
  private channels = 4;
  private gray = false;
  private cx = 0;
  private cy = 0;
  private w = 0;
  private h = 0;
  private w0 = 0;
  private h0 = 0;
  private alpha = 0.3;
  private peakMean = 0;
  private lost = false;

  constructor(options: FusedTrackerOptions = {}) {
    this.o = { ...D };
    for (const k of Object.keys(D) as (keyof typeof D)[]) if (options[k] !== undefined) this.o[k] = options[k]!;
  }

  get initialized(): boolean {
    return this.cf !== null;
  }

  init(frame: ImageLike, target: Rect): void {
    const c = checkImage(frame, 'frame');
    const t = checkTarget(target, frame.width, frame.height);
    this.gray = c === 1 || isGrayRegion(frame.data, c, frame.width, t);
    this.channels = c;
    this.frameW = frame.width;
    this.frameH = frame.height;
    if (this.samplers.length === 0) {
      for (let i = 0; i < 3; i++) {
        this.samplers.push(new PatchSampler(SIZE));
        this.hogs.push(new HogFeatures(SIZE, CELL));
        this.cfResp.push(new Float64Array(CELLS * CELLS));
      }
    }
    this.cf = new CorrelationFilter(CELLS, HOG_CHANNELS);
    this.cf.lambda = this.o.lambda;
    this.colour = new ColourModel(CELLS, CELL, this.gray ? 32 : 32768);
    this.cx = t.x + t.width / 2;
    this.cy = t.y + t.height / 2;
    this.w = this.w0 = t.width;
    this.h = this.h0 = t.height;
    const [tw, th] = this.targetInTemplate();
    this.cf.setLabel((Math.sqrt(tw * th) * this.o.sigmaFactor) / CELL);
    this.learn(frame.data, true);
    const s = this.samplers[1];
    const x0 = Math.round((SIZE - tw) / 2), y0 = Math.round((SIZE - th) / 2);
    const contrast = this.colour.contrast(s.bins, SIZE, x0, y0, x0 + Math.round(tw), y0 + Math.round(th));
    this.alpha = this.o.mergeFactor * Math.max(0, Math.min(1, contrast / 0.3));
    this.peakMean = 0;
    this.lost = false;
  }

  private windowSize(): [number, number] {
    const pad = (this.o.padding * (this.w + this.h)) / 2;
    return [this.w + pad, this.h + pad];
  }

  /** Target size in template pixels. */
  private targetInTemplate(): [number, number] {
    const [ww, wh] = this.windowSize();
    return [(SIZE * this.w) / ww, (SIZE * this.h) / wh];
  }

  private learn(data: Uint8Array | Uint8ClampedArray, first: boolean): void {
    const s = this.samplers[1], hog = this.hogs[1], cf = this.cf!, col = this.colour!;
    const [ww, wh] = this.windowSize();
    s.sample(data, this.channels, this.frameW, this.frameH, this.cx, this.cy, ww, wh, this.gray);
    hog.compute(s.gray);
    cf.transform(hog.data);
    cf.train(first ? 1 : this.o.cfRate);
    const [tw, th] = this.targetInTemplate();
    const x0 = Math.round((SIZE - tw) / 2), y0 = Math.round((SIZE - th) / 2);
    col.learn(s.bins, SIZE, x0, y0, x0 + Math.round(tw), y0 + Math.round(th), first ? 1 : this.o.colourRate);
  }

  track(frame: ImageLike, timestamp?: number): TrackResult {
    const cf = this.cf, col = this.colour;
    if (!cf || !col) throw new Error('tracker.track() called before tracker.init(frame, target)');
    const c = checkImage(frame, 'frame');
    checkFrameSize(frame.width, frame.height, this.frameW, this.frameH);
    if (c !== this.channels) {
      throw new RangeError(`frame has ${c} channels but the tracker was initialised on ${this.channels}-channel frames; call init() again`);
    }
    const data = frame.data, o = this.o, G = CELLS;
    const [ww, wh] = this.windowSize();
    const [tw, th] = this.targetInTemplate();
    const twc = tw / CELL, thc = th / CELL;
    const rx = Math.max(2, Math.min(G / 2 - 1, Math.floor((G - twc) / 2)));
    const ry = Math.max(2, Math.min(G / 2 - 1, Math.floor((G - thc) / 2)));
    let best = 1, bestPeak = -Infinity;
    for (let si = 0; si < 3; si++) {
      const sc = si === 0 ? 1 / o.scaleStep : si === 2 ? o.scaleStep : 1;
      const s = this.samplers[si], hog = this.hogs[si];
      s.sample(data, c, this.frameW, this.frameH, this.cx, this.cy, ww * sc, wh * sc, this.gray);
      hog.compute(s.gray);
      cf.transform(hog.data);
      const r = cf.respond();
      this.cfResp[si].set(r);
      let peak = -Infinity;
      for (let dy = -ry; dy <= ry; dy++) {
        const row = ((dy + G) % G) * G;
        for (let dx = -rx; dx <= rx; dx++) {
          const v = r[row + ((dx + G) % G)];
          if (v > peak) peak = v;
        }
      }
      if (si !== 1) peak *= o.scalePenalty;
      if (peak > bestPeak) {
        bestPeak = peak;
        best = si;
      }
    }
    const sc = best === 0 ? 1 / o.scaleStep : best === 2 ? o.scaleStep : 1;
    const colourResp = col.respond(this.samplers[best].bins, SIZE, twc, thc, rx, ry);
    const m = this.merged, cr = this.cfResp[best], a = this.alpha;
    let bx = 0, by = 0, bv = -Infinity;
    for (let dy = -ry; dy <= ry; dy++) {
      const row = ((dy + G) % G) * G;
      for (let dx = -rx; dx <= rx; dx++) {
        const i = row + ((dx + G) % G);
        const v = (1 - a) * cr[i] + a * colourResp[i];
        m[i] = v;
        if (v > bv) {
          bv = v;
          bx = dx;
          by = dy;
        }
      }
    }
    // mean shift on the fused response from its maximum: the mode at sub-cell precision
    let mx = bx, my = by, iterations = 0;
    for (let it = 0; it < 5; it++) {
      iterations++;
      const ix = Math.round(mx), iy = Math.round(my);
      let lo = Infinity;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const v = m[(((iy + dy) % G + G) % G) * G + (((ix + dx) % G + G) % G)];
        if (v < lo) lo = v;
      }
      let sw = 0, sx = 0, sy = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const wgt = m[(((iy + dy) % G + G) % G) * G + (((ix + dx) % G + G) % G)] - lo;
        sw += wgt;
        sx += wgt * (ix + dx);
        sy += wgt * (iy + dy);
      }
      if (sw <= 0) break;
      const nx = sx / sw, ny = sy / sw;
      const moved = Math.abs(nx - mx) + Math.abs(ny - my);
      mx = nx;
      my = ny;
      if (moved < 0.05) break;
    }
    this.cx += (mx * CELL * ww * sc) / SIZE;
    this.cy += (my * CELL * wh * sc) / SIZE;
    this.w = Math.max(4, Math.min(this.w * sc, this.frameW));
    this.h = Math.max(4, Math.min(this.h * sc, this.frameH));
    this.cx = Math.max(0, Math.min(this.frameW, this.cx));
    this.cy = Math.max(0, Math.min(this.frameH, this.cy));
    this.peakMean = this.peakMean === 0 ? bestPeak : 0.95 * this.peakMean + 0.05 * bestPeak;
    this.learn(data, false);
    const r = this.result;
    r.status = this.lost ? 'lost' : 'tracking';
    r.box.x = this.cx - this.w / 2;
    r.box.y = this.cy - this.h / 2;
    r.box.width = this.w;
    r.box.height = this.h;
    r.rotatedBox.cx = this.cx;
    r.rotatedBox.cy = this.cy;
    r.rotatedBox.width = this.w;
    r.rotatedBox.height = this.h;
    r.rotatedBox.angle = 0;
    r.score = Math.max(0, Math.min(1, bv));
    r.iterations = iterations;
    r.timestamp = timestamp;
    return r;
  }

  reset(): void {
    this.cf = null;
    this.colour = null;
  }
}
