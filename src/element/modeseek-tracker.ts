import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { parseResolution } from '../dom/camera.js';
import { TrackerSourceError, type TrackerErrorCode } from '../dom/errors.js';
import { TrackingPipeline } from '../dom/tracking-pipeline.js';
import type { Rect } from '../image/types.js';
import type { TrackResult, TrackerMethod } from '../track/types.js';
import { CameraController } from './camera-controller.js';
import type { TrackEventDetail, TrackerErrorEventDetail } from './events.js';
import { FrameLoopController } from './frame-loop-controller.js';
import { styles } from './modeseek-tracker.styles.js';

/** What the element is doing; reflected to the `status` attribute for styling. */
export type TrackerElementStatus = 'idle' | 'starting' | 'ready' | 'tracking' | 'lost' | 'error';

/** Live figures of the frame pipeline (for readouts and measurements). */
export interface TrackerElementStats {
  /** Frames handed to the pipeline since the source started. */
  processed: number;
  /** Frames dropped because the previous one was still being processed. */
  skippedBusy: number;
  /** Frames the video presented without a frame callback (gaps in `presentedFrames`). */
  missed: number;
  /** Main-thread time of the last frame, ms (pixel copy, tracking, overlay, events). */
  frameMs: number;
  /** Wall time of the last frame from its frame callback to the end of its events, ms (awaits included). */
  latencyMs: number;
  /** Processed frames per second (smoothed). */
  fps: number;
  /** Frames tracked twice because the target moved beyond the refreshed region. */
  retracks: number;
  /** How pixels are read: `'videoframe'` (VideoFrame.copyTo of a region) or `'canvas'`. */
  grabMode: string;
}

const MIN_SELECTION = 4;

/**
 * Live object tracking on a webcam, a video URL or any MediaStream. The person drags a box
 * around an object (mouse, touch or pen; Escape cancels) and the box follows it.
 *
 * Sources, first that is set: the `stream` property, the `src` attribute, else the webcam
 * (`camera`; `facing-mode`, `resolution`). `src` and `stream` start by themselves; the
 * camera starts with `start()` or the element's own Start button. Removing the element
 * stops the camera and the frame loop; adding it again resumes.
 *
 * @fires modeseek-track - Every processed frame with a target. Detail: the `TrackResult` (a copy) plus `frame`, the frame index.
 * @fires modeseek-lost - The target was lost. Detail `{ frame, box }`.
 * @fires modeseek-found - The target was found again after being lost. Detail `{ frame, box }`.
 * @fires modeseek-error - The source failed. Detail `{ code, message }`, code one of `camera-denied`, `camera-not-found`, `camera-ended`, `video-error`, `unsupported`.
 *
 * @csspart video - The `<video>` showing the source.
 * @csspart overlay - The SVG drawn over the video (box, ellipse, selection); receives the pointer events.
 * @csspart box - The tracked box.
 * @csspart ellipse - CamShift's rotated ellipse.
 * @csspart selection - The rubber band drawn while dragging.
 * @csspart probability - The canvas with the back projection (`show-probability`).
 *
 * @cssprop [--modeseek-box-color=#29bf12] - Colour of the box while tracking.
 * @cssprop [--modeseek-lost-color=#ff4d4f] - Colour of the box once the target is lost.
 * @cssprop [--modeseek-ellipse-color=#ffd166] - Colour of CamShift's ellipse.
 * @cssprop [--modeseek-selection-color=#4cc9f0] - Colour of the rubber band.
 * @cssprop [--modeseek-accent=#e4572e] - Colour of the element's buttons.
 * @cssprop [--modeseek-aspect-ratio=4 / 3] - Aspect ratio of the element when no height is set.
 * @cssprop [--modeseek-radius=8px] - Corner radius.
 */
export class ModeseekTracker extends LitElement {
  static override styles = styles;

  /** Use the webcam (the default source when neither `src` nor `stream` is set). */
  @property({ type: Boolean, reflect: true }) camera = false;

  /** A video URL to track in (started automatically; served with CORS if on another origin). */
  @property() src = '';

  /** Loop the `src` video. */
  @property({ type: Boolean }) loop = false;

  /** The tracking algorithm: `robust` (default), `camshift` or `meanshift`. */
  @property({ reflect: true }) method: TrackerMethod = 'robust';

  /** Which camera: `user` (front) or `environment` (back). */
  @property({ attribute: 'facing-mode' }) facingMode: 'user' | 'environment' | '' = '';

  /** Ideal camera resolution, `"1280x720"`. */
  @property() resolution = '';

  /** Show the back projection (the target's colour likelihood) instead of the video. */
  @property({ type: Boolean, attribute: 'show-probability', reflect: true }) showProbability = false;

  /** Any MediaStream to track in (the caller keeps ownership: `stop()` does not end its tracks). */
  @property({ attribute: false }) stream: MediaStream | null = null;

  /** What the element is doing (read only; reflected for styling). */
  @property({ reflect: true }) status: TrackerElementStatus = 'idle';

  @state() private error: TrackerErrorEventDetail | null = null;
  @state() private notice = '';
  @state() private videoWidth = 0;
  @state() private videoHeight = 0;

  @query('video') private video!: HTMLVideoElement;
  @query('svg') private overlay!: SVGSVGElement;
  @query('[part~="box"]') private boxEl!: SVGRectElement;
  @query('[part~="ellipse"]') private ellipseEl!: SVGEllipseElement;
  @query('[part~="selection"]') private bandEl!: SVGRectElement;
  @query('canvas') private probCanvas!: HTMLCanvasElement;

  private readonly pipeline = new TrackingPipeline();
  private readonly cameraCtl = new CameraController(this, () =>
    this.fail(
      new TrackerSourceError(
        'camera-ended',
        'The camera stopped (unplugged, or taken by another application or the browser). Press Start to open it again.',
      ),
    ),
  );
  private readonly loopCtl = new FrameLoopController(this, (frame, ts) => this.onFrame(frame, ts));
  private runGeneration = 0;
  private starting: Promise<void> | null = null;
  private resume = false;
  private trackState: 'tracking' | 'lost' = 'tracking';
  private frameMs = 0;
  private latencyMs = 0;
  private lastFrameAt = 0;
  private interval = 0;
  private drag: { id: number; x0: number; y0: number; x1: number; y1: number } | null = null;
  private probImage: ImageData | null = null;
  private readonly probDrawn = { x: 0, y: 0, width: 0, height: 0 };
  // derived in willUpdate
  private label = '';
  private hint = '';

  /** True while a source plays and frames are processed. */
  get running(): boolean {
    return this.loopCtl.running;
  }

  /** Live figures of the frame pipeline. */
  get stats(): TrackerElementStats {
    const s = this.loopCtl.stats;
    return {
      processed: s.processed,
      skippedBusy: s.skippedBusy,
      missed: s.missed,
      frameMs: this.frameMs,
      latencyMs: this.latencyMs,
      fps: this.interval > 0 ? 1000 / this.interval : 0,
      retracks: this.pipeline.retracks,
      grabMode: this.pipeline.grabber.mode,
    };
  }

  /**
   * Starts the source (stream, else src, else the webcam). Does nothing when already running
   * or starting. Never rejects: failures show in the element and fire `modeseek-error`.
   */
  start(): Promise<void> {
    if (this.starting) return this.starting;
    if (this.running) return Promise.resolve();
    this.starting = this.startSource().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Stops the source (and the webcam's tracks) and the frame loop; forgets the target. */
  stop(): void {
    this.halt();
    this.pipeline.clear();
    this.error = null;
    this.status = 'idle';
  }

  /**
   * Tracks the object in `rect` (pixels of the video frame) from the next frame on.
   * Throws a RangeError for a box that is not finite and positive.
   */
  select(rect: Rect): void {
    this.pipeline.select(rect);
    this.trackState = 'tracking';
    this.notice = '';
    if (this.running) this.status = 'tracking';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    if (this.resume) {
      this.resume = false;
      void this.updateComplete.then(() => {
        if (this.isConnected) void this.start();
      });
    }
  }

  override disconnectedCallback(): void {
    // the controllers release the camera and stop the loop in hostDisconnected
    this.resume = this.running || this.starting !== null;
    super.disconnectedCallback();
    this.halt();
    if (this.status !== 'error') this.status = 'idle';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('method')) this.pipeline.method = this.method;
    const camera = !this.stream && !this.src;
    this.label = {
      idle: 'stopped',
      starting: camera ? 'opening camera…' : 'loading…',
      ready: 'no target',
      tracking: `tracking · ${this.method}`,
      lost: 'lost',
      error: 'error',
    }[this.status];
    this.hint =
      this.notice ||
      (this.status === 'ready'
        ? 'Drag a box around the object to track it'
        : this.status === 'lost'
          ? 'Target lost: bring it back into view, or drag a new box'
          : '');
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('src') || changed.has('stream')) && this.isConnected) {
      const hadSource = Boolean(changed.get('src')) || Boolean(changed.get('stream'));
      if (this.src || this.stream) {
        if (this.running || this.starting) this.halt();
        void this.start();
      } else if (hadSource && this.running) {
        this.stop();
      }
    }
    if (changed.has('showProbability')) this.probImage = null;
    if (changed.has('loop') && this.video) this.video.loop = this.loop;
  }

  protected override render() {
    const w = this.videoWidth || 640, h = this.videoHeight || 480;
    const camera = !this.stream && !this.src;
    return html`<div class="stage">
      <video part="video" .muted=${true} playsinline></video>
      <canvas part="probability" width=${w} height=${h} ?hidden=${!this.showProbability}></canvas>
      <svg
        part="overlay"
        viewBox="0 0 ${w} ${h}"
        preserveAspectRatio="xMidYMid meet"
        @pointerdown=${this.onPointerDown}
        @pointermove=${this.onPointerMove}
        @pointerup=${this.onPointerUp}
        @pointercancel=${this.cancelDrag}
      >
        <ellipse part="ellipse" hidden></ellipse>
        <rect part="box" hidden></rect>
        <rect part="selection" hidden></rect>
      </svg>
      ${this.status === 'idle' || this.status === 'error' ? nothing : html`<span class="badge">${this.label}</span>`}
      ${this.hint ? html`<div class="hint" role="status">${this.hint}</div>` : nothing}
      ${this.status === 'error' && this.error
        ? html`<div class="panel" role="alert">
            <div>
              <p class="message">${this.error.message}</p>
              <p class="code">${this.error.code}</p>
              <button @click=${() => this.start()}>Try again</button>
            </div>
          </div>`
        : this.status === 'idle'
          ? html`<div class="panel">
              <div>
                <button class="start" @click=${() => this.start()}>${camera ? 'Start camera' : 'Start'}</button>
                <p>Then drag a box around an object to track it.</p>
              </div>
            </div>`
          : nothing}
    </div>`;
  }

  // ---- source ---------------------------------------------------------------------------

  private async startSource(): Promise<void> {
    const gen = ++this.runGeneration;
    this.error = null;
    this.notice = '';
    this.status = 'starting';
    await this.updateComplete;
    const video = this.video;
    try {
      video.onerror = null;
      video.loop = this.loop;
      if (this.stream) {
        if (!this.stream.getVideoTracks().some((t) => t.readyState === 'live')) {
          throw new TrackerSourceError('video-error', 'The stream has no live video track: give a MediaStream with a running video track.');
        }
        video.removeAttribute('src');
        video.srcObject = this.stream;
      } else if (this.src) {
        video.srcObject = null;
        video.crossOrigin = 'anonymous';
        video.src = this.src;
      } else {
        const res = parseResolution(this.resolution);
        const stream = await this.cameraCtl.open({
          facingMode: this.facingMode || undefined,
          width: res?.width,
          height: res?.height,
        });
        if (!stream || gen !== this.runGeneration) return;
        video.removeAttribute('src');
        video.srcObject = stream;
      }
      try {
        await video.play();
      } catch (err) {
        if (gen !== this.runGeneration) return;
        throw this.videoError(err);
      }
      if (gen !== this.runGeneration) return;
      video.onerror = () => gen === this.runGeneration && this.fail(this.videoError(video.error));
      this.videoWidth = video.videoWidth;
      this.videoHeight = video.videoHeight;
      this.lastFrameAt = 0;
      this.interval = 0;
      this.loopCtl.start(video);
      this.status = this.pipeline.hasTarget ? (this.trackState === 'lost' ? 'lost' : 'tracking') : 'ready';
    } catch (err) {
      if (gen !== this.runGeneration) return;
      this.fail(err instanceof TrackerSourceError ? err : new TrackerSourceError('unsupported', String((err as Error)?.message ?? err), { cause: err }));
    }
  }

  private videoError(err: unknown): TrackerSourceError {
    if (err instanceof TrackerSourceError) return err;
    const what = this.stream ? 'The stream' : `The video “${this.src}”`;
    const why = (err as { message?: string } | null)?.message;
    return new TrackerSourceError(
      'video-error',
      `${what} could not be played${why ? ` (${why})` : ''}. Check the URL, that the file is a format this browser plays (MP4/H.264 or WebM), and that another origin serves it with CORS headers.`,
      { cause: err },
    );
  }

  /** Stops everything this element runs, without touching status or target. */
  private halt(): void {
    this.runGeneration++;
    this.loopCtl.stop();
    this.cameraCtl.release();
    this.cancelDrag();
    const v = this.video;
    if (v) {
      v.onerror = null;
      v.pause();
      v.srcObject = null;
      if (v.hasAttribute('src')) {
        v.removeAttribute('src');
        v.load();
      }
    }
    this.hideOverlay();
  }

  private fail(err: TrackerSourceError): void {
    this.halt();
    this.error = { code: err.code, message: err.message };
    this.status = 'error';
    this.dispatchEvent(new CustomEvent('modeseek-error', { detail: { code: err.code, message: err.message }, bubbles: true, composed: true }));
  }

  // ---- frames ---------------------------------------------------------------------------

  private async onFrame(frame: number, timestamp: number): Promise<void> {
    const video = this.video;
    if (video.videoWidth !== this.videoWidth || video.videoHeight !== this.videoHeight) {
      this.videoWidth = video.videoWidth;
      this.videoHeight = video.videoHeight;
      this.probImage = null;
    }
    const gen = this.runGeneration;
    const started = performance.now();
    let r: TrackResult | null;
    try {
      r = await this.pipeline.process(video, timestamp);
    } catch (err) {
      if (gen !== this.runGeneration) return;
      if ((err as { name?: string }).name === 'SecurityError') {
        this.fail(
          new TrackerSourceError('video-error', `The video “${this.src}” comes from another origin without CORS headers, so its pixels cannot be read. Serve it with Access-Control-Allow-Origin.`, { cause: err }),
        );
      } else {
        // a bad selection (outside the frame) or an unavailable method: say so, keep running
        console.error(err);
        this.pipeline.clear();
        this.hideOverlay();
        this.notice = String((err as Error)?.message ?? err);
        this.status = 'ready';
      }
      return;
    }
    if (gen !== this.runGeneration) return;
    const t0 = performance.now();
    const now = t0;
    if (this.lastFrameAt > 0) {
      const dt = now - this.lastFrameAt;
      this.interval = this.interval > 0 ? this.interval * 0.9 + dt * 0.1 : dt;
    }
    this.lastFrameAt = now;
    if (r) {
      this.draw(r);
      const prev = this.trackState;
      this.trackState = r.status;
      const status = r.status === 'lost' ? 'lost' : 'tracking';
      if (this.status !== status) this.status = status;
      const detail: TrackEventDetail = {
        status: r.status,
        box: { x: r.box.x, y: r.box.y, width: r.box.width, height: r.box.height },
        rotatedBox: { cx: r.rotatedBox.cx, cy: r.rotatedBox.cy, width: r.rotatedBox.width, height: r.rotatedBox.height, angle: r.rotatedBox.angle },
        score: r.score,
        iterations: r.iterations,
        timestamp: r.timestamp,
        frame,
      };
      this.dispatchEvent(new CustomEvent('modeseek-track', { detail, bubbles: true, composed: true }));
      if (prev !== r.status) {
        const changed = { detail: { frame, box: detail.box }, bubbles: true, composed: true };
        if (r.status === 'lost') this.dispatchEvent(new CustomEvent('modeseek-lost', changed));
        else this.dispatchEvent(new CustomEvent('modeseek-found', changed));
      }
    }
    const end = performance.now();
    this.frameMs = this.pipeline.mainThreadMs + end - t0;
    this.latencyMs = end - started;
  }

  // ---- overlay --------------------------------------------------------------------------

  private draw(r: TrackResult): void {
    const b = r.box, box = this.boxEl;
    if (!box) return;
    box.setAttribute('x', String(b.x));
    box.setAttribute('y', String(b.y));
    box.setAttribute('width', String(b.width));
    box.setAttribute('height', String(b.height));
    box.removeAttribute('hidden');
    const e = this.ellipseEl, rb = r.rotatedBox;
    if (this.pipeline.tracker?.method === 'camshift' && r.status === 'tracking') {
      e.setAttribute('cx', String(rb.cx));
      e.setAttribute('cy', String(rb.cy));
      e.setAttribute('rx', String(rb.width / 2));
      e.setAttribute('ry', String(rb.height / 2));
      e.setAttribute('transform', `rotate(${(rb.angle * 180) / Math.PI} ${rb.cx} ${rb.cy})`);
      e.removeAttribute('hidden');
    } else e.setAttribute('hidden', '');
    if (this.showProbability) this.drawProbability(b);
  }

  private hideOverlay(): void {
    this.boxEl?.setAttribute('hidden', '');
    this.ellipseEl?.setAttribute('hidden', '');
  }

  /** Paints the tracker's probability map where it was written this frame (`probabilityRect`, else around the box) on black. */
  private drawProbability(b: Rect): void {
    const prob = this.pipeline.probability, canvas = this.probCanvas;
    const W = this.videoWidth, H = this.videoHeight;
    if (!prob || !canvas || prob.length !== W * H) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    let img = this.probImage;
    if (!img || img.width !== W || img.height !== H || canvas.width !== W || canvas.height !== H) {
      canvas.width = W;
      canvas.height = H;
      img = this.probImage = new ImageData(W, H);
      for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
      ctx.putImageData(img, 0, 0);
      this.probDrawn.width = this.probDrawn.height = 0;
    }
    const d = img.data, old = this.probDrawn;
    // clear what the last frame painted (black, opaque)
    for (let y = old.y; y < old.y + old.height; y++) {
      for (let j = (y * W + old.x) * 4, e = j + old.width * 4; j < e; j += 4) d[j] = d[j + 1] = d[j + 2] = 0;
    }
    // where the tracker wrote its map this frame if it says (robust: its search region), else around the box
    const pr = this.pipeline.probabilityRect;
    const a = pr && pr.width > 0 && pr.height > 0 ? pr : null;
    const x0 = Math.max(0, a ? a.x : Math.floor(b.x) - 8), y0 = Math.max(0, a ? a.y : Math.floor(b.y) - 8);
    const x1 = Math.min(W, a ? a.x + a.width : Math.ceil(b.x + b.width) + 8);
    const y1 = Math.min(H, a ? a.y + a.height : Math.ceil(b.y + b.height) + 8);
    for (let y = y0; y < y1; y++) {
      for (let x = x0, i = y * W + x0, j = i * 4; x < x1; x++, i++, j += 4) {
        const p = prob[i];
        d[j] = d[j + 1] = d[j + 2] = p;
      }
    }
    const ux0 = old.width ? Math.min(old.x, x0) : x0, uy0 = old.width ? Math.min(old.y, y0) : y0;
    const ux1 = old.width ? Math.max(old.x + old.width, x1) : x1, uy1 = old.width ? Math.max(old.y + old.height, y1) : y1;
    ctx.putImageData(img, 0, 0, ux0, uy0, ux1 - ux0, uy1 - uy0);
    old.x = x0;
    old.y = y0;
    old.width = Math.max(0, x1 - x0);
    old.height = Math.max(0, y1 - y0);
  }

  // ---- selection ------------------------------------------------------------------------

  private toVideo(e: PointerEvent): { x: number; y: number } {
    const r = this.overlay.getBoundingClientRect();
    const W = this.videoWidth, H = this.videoHeight;
    const s = Math.min(r.width / W, r.height / H);
    const ox = (r.width - W * s) / 2, oy = (r.height - H * s) / 2;
    const x = (e.clientX - r.left - ox) / s, y = (e.clientY - r.top - oy) / s;
    return { x: Math.min(W, Math.max(0, x)), y: Math.min(H, Math.max(0, y)) };
  }

  private onPointerDown = (e: PointerEvent): void => {
    if (!this.running || !this.videoWidth || this.drag || (e.pointerType === 'mouse' && e.button !== 0)) return;
    const p = this.toVideo(e);
    this.drag = { id: e.pointerId, x0: p.x, y0: p.y, x1: p.x, y1: p.y };
    this.overlay.setPointerCapture(e.pointerId);
    window.addEventListener('keydown', this.onKey, true);
    this.drawBand();
    e.preventDefault();
  };

  private onPointerMove = (e: PointerEvent): void => {
    const d = this.drag;
    if (!d || e.pointerId !== d.id) return;
    const p = this.toVideo(e);
    d.x1 = p.x;
    d.y1 = p.y;
    this.drawBand();
  };

  private onPointerUp = (e: PointerEvent): void => {
    const d = this.drag;
    if (!d || e.pointerId !== d.id) return;
    const p = this.toVideo(e);
    d.x1 = p.x;
    d.y1 = p.y;
    const rect = { x: Math.min(d.x0, d.x1), y: Math.min(d.y0, d.y1), width: Math.abs(d.x1 - d.x0), height: Math.abs(d.y1 - d.y0) };
    this.cancelDrag();
    if (rect.width < MIN_SELECTION || rect.height < MIN_SELECTION) return;
    try {
      this.select(rect);
    } catch (err) {
      console.error(err);
      this.notice = String((err as Error)?.message ?? err);
    }
  };

  private onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.drag) {
      e.preventDefault();
      e.stopPropagation();
      this.cancelDrag();
    }
  };

  private cancelDrag = (): void => {
    const d = this.drag;
    this.drag = null;
    window.removeEventListener('keydown', this.onKey, true);
    if (d && this.overlay?.hasPointerCapture(d.id)) this.overlay.releasePointerCapture(d.id);
    this.bandEl?.setAttribute('hidden', '');
  };

  private drawBand(): void {
    const d = this.drag, band = this.bandEl;
    if (!d || !band) return;
    band.setAttribute('x', String(Math.min(d.x0, d.x1)));
    band.setAttribute('y', String(Math.min(d.y0, d.y1)));
    band.setAttribute('width', String(Math.abs(d.x1 - d.x0)));
    band.setAttribute('height', String(Math.abs(d.y1 - d.y0)));
    band.removeAttribute('hidden');
  }
}

export type { TrackerErrorCode };
