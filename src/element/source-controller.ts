import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CameraOptions } from '../dom/camera.js';
import { TrackerSourceError } from '../dom/errors.js';
import { CameraController } from './camera-controller.js';

/** What to play: a MediaStream the page owns, a video URL, or the webcam (opened and owned here). */
export type SourceSpec =
  | { kind: 'stream'; stream: MediaStream }
  | { kind: 'src'; src: string; loop: boolean }
  | { kind: 'camera'; camera: CameraOptions };

/** `idle` (nothing held), `starting` (asking the camera or loading), `running` (playing). */
export type SourceState = 'idle' | 'starting' | 'running';

/** What the source controller tells its element. */
export interface SourceCallbacks {
  /** The `<video>` to play into (the controller waits for the host's render before asking). */
  video(): HTMLVideoElement | null;
  /** The source plays: frames may be read from `video`. */
  running(video: HTMLVideoElement): void;
  /** The source failed or ended; everything was released already. */
  failed(error: TrackerSourceError): void;
}

const POLL_MS = 250;

/** True when two specs name the same source (a restart is not needed). */
export function sameSpec(a: SourceSpec, b: SourceSpec): boolean {
  if (a.kind === 'stream' && b.kind === 'stream') return a.stream === b.stream;
  if (a.kind === 'src' && b.kind === 'src') return a.src === b.src;
  if (a.kind === 'camera' && b.kind === 'camera') {
    const x = a.camera, y = b.camera;
    return x.facingMode === y.facingMode && x.width === y.width && x.height === y.height && x.frameRate === y.frameRate;
  }
  return false;
}

/**
 * Owns what `<modeseek-tracker>` plays, with a lifecycle that holds under any order of
 * calls: every `start()` takes a new token and every await checks it, so the latest call
 * wins; `stop()` (and the host's removal) releases the camera at once, synchronously, and a
 * camera that answers after that is stopped as it arrives. A `start()` with the source that
 * is already starting or running joins it. While running it watches the video tracks: a track
 * that ends (the person, the browser, or the page's own `track.stop()`) is reported as
 * `camera-ended` through `failed`.
 */
export class SourceController implements ReactiveController {
  state: SourceState = 'idle';
  private readonly host: ReactiveControllerHost;
  private readonly cb: SourceCallbacks;
  private readonly camera: CameraController;
  private token = 0;
  private spec: SourceSpec | null = null;
  private promise: Promise<void> | null = null;
  private watched: MediaStreamTrack[] = [];
  private poll: ReturnType<typeof setInterval> | 0 = 0;
  private video: HTMLVideoElement | null = null;

  constructor(host: ReactiveControllerHost, callbacks: SourceCallbacks) {
    this.host = host;
    this.cb = callbacks;
    // the camera: its own `ended` events land in the same check as the polling
    this.camera = new CameraController(host, () => this.checkTracks());
    host.addController(this);
  }

  /** The webcam stream this controller opened, if any. */
  get cameraStream(): MediaStream | null {
    return this.camera.stream;
  }

  /** The source being started or played, if any. */
  get current(): SourceSpec | null {
    return this.spec;
  }

  /**
   * Plays `spec`. Resolves once it plays, failed (reported through `failed`) or was
   * superseded by a later `start()` or `stop()`. Never rejects.
   */
  start(spec: SourceSpec): Promise<void> {
    if (this.state !== 'idle' && this.spec && sameSpec(spec, this.spec)) {
      if (spec.kind === 'src' && this.video) this.video.loop = spec.loop;
      return this.promise ?? Promise.resolve();
    }
    this.halt();
    const token = ++this.token;
    this.spec = spec;
    this.state = 'starting';
    const p = (this.promise = this.run(spec, token).finally(() => {
      if (this.promise === p) this.promise = null;
    }));
    return p;
  }

  /** Stops the source now: camera tracks ended, video emptied, any start in flight cancelled. */
  stop(): void {
    this.halt();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.halt();
  }

  private async run(spec: SourceSpec, token: number): Promise<void> {
    try {
      if (spec.kind === 'stream' && !spec.stream.getVideoTracks().some((t) => t.readyState === 'live')) {
        throw new TrackerSourceError('video-error', 'The stream has no live video track: give a MediaStream with a running video track (then call start()).');
      }
      await this.host.updateComplete; // the <video> is rendered
      if (token !== this.token) return;
      const video = this.cb.video();
      if (!video) throw new TrackerSourceError('unsupported', 'The element has no video to play into; was it rendered? Add it to the page, then call start().');
      this.video = video;
      video.onerror = null;
      video.muted = true;
      let stream: MediaStream | null = null;
      if (spec.kind === 'stream') {
        stream = spec.stream;
        video.removeAttribute('src');
        video.srcObject = stream;
      } else if (spec.kind === 'src') {
        video.srcObject = null;
        video.crossOrigin = 'anonymous';
        video.loop = spec.loop;
        video.src = spec.src;
      } else {
        stream = await this.camera.open(spec.camera);
        if (!stream || token !== this.token) return; // superseded: the camera controller stopped the late stream
        video.removeAttribute('src');
        video.srcObject = stream;
      }
      video.onerror = () => {
        if (token === this.token) this.failWith(token, videoError(spec, video.error));
      };
      try {
        await video.play();
      } catch (err) {
        if (token !== this.token) return;
        throw videoError(spec, err);
      }
      if (token !== this.token) return;
      if (stream) this.watch(stream, token);
      if (stream && !stream.getVideoTracks().some((t) => t.readyState === 'live')) {
        this.failWith(token, endedError(spec));
        return;
      }
      this.state = 'running';
      this.cb.running(video);
    } catch (err) {
      if (token !== this.token) return;
      this.failWith(
        token,
        err instanceof TrackerSourceError ? err : new TrackerSourceError('unsupported', String((err as Error)?.message ?? err), { cause: err }),
      );
    }
  }

  private failWith(token: number, err: TrackerSourceError): void {
    if (token !== this.token) return;
    this.halt();
    this.cb.failed(err);
  }

  private watch(stream: MediaStream, token: number): void {
    this.unwatch();
    this.watched = stream.getVideoTracks();
    for (const t of this.watched) t.addEventListener('ended', this.checkTracks);
    // the page's own track.stop() fires no 'ended' event: look a few times a second
    this.poll = setInterval(() => token === this.token && this.checkTracks(), POLL_MS);
  }

  private unwatch(): void {
    for (const t of this.watched) t.removeEventListener('ended', this.checkTracks);
    this.watched = [];
    if (this.poll) clearInterval(this.poll);
    this.poll = 0;
  }

  private checkTracks = (): void => {
    const spec = this.spec;
    if (!spec || this.state === 'idle' || !this.watched.length) return;
    if (this.watched.some((t) => t.readyState === 'live')) return;
    this.failWith(this.token, endedError(spec));
  };

  /** Releases everything and cancels any start in flight (token bump). */
  private halt(): void {
    this.token++;
    this.unwatch();
    this.camera.release();
    const v = this.video;
    if (v) {
      v.onerror = null;
      v.pause();
      // a stream the page gave stays the page's; the camera's own tracks were stopped above
      v.srcObject = null;
      if (v.hasAttribute('src')) {
        v.removeAttribute('src');
        v.load();
      }
    }
    this.spec = null;
    this.state = 'idle';
  }
}

function videoError(spec: SourceSpec, err: unknown): TrackerSourceError {
  if (err instanceof TrackerSourceError) return err;
  const what = spec.kind === 'src' ? `The video “${spec.src}”` : spec.kind === 'stream' ? 'The stream' : 'The camera';
  const why = (err as { message?: string } | null)?.message;
  return new TrackerSourceError(
    'video-error',
    `${what} could not be played${why ? ` (${why})` : ''}. Check the URL, that the file is a format this browser plays (MP4/H.264 or WebM), and that another origin serves it with CORS headers; then call start().`,
    { cause: err },
  );
}

function endedError(spec: SourceSpec): TrackerSourceError {
  return spec.kind === 'camera'
    ? new TrackerSourceError('camera-ended', 'The camera stopped (unplugged, turned off, or taken by another application or the browser). Press Start to open it again.')
    : new TrackerSourceError('camera-ended', "The stream's video track ended. Give a stream with a live video track, then call start().");
}
