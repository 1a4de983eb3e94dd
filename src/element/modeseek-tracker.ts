import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { parseResolution } from '../dom/camera.js';
import { TrackerSourceError, type TrackerErrorCode } from '../dom/errors.js';
import { canFeedTrackToWorker } from '../dom/track-feed.js';
import { MainThreadEngine, type EngineFrame, type ExecutionMode, type FrameDelivery, type TrackingEngine } from '../dom/tracking-engine.js';
import type { StreamFrameReply } from '../dom/tracking-worker.js';
import { canTrackInWorker, WorkerEngine } from '../dom/worker-engine.js';
import type { Rect } from '../image/types.js';
import { isTrackerMethod, TRACKER_METHODS } from '../track/methods.js';
import { checkTrackerOptionValues, type TrackerOptionValues } from '../track/multi-tracker.js';
import type { TrackStatus, TrackerMethod } from '../track/types.js';
import type { TrackerOptions } from '../track/create-tracker.js';
import { emit, type TrackEventDetail, type TrackerErrorEventDetail } from './events.js';
import { FrameDeliveryController } from './frame-delivery-controller.js';
import { styles } from './modeseek-tracker.styles.js';
import { ProbabilityPainter } from './probability-painter.js';
import { SelectionController, type SelectionHost } from './selection-controller.js';
import { sameSpec, SourceController, type SourceSpec } from './source-controller.js';
import { TargetOverlay } from './target-overlay.js';
import { WorkerBoxLayer } from './worker-box-layer.js';

/** What the element is doing; reflected to the `status` attribute for styling. */
export type TrackerElementStatus = 'idle' | 'starting' | 'ready' | 'tracking' | 'lost' | 'error';

/** Who draws the targets' boxes: `auto` (the tracking Worker where it can) or `element` (the element's own, styled by `::part(box)`). */
export type BoxDrawing = 'auto' | 'element';

/** A target of the element (`targets`): its id, its last box (video pixels) and status. */
export interface TrackerTarget {
  id: number;
  box: Rect;
  status: TrackStatus;
}

/** Live figures of the frame pipeline (for readouts and measurements). */
export interface TrackerElementStats {
  /** Frames handed to the pipeline since frames started to flow (the source started, or the way they are delivered changed). */
  processed: number;
  /** Frames dropped because the previous one was still being processed (by the page, or by the worker reading a stream). */
  skippedBusy: number;
  /** Frames the video presented without a frame callback (gaps in `presentedFrames`; 0 with `frameDelivery` `'stream'`, where the worker sees every frame the track delivers). */
  missed: number;
  /** Main-thread time of the last frame, ms (handing the frame over, or tracking it on the main thread; overlay; events). */
  frameMs: number;
  /** Time the last frame's tracking took where it ran (the worker, or the main thread), ms. */
  workMs: number;
  /** Wall time of the last frame from its frame callback (or, streaming, from the worker reading it) to the end of its events, ms. */
  latencyMs: number;
  /** Processed frames per second (smoothed). */
  fps: number;
  /** Frames tracked twice because a target moved beyond the refreshed region. */
  retracks: number;
  /** How pixels were read for the last frame: `'native'` (a VideoFrame region in its own layout, converted in script), `'videoframe'` (VideoFrame.copyTo as RGBA) or `'canvas'`. */
  grabMode: string;
  /** Where tracking runs. */
  executionMode: ExecutionMode;
  /** How frames reach the tracker. */
  frameDelivery: FrameDelivery;
  /** Who draws the boxes now: `'worker'` (on its canvas) or `'element'` (its own, `::part(box)`). */
  boxes: 'worker' | 'element';
}

/** `tracker-options`: the JSON object it holds, or the text itself when it holds none (`checkedOptions()` then says so). */
function parseOptionsAttribute(value: string | null): TrackerOptionValues | string | null {
  if (value === null) return null;
  try {
    const v: unknown = JSON.parse(value);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as TrackerOptionValues) : value;
  } catch {
    return value;
  }
}

/**
 * Live object tracking on a webcam, a video URL or any MediaStream. The person drags a box
 * around an object (mouse, touch or pen; Escape cancels), or with the element focused presses
 * Enter, moves the box with the arrow keys (Shift resizes) and confirms with Enter; the box
 * follows the object. With `multiple`, each new box adds a target.
 *
 * Sources, first that is set: the `stream` property, the `src` attribute, else the webcam
 * (`camera`; `facing-mode`, `resolution`). `src` and `stream` start by themselves; the
 * camera starts with `start()` or the element's own Start button. Any order of `start()`,
 * `stop()`, removal and source changes is safe: the latest call wins, and the camera is off
 * whenever the element is idle or not in the document. Removing the element stops the camera
 * and the frame loop; adding it back resumes. Tracking runs in a Worker where the browser can
 * hand it video frames (`executionMode`), on the main thread otherwise; where the browser
 * can also give the worker a camera or stream's frames directly (Chromium), the page does
 * nothing per frame but draw the results and fire the events (`frameDelivery`).
 *
 * @fires modeseek-track - Every processed frame, once per target. Detail: the `TrackResult` (a copy) plus `frame`, the frame index, and `id`, the target's id.
 * @fires modeseek-lost - A target was lost. Detail `{ id, frame, box }`.
 * @fires modeseek-found - A target was found again after being lost. Detail `{ id, frame, box }`.
 * @fires modeseek-error - The source failed or ended. Detail `{ code, message }`, code one of `camera-denied`, `camera-not-found`, `camera-ended`, `video-error`, `unsupported`. `start()` tries again.
 *
 * @csspart video - The `<video>` showing the source.
 * @csspart overlay - The SVG drawn over the video (boxes, ellipses, selection); receives the pointer events.
 * @csspart box - A target's box (`data-id`, `data-status="tracking|lost"`), where the element draws the boxes (`boxes="element"`, or tracking on the main thread).
 * @csspart ellipse - CamShift's rotated ellipse.
 * @csspart label - A target's id beside its box (with `multiple`), where the element draws the boxes.
 * @csspart selection - The rubber band drawn while choosing a box.
 * @csspart probability - The canvas with the back projection (`show-probability`).
 *
 * @cssprop [--modeseek-box-color=#29bf12] - Colour of the first target's box (the others take colours of their own).
 * @cssprop [--modeseek-lost-color=#ff4d4f] - Colour of a box once its target is lost.
 * @cssprop [--modeseek-ellipse-color=#ffd166] - Colour of CamShift's ellipse.
 * @cssprop [--modeseek-selection-color=#4cc9f0] - Colour of the rubber band.
 * @cssprop [--modeseek-accent=#e4572e] - Colour of the element's buttons.
 * @cssprop [--modeseek-aspect-ratio=4 / 3] - Aspect ratio of the element when no height is set.
 * @cssprop [--modeseek-radius=8px] - Corner radius.
 */
export class ModeseekTracker extends LitElement implements SelectionHost {
  static override styles = styles;

  /** Use the webcam (the default source when neither `src` nor `stream` is set). */
  @property({ type: Boolean, reflect: true }) camera = false;

  /** The tracking algorithm: `robust` (default), `camshift` or `meanshift`. Switching keeps every target, learnt again on its current box. */
  @property({ reflect: true }) method: TrackerMethod = 'robust';

  /**
   * The trackers' options (`createTracker()`'s, each method reading its own; README, "Tracker
   * options"), e.g. `{ rotationStep: 5 }` to follow a target that turns; as an attribute,
   * JSON: `tracker-options='{"rotationStep":5}'` (the property takes that text too). Changing
   * them keeps every target, learnt again on its current box. A bad one is shown as a notice
   * and the defaults are used.
   */
  @property({ attribute: 'tracker-options', converter: { fromAttribute: parseOptionsAttribute } })
  trackerOptions: Omit<TrackerOptions, 'method'> | string | null = null;

  /** Which camera: `user` (front) or `environment` (back). */
  @property({ attribute: 'facing-mode' }) facingMode: 'user' | 'environment' | '' = '';

  /** Ideal camera resolution, `"1280x720"`. */
  @property() resolution = '';

  /** Loop the `src` video. */
  @property({ type: Boolean }) loop = false;

  /** Each new box (drag, keyboard or `select()`) adds a target instead of replacing the target. */
  @property({ type: Boolean, reflect: true }) multiple = false;

  /** Track on the main thread even where a Worker could be used. */
  @property({ type: Boolean, attribute: 'main-thread' }) mainThread = false;

  /**
   * Who draws the targets' boxes. `auto` (the default): the tracking Worker, on a canvas over
   * the video, wherever tracking runs in a worker that can take a canvas; moving boxes then
   * cost the page's main thread no rendering work. `element`: always the element's own boxes,
   * which `::part(box)` and `::part(label)` style (each move of a box is a rendering update on
   * the main thread). The `--modeseek-*-color` properties colour both. Where tracking runs on
   * the main thread the element draws its own boxes either way; `stats.boxes` says which.
   */
  @property({ reflect: true }) boxes: BoxDrawing = 'auto';

  /** Show the back projection (the target's colour likelihood) instead of the video. */
  @property({ type: Boolean, attribute: 'show-probability', reflect: true }) showProbability = false;

  /** What the element is doing (read only; reflected for styling). */
  @property({ reflect: true }) status: TrackerElementStatus = 'idle';

  @state() private error: TrackerErrorEventDetail | null = null;
  @state() private notice = '';
  /** What is wrong with `trackerOptions` (shown until they change), else ''. */
  @state() private optionsProblem = '';
  @state() private announcement = '';
  @state() private videoWidth = 0;
  @state() private videoHeight = 0;

  @query('video') private video!: HTMLVideoElement;
  @query('svg') private overlayEl!: SVGSVGElement;
  @query('[part~="selection"]') private bandEl!: SVGRectElement;
  @query('.targets') private layerEl!: HTMLDivElement;
  @query('canvas') private probCanvas!: HTMLCanvasElement;

  private srcValue = '';
  private streamValue: MediaStream | null = null;
  /** The page asked for the source to run (start(), or a src/stream set); survives removal. */
  private wanted = false;
  private engine: TrackingEngine | null = null;
  private engineMethod: TrackerMethod = 'robust';
  private readonly list: TrackerTarget[] = [];
  private nextId = 1;
  private frameGeneration = 0;
  private overlay: TargetOverlay | null = null;
  private boxLayer: WorkerBoxLayer | null = null;
  /** `boxes` as checked (see `checkedBoxes`). */
  private boxMode: BoxDrawing = 'auto';
  private readonly painter = new ProbabilityPainter();
  private frameMs = 0;
  private workMs = 0;
  private latencyMs = 0;
  private lastFrameAt = 0;
  private interval = 0;
  private retracks = 0;
  private grabMode = '';

  private readonly source = new SourceController(this, {
    video: () => this.video ?? null,
    running: (video) => this.onRunning(video),
    failed: (err) => this.fail(err),
  });
  private readonly frames = new FrameDeliveryController(this, {
    onLoopFrame: (frame, ts) => this.onLoopFrame(frame, ts),
    onStreamFrame: (m, frame, engine) => this.onStreamFrame(m, frame, engine),
  });
  private readonly selection = new SelectionController(this);

  /** A video URL to track in (started automatically; served with CORS if on another origin). */
  @property()
  get src(): string {
    return this.srcValue;
  }
  set src(value: string) {
    const old = this.srcValue;
    this.srcValue = value ?? '';
    this.requestUpdate('src', old);
    if (old !== this.srcValue) this.sourceChanged(Boolean(old) || Boolean(this.streamValue));
  }

  /** Any MediaStream to track in (the caller keeps ownership: `stop()` does not end its tracks). */
  @property({ attribute: false })
  get stream(): MediaStream | null {
    return this.streamValue;
  }
  set stream(value: MediaStream | null) {
    const old = this.streamValue;
    this.streamValue = value ?? null;
    this.requestUpdate('stream', old);
    if (old !== this.streamValue) this.sourceChanged(Boolean(old) || Boolean(this.srcValue));
  }

  /** True while a source plays and frames are processed. */
  get running(): boolean {
    return this.frames.running;
  }

  /** Where tracking runs: `'worker'` (the default where the browser allows it) or `'main-thread'`. */
  get executionMode(): ExecutionMode {
    return this.engine?.mode ?? (this.mainThread || !canTrackInWorker() ? 'main-thread' : 'worker');
  }

  /**
   * How frames reach the tracker: `'stream'` where the worker reads the camera's (or
   * `stream`'s) frames itself, so the page does nothing per frame but receive the results
   * (Chromium); `'frame-callback'` where the page hands each frame over from the video (a
   * `src` video, the main thread, Firefox). While no source plays, the delivery the current
   * source and browser would get.
   */
  get frameDelivery(): FrameDelivery {
    const playing = this.frames.delivery;
    if (playing) return playing;
    const playsStream = Boolean(this.streamValue) || !this.srcValue; // a stream, or the camera
    return this.executionMode === 'worker' && playsStream && canFeedTrackToWorker() ? 'stream' : 'frame-callback';
  }

  /** The targets, oldest first: `{ id, box, status }` (copies). */
  get targets(): TrackerTarget[] {
    return this.list.map((t) => ({ id: t.id, box: { ...t.box }, status: t.status }));
  }

  /** Live figures of the frame pipeline. */
  get stats(): TrackerElementStats {
    const s = this.frames.stats;
    return {
      processed: s.processed,
      skippedBusy: s.skippedBusy,
      missed: s.missed,
      frameMs: this.frameMs,
      workMs: this.workMs,
      latencyMs: this.latencyMs,
      fps: this.interval > 0 ? 1000 / this.interval : 0,
      retracks: this.retracks,
      grabMode: this.grabMode,
      executionMode: this.executionMode,
      frameDelivery: this.frameDelivery,
      boxes: this.boxLayer?.active ? 'worker' : 'element',
    };
  }

  /**
   * Starts the source (stream, else src, else the webcam); restarts it if the source changed.
   * Resolves once it plays, failed, or was superseded by a later call. Never rejects: failures
   * show in the element and fire `modeseek-error`. Called while the element is not in the
   * document, it starts when the element is added.
   */
  start(): Promise<void> {
    this.wanted = true;
    this.error = null;
    return this.run();
  }

  /** Stops the source (and the webcam's tracks) and the frame loop at once; forgets the targets. */
  stop(): void {
    this.wanted = false;
    this.halt();
    this.clearTargets();
    this.error = null;
    this.syncStatus();
  }

  /**
   * Tracks the object in `rect` (pixels of the video frame) from the next frame on and
   * returns the target's id. Without `multiple` it replaces the current target. Throws a
   * RangeError for a box that is not finite and positive.
   */
  select(rect: Rect): number {
    const { x, y, width, height } = rect ?? ({} as Rect);
    if (![x, y, width, height].every((v) => typeof v === 'number' && Number.isFinite(v)) || !(width > 0) || !(height > 0)) {
      throw new RangeError(`select(rect) needs finite x, y and a positive width and height in video pixels, got ${JSON.stringify(rect)}`);
    }
    if (!this.multiple) this.clearTargets();
    const engine = this.getEngine(); // (a new engine learns the targets already listed)
    const id = this.nextId++;
    const box = { x, y, width, height };
    this.list.push({ id, box, status: 'tracking' });
    engine.add(id, box);
    if (this.overlay) this.overlay.labels = this.multiple;
    this.notice = '';
    this.syncStatus();
    return id;
  }

  /** Stops tracking target `id`; false when there is none. */
  removeTarget(id: number): boolean {
    const i = this.list.findIndex((t) => t.id === id);
    if (i < 0) return false;
    this.list.splice(i, 1);
    this.engine?.remove(id);
    this.overlay?.remove(id);
    this.syncStatus();
    return true;
  }

  /** Stops tracking every target. */
  clearTargets(): void {
    this.list.length = 0;
    this.engine?.clear();
    this.overlay?.clear();
    this.syncStatus();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    if (!this.hasAttribute('role')) this.setAttribute('role', 'application');
    if (!this.hasAttribute('aria-roledescription')) this.setAttribute('aria-roledescription', 'object tracker');
    if (!this.hasAttribute('aria-label') && !this.hasAttribute('aria-labelledby')) this.setAttribute('aria-label', 'Object tracker');
    if (this.srcValue || this.streamValue) this.wanted = true;
    if (this.wanted) void this.run();
  }

  override disconnectedCallback(): void {
    // the controllers release the camera and stop the loop in hostDisconnected; `wanted` stays for a re-add
    super.disconnectedCallback();
    this.halt();
    this.engine?.dispose();
    this.engine = null;
    this.syncBoxes();
    this.syncStatus();
  }

  // ---- SelectionHost --------------------------------------------------------------------

  get selectable(): boolean {
    return this.running && this.videoWidth > 0;
  }

  get frameSize(): { width: number; height: number } {
    return { width: this.videoWidth, height: this.videoHeight };
  }

  get dragSurface(): SVGSVGElement | null {
    return this.overlayEl ?? null;
  }

  get band(): SVGRectElement | null {
    return this.bandEl ?? null;
  }

  selectFromUser(rect: Rect): void {
    try {
      const id = this.select(rect);
      this.announce(`Target ${id} chosen: ${Math.round(rect.width)} by ${Math.round(rect.height)} pixels at ${Math.round(rect.x)}, ${Math.round(rect.y)}.`);
    } catch (err) {
      this.notice = String((err as Error)?.message ?? err);
    }
  }

  announce(text: string): void {
    // the same text twice must still be read: change it
    this.announcement = text === this.announcement ? `${text}\u00a0` : text;
  }

  // ---- Lit ------------------------------------------------------------------------------

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('method') && this.engine && this.method !== this.engineMethod) {
      try {
        this.engine.setMethod(this.checkedMethod());
        this.engineMethod = this.checkedMethod();
      } catch (err) {
        this.notice = String((err as Error)?.message ?? err);
      }
    }
    if (changed.has('trackerOptions') && this.engine) this.engine.setOptions(this.checkedOptions());
    if (changed.has('mainThread') && this.engine && (this.mainThread ? this.engine.mode === 'worker' : this.engine.mode === 'main-thread' && canTrackInWorker())) {
      // switch where tracking runs: a new engine learns every target again on its last box
      this.engine.dispose();
      this.engine = null;
      if (this.list.length) this.getEngine();
      this.engineChanged();
    }
    if (changed.has('showProbability')) {
      this.painter.reset();
      if (this.engine) this.engine.showProbability = this.showProbability;
    }
    if (changed.has('multiple') && this.overlay) this.overlay.labels = this.multiple;
    if (changed.has('boxes')) this.boxMode = this.checkedBoxes();
    if (changed.has('boxes') || changed.has('multiple')) this.syncBoxes();
  }

  protected override firstUpdated(): void {
    this.overlay = new TargetOverlay(this.layerEl);
    this.overlay.labels = this.multiple;
    this.boxLayer = new WorkerBoxLayer(this.layerEl, this);
    this.syncBoxes();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('camera') || changed.has('facingMode') || changed.has('resolution')) && this.wanted && this.source.current?.kind === 'camera') {
      void this.run();
    }
    if (changed.has('loop') && this.video && this.source.current?.kind === 'src') this.video.loop = this.loop;
  }

  protected override render() {
    const w = this.videoWidth || 640, h = this.videoHeight || 480;
    const camera = !this.streamValue && !this.srcValue;
    const label = {
      idle: 'stopped',
      starting: camera ? 'opening camera…' : 'loading…',
      ready: 'no target',
      tracking: this.list.length > 1 ? `tracking ${this.list.length} · ${this.method}` : `tracking · ${this.method}`,
      lost: 'lost',
      error: 'error',
    }[this.status];
    const hint =
      this.notice ||
      this.optionsProblem ||
      (this.status === 'ready'
        ? 'Drag a box around the object to track it (or press Enter)'
        : this.status === 'lost'
          ? 'Target lost: bring it back into view, or drag a new box'
          : '');
    return html`<div class="stage">
      <video part="video" .muted=${true} playsinline></video>
      <canvas part="probability" width=${w} height=${h} ?hidden=${!this.showProbability}></canvas>
      <svg
        part="overlay"
        viewBox="0 0 ${w} ${h}"
        preserveAspectRatio="xMidYMid meet"
        aria-hidden="true"
        @pointerdown=${this.selection.onPointerDown}
        @pointermove=${this.selection.onPointerMove}
        @pointerup=${this.selection.onPointerUp}
        @pointercancel=${this.selection.onPointerCancel}
      >
        <rect part="selection" hidden></rect>
      </svg>
      <div class="targets" aria-hidden="true"></div>
      ${this.status === 'idle' || this.status === 'error' ? nothing : html`<span class="badge" aria-hidden="true">${label}</span>`}
      ${hint ? html`<div class="hint" aria-hidden="true">${hint}</div>` : nothing}
      <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
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

  private sourceSpec(): SourceSpec {
    if (this.streamValue) return { kind: 'stream', stream: this.streamValue };
    if (this.srcValue) return { kind: 'src', src: this.srcValue, loop: this.loop };
    const res = parseResolution(this.resolution);
    return { kind: 'camera', camera: { facingMode: this.facingMode || undefined, width: res?.width, height: res?.height } };
  }

  /** Starts (or joins) the wanted source; nothing while detached (connectedCallback resumes). */
  private run(): Promise<void> {
    if (!this.isConnected) return Promise.resolve();
    const spec = this.sourceSpec();
    const current = this.source.current;
    // a different source: what runs now stops at once (frames of the old source must not be tracked)
    if (current && this.source.state !== 'idle' && !sameSpec(current, spec)) {
      this.frameGeneration++;
      this.frames.stop();
    }
    const p = this.source.start(spec);
    this.syncStatus();
    return p;
  }

  /** `src` or `stream` changed: a new one starts by itself; clearing the last one stops. */
  private sourceChanged(hadSource: boolean): void {
    if (!this.isConnected) return;
    if (this.srcValue || this.streamValue) {
      this.wanted = true;
      this.error = null;
      void this.run();
    } else if (hadSource && this.wanted) {
      this.stop();
    }
  }

  private onRunning(video: HTMLVideoElement): void {
    this.videoWidth = video.videoWidth;
    this.videoHeight = video.videoHeight;
    this.overlay?.setFrameSize(this.videoWidth, this.videoHeight);
    this.lastFrameAt = 0;
    this.interval = 0;
    this.frameGeneration++;
    this.frames.play(video);
    // the worker starts with the source, so it is ready by the time a target is chosen
    this.getEngine();
    this.frames.sync(this.engine);
    this.syncStatus();
    this.announce(this.list.length ? 'Tracking.' : 'Video on. Drag a box around an object, or press Enter, to choose a target.');
  }

  /** Stops the source and the frame loop now, without touching targets or error. */
  private halt(): void {
    this.frameGeneration++;
    this.frames.stop();
    this.source.stop();
    this.selection.cancel();
    this.overlay?.hide();
    this.boxLayer?.update();
  }

  private fail(err: TrackerSourceError): void {
    this.halt();
    this.wanted = false;
    this.error = { code: err.code, message: err.message };
    this.syncStatus();
    emit(this, 'modeseek-error', { code: err.code, message: err.message });
  }

  private syncStatus(): void {
    let s: TrackerElementStatus;
    const st = this.source.state;
    if (st === 'starting' || (st === 'running' && !this.running)) s = 'starting';
    else if (st === 'running') s = !this.list.length ? 'ready' : this.list.some((t) => t.status === 'tracking') ? 'tracking' : 'lost';
    else s = this.error ? 'error' : 'idle';
    if (s === this.status) return;
    this.status = s;
    if (s === 'idle') this.announce('Stopped.');
  }

  // ---- tracking -------------------------------------------------------------------------

  private checkedMethod(): TrackerMethod {
    if (isTrackerMethod(this.method)) return this.method;
    this.notice = `method must be one of ${TRACKER_METHODS.join(', ')}, got “${String(this.method)}”: tracking with robust.`;
    return 'robust';
  }

  /** `trackerOptions` once checked (`checkTrackerOptionValues`), or none with a notice saying what was wrong. */
  private checkedOptions(): TrackerOptionValues {
    const o = this.trackerOptions;
    this.optionsProblem = '';
    if (o === null || o === undefined) return {};
    try {
      // the property may be given the attribute's JSON too
      const v = typeof o === 'string' ? parseOptionsAttribute(o) : o;
      if (typeof v === 'string') throw new TypeError(`not a JSON object: ${v}`);
      checkTrackerOptionValues(v!);
      return v!;
    } catch (err) {
      this.optionsProblem = `tracker-options: ${String((err as Error)?.message ?? err)}; give an object such as {"rotationStep":5}. Tracking with the defaults.`;
      console.warn(`modeseek: ${this.optionsProblem}`);
      return {};
    }
  }

  private getEngine(): TrackingEngine {
    if (this.engine) return this.engine;
    const method = (this.engineMethod = this.checkedMethod());
    let engine: TrackingEngine | null = null;
    if (!this.mainThread && canTrackInWorker()) {
      try {
        const w = new WorkerEngine(method);
        w.onfail = (reason) => this.fallBack(w, reason);
        engine = w;
      } catch (err) {
        this.fallBackNotice(String((err as Error)?.message ?? err));
      }
    }
    engine ??= new MainThreadEngine(method);
    engine.setOptions(this.checkedOptions());
    engine.showProbability = this.showProbability;
    for (const t of this.list) engine.add(t.id, t.box);
    this.frames.maxPending = engine.mode === 'worker' ? 2 : 1;
    this.engine = engine;
    this.engineChanged();
    return engine;
  }

  /** The engine was replaced: frames and boxes follow it. */
  private engineChanged(): void {
    this.frames.sync(this.engine);
    this.syncBoxes();
  }

  /** Who draws the boxes: the worker (`boxes="auto"`, tracking in a Worker that can take a canvas) or the element. */
  private syncBoxes(): void {
    const layer = this.boxLayer;
    if (!layer) return;
    const engine = this.engine, labelsChanged = layer.labels !== this.multiple;
    layer.labels = this.multiple;
    if (this.boxMode === 'auto' && engine instanceof WorkerEngine) {
      const was = layer.active;
      // the element's own boxes go while the worker draws
      if (layer.attach(engine) && !was) this.overlay?.clear();
      else if (labelsChanged) layer.update();
    } else layer.detach(); // the element draws them from the next frame on
  }

  /** `boxes` as read: no value is `auto`; another value is reported (hint and console) and read as `auto`. */
  private checkedBoxes(): BoxDrawing {
    const v = this.boxes as BoxDrawing | null | '';
    if (v === null || v === undefined || v === '') return 'auto';
    if (v === 'auto' || v === 'element') return v;
    this.notice = `boxes must be “auto” or “element”, got “${String(v)}”: drawing them as with “auto”.`;
    console.warn(`modeseek: ${this.notice}`);
    return 'auto';
  }

  /**
   * The worker failed: track on the main thread, each target learnt again from the latest box
   * reported for it (every result that reached the page, streamed or not, updates `targets`
   * before anything else; frames still in the dead worker are lost), and say so.
   */
  private fallBack(from: TrackingEngine, reason: string): void {
    if (this.engine !== from) return;
    this.engine = null;
    this.fallBackNotice(reason);
    const engine = new MainThreadEngine(this.engineMethod);
    engine.setOptions(this.checkedOptions());
    engine.showProbability = this.showProbability;
    for (const t of this.list) engine.add(t.id, t.box);
    this.frames.maxPending = 1;
    this.engine = engine;
    this.engineChanged();
  }

  /** A frame the worker read from the stream and tracked: every target's result at once. */
  private onStreamFrame(m: StreamFrameReply, frame: number, engine: TrackingEngine): void {
    if (engine !== this.engine) return;
    if (m.width !== this.videoWidth || m.height !== this.videoHeight) {
      this.videoWidth = m.width;
      this.videoHeight = m.height;
      this.overlay?.setFrameSize(this.videoWidth, this.videoHeight);
      this.painter.reset();
    }
    this.onResult(m.result, frame, m.readAt - performance.timeOrigin, 0);
  }

  private fallBackNotice(reason: string): void {
    this.notice = `Tracking moved to the main thread: ${reason}.`;
    console.warn(`modeseek: ${this.notice}`);
  }

  /** A frame the video presented (frame-callback delivery): hand it to the engine. */
  private onLoopFrame(frame: number, timestamp: number): Promise<void> | void {
    const engine = this.engine;
    if (!engine || !this.list.length) return;
    const video = this.video;
    if (video.videoWidth !== this.videoWidth || video.videoHeight !== this.videoHeight) {
      this.videoWidth = video.videoWidth;
      this.videoHeight = video.videoHeight;
      this.overlay?.setFrameSize(this.videoWidth, this.videoHeight);
      this.painter.reset();
    }
    const gen = this.frameGeneration;
    const started = performance.now();
    let p: Promise<EngineFrame | null>;
    try {
      p = engine.process(video, timestamp);
    } catch (err) {
      this.frameError(err);
      return;
    }
    const handOver = performance.now() - started;
    return p.then(
      (r) => {
        if (gen === this.frameGeneration && engine === this.engine) this.onResult(r, frame, started, handOver);
      },
      (err) => {
        if (gen === this.frameGeneration && engine === this.engine) this.frameError(err);
      },
    );
  }

  private frameError(err: unknown): void {
    if ((err as { name?: string }).name === 'SecurityError') {
      this.fail(
        new TrackerSourceError('video-error', `The video “${this.srcValue}” comes from another origin without CORS headers, so its pixels cannot be read. Serve it with Access-Control-Allow-Origin, then call start().`, { cause: err }),
      );
      return;
    }
    console.error(err);
    this.notice = String((err as Error)?.message ?? err);
  }

  private onResult(r: EngineFrame | null, frame: number, started: number, handOver: number): void {
    const t0 = performance.now();
    if (this.lastFrameAt > 0) {
      const dt = t0 - this.lastFrameAt;
      this.interval = this.interval > 0 ? this.interval * 0.9 + dt * 0.1 : dt;
    }
    this.lastFrameAt = t0;
    if (!r) return;
    this.frames.reported(frame);
    for (const f of r.failures) {
      // a box outside the frame: say so, keep running
      this.notice = f.message;
      this.removeTarget(f.id);
    }
    const overlay = this.overlay;
    const ellipse = this.engineMethod === 'camshift';
    for (const res of r.results) {
      const t = this.list.find((e) => e.id === res.id);
      if (!t) continue; // removed while the frame was in flight
      const prev = t.status;
      t.status = res.status;
      const b = res.box;
      t.box.x = b.x;
      t.box.y = b.y;
      t.box.width = b.width;
      t.box.height = b.height;
      if (!this.boxLayer?.active) overlay?.draw(t.id, res, ellipse);
      const detail: TrackEventDetail = {
        id: t.id,
        status: res.status,
        box: { x: b.x, y: b.y, width: b.width, height: b.height },
        rotatedBox: { cx: res.rotatedBox.cx, cy: res.rotatedBox.cy, width: res.rotatedBox.width, height: res.rotatedBox.height, angle: res.rotatedBox.angle },
        score: res.score,
        iterations: res.iterations,
        timestamp: res.timestamp,
        frame,
      };
      emit(this, 'modeseek-track', detail);
      if (prev !== res.status) {
        emit(this, res.status === 'lost' ? 'modeseek-lost' : 'modeseek-found', { id: t.id, frame, box: { ...detail.box } });
        const name = this.list.length > 1 ? `Target ${t.id}` : 'Target';
        this.announce(res.status === 'lost' ? `${name} lost.` : `${name} found again.`);
      }
    }
    if (this.showProbability && this.probCanvas) this.painter.paint(this.probCanvas, this.videoWidth, this.videoHeight, r.probability);
    this.syncStatus();
    this.workMs = r.workMs;
    this.retracks = r.retracks;
    this.grabMode = r.grabMode;
    const end = performance.now();
    this.frameMs = handOver + (end - t0) + (this.engine?.mode === 'main-thread' ? r.workMs : 0);
    this.latencyMs = end - started;
  }
}

export type { TrackerErrorCode };
