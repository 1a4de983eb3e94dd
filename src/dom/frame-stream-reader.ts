/** Anything with `close()`: a `VideoFrame` (or a stand-in in tests). */
export interface ClosableFrame {
  close(): void;
}

/** Counters of a `FrameStreamReader` since it started. */
export interface FrameStreamStats {
  /** Frames read from the stream (processed or not). */
  read: number;
  /** Frames handed to `process`. */
  processed: number;
  /** Frames closed unprocessed because a newer one arrived while `process` was still busy. */
  skippedBusy: number;
}

/**
 * Reads frames from a stream (a `MediaStreamTrackProcessor`'s readable, transferred to a
 * worker) as fast as they come and hands them to `process(frame, index)` one at a time, the
 * newest first: while `process` is busy, only the latest frame waits; an older waiting frame
 * is closed at once and counted in `stats.skippedBusy` (so the source's own queue never fills
 * and frames are dropped only because we were busy). Every frame is closed by the reader,
 * after `process` settles, or when it is dropped or the reader stops: none is leaked.
 * `index` counts frames read since the start, the dropped ones included.
 *
 * `stop()` cancels the stream and closes the waiting frame; `done` settles when the stream
 * ended, was cancelled, or failed (with `onerror` called once for a read or process error).
 */
export class FrameStreamReader<F extends ClosableFrame> {
  readonly stats: FrameStreamStats = { read: 0, processed: 0, skippedBusy: 0 };
  /** Settles when reading has ended (stream closed, cancelled or failed) and the last `process` settled. */
  readonly done: Promise<void>;
  private readonly reader: ReadableStreamDefaultReader<F>;
  private readonly process: (frame: F, index: number) => Promise<void> | void;
  private readonly onerror: (err: unknown) => void;
  private waiting: F | null = null;
  private waitingIndex = 0;
  private busy: Promise<void> | null = null;
  private stopped = false;
  private failed = false;

  constructor(readable: ReadableStream<F>, process: (frame: F, index: number) => Promise<void> | void, onerror: (err: unknown) => void = () => {}) {
    this.reader = readable.getReader();
    this.process = process;
    this.onerror = onerror;
    this.done = this.readLoop();
  }

  /** True until the stream ended or `stop()` was called. */
  get running(): boolean {
    return !this.stopped;
  }

  /** Stops reading: cancels the stream (the source stops delivering) and closes the waiting frame. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.dropWaiting(false);
    this.reader.cancel().catch(() => {});
  }

  private async readLoop(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        const index = this.stats.read++;
        if (this.stopped) {
          value.close();
          break;
        }
        if (this.busy) {
          // keep only the newest frame while processing: the older one is closed now
          this.dropWaiting(true);
          this.waiting = value;
          this.waitingIndex = index;
        } else {
          this.run(value, index);
        }
      }
    } catch (err) {
      if (!this.stopped) this.fail(err);
    } finally {
      this.stopped = true;
      this.dropWaiting(false);
      this.reader.releaseLock();
      await this.busy;
    }
  }

  private run(frame: F, index: number): void {
    this.stats.processed++;
    let p: Promise<void>;
    try {
      p = Promise.resolve(this.process(frame, index));
    } catch (err) {
      p = Promise.reject(err);
    }
    this.busy = p.then(
      () => this.settled(frame),
      (err: unknown) => {
        this.fail(err); // (stops first: the waiting frame is closed, not processed)
        this.settled(frame);
      },
    );
  }

  private settled(frame: F): void {
    frame.close();
    this.busy = null;
    const next = this.waiting;
    if (next && !this.stopped) {
      this.waiting = null;
      this.run(next, this.waitingIndex);
    }
  }

  private dropWaiting(count: boolean): void {
    if (!this.waiting) return;
    this.waiting.close();
    this.waiting = null;
    if (count) this.stats.skippedBusy++;
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.stop();
    this.onerror(err);
  }
}
