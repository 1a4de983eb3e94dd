import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Counters of a frame loop. */
export interface FrameLoopStats {
  /** Frames handed to the callback. */
  processed: number;
  /** Frames that arrived while `maxPending` earlier ones were still being processed (dropped by us). */
  skippedBusy: number;
  /** Frames the video presented without a callback (gaps in `presentedFrames`). */
  missed: number;
}

/**
 * Calls `onFrame(frame, timestamp)` once for each new video frame, with
 * `requestVideoFrameCallback` (or `requestAnimationFrame` and `currentTime` where it is
 * missing). `frame` counts presented frames since `start()`. A frame that arrives while
 * `maxPending` callbacks' promises are pending is skipped and counted (1 by default: a frame
 * is processed only once the previous is done; 2 lets a frame be handed to a worker while the
 * previous one's answer is on its way). Stops in `hostDisconnected`.
 */
export class FrameLoopController implements ReactiveController {
  readonly stats: FrameLoopStats = { processed: 0, skippedBusy: 0, missed: 0 };
  private video: HTMLVideoElement | null = null;
  private handle = 0;
  private generation = 0;
  private pending = 0;
  /** How many frames may be in process at once. */
  maxPending = 1;
  private first = -1;
  private last = -1;
  private lastTime = -1;
  private readonly onFrame: (frame: number, timestamp: number) => Promise<void> | void;

  constructor(host: ReactiveControllerHost, onFrame: (frame: number, timestamp: number) => Promise<void> | void) {
    host.addController(this);
    this.onFrame = onFrame;
  }

  get running(): boolean {
    return this.video !== null;
  }

  start(video: HTMLVideoElement): void {
    this.stop();
    this.video = video;
    this.first = this.last = this.lastTime = -1;
    this.stats.processed = this.stats.skippedBusy = this.stats.missed = 0;
    const gen = ++this.generation;
    if (typeof video.requestVideoFrameCallback === 'function') {
      const cb = (_now: number, meta: VideoFrameCallbackMetadata) => {
        if (gen !== this.generation) return;
        this.handle = video.requestVideoFrameCallback(cb);
        this.frame(meta.presentedFrames, meta.mediaTime * 1000);
      };
      this.handle = video.requestVideoFrameCallback(cb);
    } else {
      let count = 0;
      const cb = () => {
        if (gen !== this.generation) return;
        this.handle = requestAnimationFrame(cb);
        const t = video.currentTime;
        if (t !== this.lastTime && video.readyState >= 2) {
          this.lastTime = t;
          this.frame(count++, t * 1000);
        }
      };
      this.handle = requestAnimationFrame(cb);
    }
  }

  stop(): void {
    this.generation++;
    const v = this.video;
    this.video = null;
    this.pending = 0;
    if (!v) return;
    if (typeof v.requestVideoFrameCallback === 'function') v.cancelVideoFrameCallback(this.handle);
    else cancelAnimationFrame(this.handle);
  }

  private frame(presented: number, timestamp: number): void {
    if (this.first < 0) this.first = presented;
    if (this.last >= 0 && presented - this.last > 1) this.stats.missed += presented - this.last - 1;
    this.last = presented;
    if (this.pending >= this.maxPending) {
      this.stats.skippedBusy++;
      return;
    }
    this.stats.processed++;
    const gen = this.generation;
    const r = this.onFrame(presented - this.first, timestamp);
    if (r) {
      this.pending++;
      const done = () => {
        if (gen === this.generation) this.pending--;
      };
      r.then(done, done);
    }
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }
}
