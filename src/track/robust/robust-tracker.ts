import { checkImage, type ImageLike, type Rect } from '../../image/types.js';
import { checkFrameSize, checkTarget, isGrayRegion } from '../target.js';
import { createTrackResult, type TrackResult, type Tracker } from '../types.js';
import { ColorBins, type RobustColorSpace } from './color-bins.js';
import { resolveRobustOptions, type RobustTrackerOptions } from './options.js';
import { LikelihoodScale } from './likelihood-scale.js';
import { Redetector } from './redetect.js';
import { kernelHistogram, ringHistogram, sampleStep, type Bounds } from './region-histograms.js';
import { ScaleMeanShift } from './scale-mean-shift.js';
import { SparseHistogram, bhattacharyya } from './sparse-histogram.js';

/**
 * The robust colour tracker (`createTracker({ method: 'robust' })`, the default):
 * kernel-based mean shift on an Epanechnikov-weighted colour histogram (Comaniciu, Ramesh,
 * Meer 2003) with background-ratio weights and regularised, forward-backward-checked scale
 * estimation (ASMS, Vojíř et al. 2014), plus what ASMS lacks: a guarded update of the target
 * and background models, loss detection from the Bhattacharyya similarity (status `'lost'`),
 * and re-detection over a growing region (coarse, subsampled) that returns to `'tracking'`
 * when the target is back. Grayscale targets use 64 gray levels. A weak prior pulls the log
 * size toward the first box's (`sizePrior`), bounding the slow drift of the scale estimates.
 *
 * Work per frame stays in the target's neighbourhood (subsampled for big targets), except the
 * coarse re-detection search while lost. `track()` allocates no buffer (only the small view of
 * the one bulk copy a frame): the returned `TrackResult` belongs to the tracker and is
 * overwritten by the next call.
 *
 * `probability` shows what the tracker sees: the target likelihood q/(q + b) of each pixel
 * (target model against background model, the re-detector's evidence), 0..255, over the
 * region the last `track()` looked at (`probabilityRect`: twice the box around the start and
 * end windows while tracking, the coarse re-detection region, in blocks, while lost), 0
 * elsewhere. It is computed lazily, when read, from the last frame's pixels and the current
 * models, so tracking that never reads it (evaluation, benchmarks) pays nothing: read it right
 * after `track()`, before the frame's buffer is overwritten. The buffer is frame-sized,
 * allocated at `init()` and reused.
 */
export class RobustTracker implements Tracker {
  readonly method = 'robust' as const;
  private readonly o: Required<RobustTrackerOptions>;
  private bins: ColorBins | null = null;
  private q: SparseHistogram | null = null;
  private b: SparseHistogram | null = null;
  private p: SparseHistogram | null = null;
  private ms: ScaleMeanShift | null = null;
  private redetector: Redetector | null = null;
  private lscale: LikelihoodScale | null = null;
  private density = 0;
  private prev: Uint8Array | null = null;
  private readonly prevBounds: Bounds = { x0: 0, y0: 0, x1: 0, y1: 0 };
  private readonly frameBounds: Bounds = { x0: 0, y0: 0, x1: 0, y1: 0 };
  private readonly search: Bounds = { x0: 0, y0: 0, x1: 0, y1: 0 };
  private frameW = 0;
  private frameH = 0;
  private channels = 4;
  private cx = 0;
  private cy = 0;
  private w = 0;
  private h = 0;
  private w0 = 0;
  private h0 = 0;
  private bgShare = 0.3;
  private simMean = 1;
  private lost = false;
  private lostFrames = 0;
  private readonly result: TrackResult;
  // the probability map (lazy): buffer, per-bin 0..255 table, last frame, where to write/was written
  private prob: Uint8Array | null = null;
  private probLut: Uint8Array | null = null;
  private probData: Uint8Array | Uint8ClampedArray | null = null;
  private probDirty = false;
  private probStep = 1;
  private readonly looked: Bounds = { x0: 0, y0: 0, x1: 0, y1: 0 };
  private readonly written: Bounds = { x0: 0, y0: 0, x1: 0, y1: 0 };
  private readonly probRect: Rect = { x: 0, y: 0, width: 0, height: 0 };

  constructor(options: RobustTrackerOptions = {}) {
    this.o = resolveRobustOptions(options);
    this.result = createTrackResult();
  }

  get initialized(): boolean {
    return this.q !== null;
  }

  /** The colour feature chosen at `init()`. */
  get colorSpace(): RobustColorSpace | null {
    return this.bins?.space ?? null;
  }

  /**
   * The frame-sized map (0..255) of the target likelihood q/(q + b) over the region the last
   * `track()` (or `init()`) looked at, 0 elsewhere; null before `init()`. Computed when read,
   * from the last frame's buffer: read it right after `track()`.
   */
  get probability(): Uint8Array | null {
    if (this.probDirty) this.renderProbability();
    return this.prob;
  }

  /** Where `probability` was written for the last frame (empty before `init()`). */
  get probabilityRect(): Rect | null {
    if (!this.prob) return null;
    if (this.probDirty) this.renderProbability();
    return this.probRect;
  }

  init(frame: ImageLike, target: Rect): void {
    const c = checkImage(frame, 'frame');
    const t = checkTarget(target, frame.width, frame.height);
    let space: RobustColorSpace = this.o.colorSpace === 'gray' ? 'gray' : 'rgb';
    if (this.o.colorSpace === 'auto' && isGrayRegion(frame.data, c, frame.width, t)) space = 'gray';
    // all checks passed: only now replace the state
    const bins = new ColorBins(space, c);
    this.bins = bins;
    this.channels = c;
    this.frameW = frame.width;
    this.frameH = frame.height;
    const fb = this.frameBounds;
    fb.x0 = 0;
    fb.y0 = 0;
    fb.x1 = frame.width;
    fb.y1 = frame.height;
    this.q = new SparseHistogram(bins.size);
    this.b = new SparseHistogram(bins.size);
    this.p = new SparseHistogram(bins.size);
    this.ms = new ScaleMeanShift(bins.size);
    this.redetector = new Redetector(frame.width, frame.height, bins.size);
    this.lscale = new LikelihoodScale(bins.size);
    this.prev = new Uint8Array(frame.width * frame.height * c);
    this.w = this.w0 = t.width;
    this.h = this.h0 = t.height;
    this.cx = t.x + t.width / 2;
    this.cy = t.y + t.height / 2;
    this.modelAt(frame.data, fb, this.q);
    this.q.normalize();
    this.backgroundAt(frame.data, fb, this.b);
    this.b.normalize();
    this.bgShare = this.expectedBackgroundShare();
    this.lscale.setModels(this.q, this.b);
    this.lscale.measure(frame.data, c, frame.width, bins, fb, this.cx, this.cy, this.w, this.h, 1, this.o.maxSamples);
    this.density = this.lscale.inside;
    this.simMean = 1;
    this.lost = false;
    this.lostFrames = 0;
    this.savePatch(frame.data);
    if (!this.prob || this.prob.length !== frame.width * frame.height) this.prob = new Uint8Array(frame.width * frame.height);
    else this.prob.fill(0);
    if (!this.probLut || this.probLut.length !== bins.size) this.probLut = new Uint8Array(bins.size);
    this.written.x0 = this.written.y0 = this.written.x1 = this.written.y1 = 0;
    this.lookAround(this.cx, this.cy);
    this.probStep = 1;
    this.probData = frame.data;
    this.probDirty = true;
  }

  track(frame: ImageLike, timestamp?: number): TrackResult {
    const q = this.q, b = this.b, p = this.p, ms = this.ms, bins = this.bins;
    if (!q || !b || !p || !ms || !bins) throw new Error('tracker.track() called before tracker.init(frame, target)');
    const c = checkImage(frame, 'frame');
    checkFrameSize(frame.width, frame.height, this.frameW, this.frameH);
    if (c !== this.channels) {
      throw new RangeError(`frame has ${c} channels but the tracker was initialised on ${this.channels}-channel frames; call init() again`);
    }
    const data = frame.data, o = this.o, r = this.result;
    let iterations = 0, sim = 0;
    const wasLost = this.lost, startX = this.cx, startY = this.cy;
    if (!this.lost) {
      const wOld = this.w, hOld = this.h;
      const res = ms.run(data, c, this.frameW, bins, this.frameBounds, q, b, this.bgShare,
        this.cx, this.cy, wOld / 2, hOld / 2, o.maxIterations, o.maxSamples, false);
      iterations = res.iterations;
      const scale = res.scale, ncx = res.cx, ncy = res.cy;
      let nw = 0.7 * wOld + 0.3 * wOld * scale, nh = 0.7 * hOld + 0.3 * hOld * scale;
      if (Math.abs(Math.log(scale)) > 0.05) {
        // forward-backward check of the scale on the previous frame's neighbourhood
        const back = ms.run(this.prev!, c, this.frameW, bins, this.prevBounds, q, b, this.bgShare,
          ncx, ncy, nw / 2, nh / 2, o.maxIterations, o.maxSamples, false);
        iterations += back.iterations;
        if (Math.abs(Math.log(scale * back.scale)) > 0.1) {
          // rejected: a tenth of the change, and a pull toward the first size (ASMS's, a
          // little weaker: the continuous size prior below shares that work)
          const ax = 0.09 * (this.w0 / wOld), ay = 0.09 * (this.h0 / hOld);
          nw = (0.9 - ax) * wOld + 0.1 * wOld * scale + ax * this.w0;
          nh = (0.9 - ay) * hOld + 0.1 * hOld * scale + ay * this.h0;
        }
      }
      this.cx = ncx;
      this.cy = ncy;
      if (o.scaleRate > 0 && this.density > 0) {
        // area from the likelihood mass around the target, against the target's density
        const ls = this.lscale!;
        ls.setModels(q, b);
        ls.measure(data, c, this.frameW, bins, this.frameBounds, ncx, ncy, nw, nh, 2, o.maxSamples);
        let s = Math.sqrt(ls.window / (this.density * nw * nh));
        if (s > 1.1) s = 1.1;
        else if (s < 0.9) s = 0.9;
        const f = 1 + o.scaleRate * (s - 1);
        nw *= f;
        nh *= f;
      }
      if (o.sizePrior > 0) {
        // a weak pull of the log size toward the first size: bounds the slow drift of the
        // scale estimates (either way) without stopping a real, sustained change
        const f = Math.pow((this.w0 * this.h0) / (nw * nh), 0.5 * o.sizePrior);
        nw *= f;
        nh *= f;
      }
      this.clampSize(nw, nh);
      sim = this.similarityAt(data);
      if (sim < o.minSimilarity || sim < o.lostRatio * this.simMean) {
        this.lost = true;
        this.lostFrames = 0;
        this.redetector!.setModels(q, b);
      } else {
        this.simMean += 0.1 * (sim - this.simMean);
        if (o.modelUpdateRate > 0 && sim >= 0.9 * this.simMean) q.blend(p, o.modelUpdateRate);
        if (o.backgroundUpdateRate > 0) {
          this.backgroundAt(data, this.frameBounds, p);
          p.normalize();
          b.blend(p, o.backgroundUpdateRate);
        }
      }
    } else {
      this.lostFrames++;
      // candidate 1: mean shift (fixed size) from where the target was last seen
      const res = ms.run(data, c, this.frameW, bins, this.frameBounds, q, b, this.bgShare,
        this.cx, this.cy, this.w / 2, this.h / 2, o.maxIterations, o.maxSamples, true);
      iterations = res.iterations;
      let bx = res.cx, by = res.cy;
      const saveX = this.cx, saveY = this.cy;
      this.cx = bx;
      this.cy = by;
      let bestSim = this.similarityAt(data);
      // candidate 2: the best place of a coarse search over a growing region, refined
      const grow = Math.min(Math.max(this.frameW, this.frameH), (1 + this.lostFrames) * Math.max(this.w, this.h));
      const s = this.search;
      s.x0 = Math.max(0, Math.floor(saveX - grow));
      s.y0 = Math.max(0, Math.floor(saveY - grow));
      s.x1 = Math.min(this.frameW, Math.ceil(saveX + grow));
      s.y1 = Math.min(this.frameH, Math.ceil(saveY + grow));
      const det = this.redetector!.search(data, c, this.frameW, bins, s, this.w, this.h, o.redetectSamples);
      if (det.score > 0) {
        const res2 = ms.run(data, c, this.frameW, bins, this.frameBounds, q, b, this.bgShare,
          det.cx, det.cy, this.w / 2, this.h / 2, o.maxIterations, o.maxSamples, true);
        iterations += res2.iterations;
        this.cx = res2.cx;
        this.cy = res2.cy;
        const sim2 = this.similarityAt(data);
        if (sim2 > bestSim) {
          bestSim = sim2;
          bx = res2.cx;
          by = res2.cy;
        }
      }
      sim = bestSim;
      if (sim >= o.minSimilarity && sim >= o.foundRatio * this.simMean) {
        this.lost = false;
        this.cx = bx;
        this.cy = by;
      } else {
        this.cx = saveX;
        this.cy = saveY;
      }
    }
    this.savePatch(data);
    // where the probability map is due (rendered only if read)
    if (wasLost) {
      const s = this.search, l = this.looked;
      l.x0 = s.x0;
      l.y0 = s.y0;
      l.x1 = s.x1;
      l.y1 = s.y1;
      this.probStep = sampleStep(s.x1 - s.x0, s.y1 - s.y0, o.redetectSamples);
    } else {
      this.lookAround(startX, startY);
      const l = this.looked, x0 = l.x0, y0 = l.y0, x1 = l.x1, y1 = l.y1;
      this.lookAround(this.cx, this.cy);
      if (x0 < l.x0) l.x0 = x0;
      if (y0 < l.y0) l.y0 = y0;
      if (x1 > l.x1) l.x1 = x1;
      if (y1 > l.y1) l.y1 = y1;
      // the mean shift's own sampling density (the region is about 4× its window)
      this.probStep = sampleStep(l.x1 - l.x0, l.y1 - l.y0, 4 * o.maxSamples);
    }
    this.probData = data;
    this.probDirty = true;
    r.status = this.lost ? 'lost' : 'tracking';
    const x = this.cx - this.w / 2, y = this.cy - this.h / 2;
    r.box.x = x;
    r.box.y = y;
    r.box.width = this.w;
    r.box.height = this.h;
    const rb = r.rotatedBox;
    rb.cx = this.cx;
    rb.cy = this.cy;
    rb.width = this.w;
    rb.height = this.h;
    rb.angle = 0;
    r.score = sim > 1 ? 1 : sim < 0 ? 0 : sim;
    r.iterations = iterations;
    r.timestamp = timestamp;
    return r;
  }

  reset(): void {
    this.q = this.b = this.p = null;
    this.ms = null;
    this.redetector = null;
    this.prev = null;
    this.bins = null;
    this.prob = this.probLut = this.probData = null;
    this.probDirty = false;
    this.frameW = this.frameH = 0;
    this.lost = false;
  }

  /** Sets `looked` to twice the box (plus the mean shift's 5 px border) centred at (cx, cy), clipped. */
  private lookAround(cx: number, cy: number): void {
    const l = this.looked;
    l.x0 = Math.max(0, Math.floor(cx - this.w - 5));
    l.y0 = Math.max(0, Math.floor(cy - this.h - 5));
    l.x1 = Math.min(this.frameW, Math.ceil(cx + this.w + 5));
    l.y1 = Math.min(this.frameH, Math.ceil(cy + this.h + 5));
    if (l.x1 < l.x0) l.x1 = l.x0;
    if (l.y1 < l.y0) l.y1 = l.y0;
  }

  /** Clears the last region written, then writes q/(q + b) (0..255) over `looked`, in step-sized blocks. */
  private renderProbability(): void {
    this.probDirty = false;
    const prob = this.prob, lut = this.probLut, data = this.probData, q = this.q, b = this.b, bins = this.bins;
    if (!prob || !lut || !data || !q || !b || !bins) return;
    const W = this.frameW, wr = this.written;
    for (let y = wr.y0; y < wr.y1; y++) prob.fill(0, y * W + wr.x0, y * W + wr.x1);
    const qd = q.data, bd = b.data;
    for (let u = 0; u < lut.length; u++) {
      const qu = qd[u];
      lut[u] = qu > 0 ? Math.round((255 * qu) / (qu + bd[u] + 1e-4)) : 0;
    }
    const { lutR, lutG, lutB, offG, offB } = bins;
    const c = this.channels, l = this.looked, step = this.probStep;
    const x0 = l.x0, x1 = l.x1;
    for (let y = l.y0; y < l.y1; y += step) {
      const row = y * W;
      if (step === 1) {
        for (let i = row + x0, e = row + x1, j = i * c; i < e; i++, j += c) {
          prob[i] = lut[lutR[data[j]] + lutG[data[j + offG]] + lutB[data[j + offB]]];
        }
        continue;
      }
      // coarse: one sample a step×step block, written along the row, then the row copied down
      for (let x = x0, j = (row + x0) * c, dj = step * c; x < x1; x += step, j += dj) {
        const v = lut[lutR[data[j]] + lutG[data[j + offG]] + lutB[data[j + offB]]];
        for (let i = row + x, e = row + Math.min(x1, x + step); i < e; i++) prob[i] = v;
      }
      for (let yy = y + 1, ye = Math.min(l.y1, y + step); yy < ye; yy++) prob.copyWithin(yy * W + x0, row + x0, row + x1);
    }
    wr.x0 = l.x0;
    wr.y0 = l.y0;
    wr.x1 = l.x1;
    wr.y1 = l.y1;
    const pr = this.probRect;
    pr.x = l.x0;
    pr.y = l.y0;
    pr.width = l.x1 - l.x0;
    pr.height = l.y1 - l.y0;
  }

  private clampSize(nw: number, nh: number): void {
    const minW = Math.min(this.w0, 8), minH = Math.min(this.h0, 8);
    this.w = Math.min(Math.max(nw, minW, this.w0 / 5), this.frameW, this.w0 * 5);
    this.h = Math.min(Math.max(nh, minH, this.h0 / 5), this.frameH, this.h0 * 5);
  }

  /** Kernel histogram of the current box into this.p (normalised) and its similarity with q. */
  private similarityAt(data: Uint8Array | Uint8ClampedArray): number {
    this.modelAt(data, this.frameBounds, this.p!);
    this.p!.normalize();
    return bhattacharyya(this.p!, this.q!);
  }

  private modelAt(data: Uint8Array | Uint8ClampedArray, bounds: Bounds, out: SparseHistogram): void {
    const ax = this.w / 2, ay = this.h / 2;
    kernelHistogram(data, this.channels, this.frameW, this.bins!, bounds, this.cx, this.cy, ax, ay,
      sampleStep(this.w, this.h, this.o.maxSamples), out);
  }

  private backgroundAt(data: Uint8Array | Uint8ClampedArray, bounds: Bounds, out: SparseHistogram): void {
    const x0 = Math.round(this.cx - this.w / 2), y0 = Math.round(this.cy - this.h / 2);
    ringHistogram(data, this.channels, this.frameW, this.bins!, bounds, x0, y0, x0 + Math.round(this.w), y0 + Math.round(this.h),
      1, sampleStep(2 * this.w, 2 * this.h, this.o.maxSamples), out);
  }

  /** ASMS's expected share of background-like pixels in the target, from the first frame. */
  private expectedBackgroundShare(): number {
    const q = this.q!, b = this.b!, qd = q.data, bd = b.data, t = q.touched;
    let sbg = 0, sfg = 0;
    for (let i = 0; i < q.count; i++) {
      const u = t[i];
      sfg += qd[u] * qd[u];
      if (bd[u] > qd[u]) sbg += qd[u] * qd[u];
    }
    const share = sfg > 0 ? sbg / sfg : 0;
    return Math.max(0.1, Math.min(share, 0.5));
  }

  /** Copies the target's neighbourhood of this frame for the next frame's backward scale check. */
  private savePatch(data: Uint8Array | Uint8ClampedArray): void {
    const pb = this.prevBounds, c = this.channels, W = this.frameW;
    pb.x0 = Math.max(0, Math.floor(this.cx - this.w * 1.5 - 20));
    pb.x1 = Math.min(W, Math.ceil(this.cx + this.w * 1.5 + 20));
    pb.y0 = Math.max(0, Math.floor(this.cy - this.h * 1.5 - 20));
    pb.y1 = Math.min(this.frameH, Math.ceil(this.cy + this.h * 1.5 + 20));
    const prev = this.prev!;
    if (pb.x1 <= pb.x0 || pb.y1 <= pb.y0) return;
    // one bulk copy of the rows' span (the engine's memcpy: a byte loop cost more than all
    // the tracking); the view is the only object a frame creates
    const a = (pb.y0 * W + pb.x0) * c, e = ((pb.y1 - 1) * W + pb.x1) * c;
    prev.set(data.subarray(a, e), a);
  }
}
