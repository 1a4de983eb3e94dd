import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { canFeedTrackToWorker, TrackFeed } from '../dom/track-feed.js';
import type { FrameDelivery, TrackingEngine } from '../dom/tracking-engine.js';
import type { StreamFrameReply } from '../dom/tracking-worker.js';
import { WorkerEngine } from '../dom/worker-engine.js';
import { FrameLoopController, type FrameLoopStats } from './frame-loop-controller.js';

/** What the element does with the frames the controller delivers. */
export interface FrameSinks {
  /** The page's frame loop presented a frame (`frame` counts across deliveries). */
  onLoopFrame(frame: number, timestamp: number): Promise<void> | void;
  /** `engine` read a frame from the stream and tracked it (`frame` counts across deliveries). */
  onStreamFrame(reply: StreamFrameReply, frame: number, engine: TrackingEngine): void;
}

/**
 * How frames of the playing video reach the tracking engine, one of two ways: `'stream'`,
 * where the source is a MediaStream and a worker engine can read it (`canFeedTrackToWorker`),
 * gives the worker the stream of frames of a clone of the track once, and the page does
 * nothing per frame; `'frame-callback'` hands each frame over from the video
 * (`FrameLoopController`). `sync()` picks the one that fits the engine and switches; frame
 * indices keep counting up across a switch. Stops everything in `hostDisconnected`.
 */
export class FrameDeliveryController implements ReactiveController {
  private readonly loop: FrameLoopController;
  /** The video whose frames are delivered (set while the source plays). */
  private video: HTMLVideoElement | null = null;
  /** The stream of frames the worker reads, and the engine reading it. */
  private feed: TrackFeed | null = null;
  private feedEngine: WorkerEngine | null = null;
  private feedGen = 0;
  private readonly feedStats: FrameLoopStats = { processed: 0, skippedBusy: 0, missed: 0 };
  /** The index of the last frame reported, and where the current delivery's indices start. */
  private lastFrame = -1;
  private frameBase = 0;

  constructor(host: ReactiveControllerHost, private readonly sinks: FrameSinks) {
    host.addController(this);
    this.loop = new FrameLoopController(host, (index, ts) => sinks.onLoopFrame(this.frameBase + index, ts));
  }

  /** True while frames are delivered one way or the other. */
  get running(): boolean {
    return this.loop.running || this.feed !== null;
  }

  /** The delivery in use while a video plays, null otherwise. */
  get delivery(): FrameDelivery | null {
    return this.video ? (this.feed ? 'stream' : 'frame-callback') : null;
  }

  /** Counters of the delivery in use. */
  get stats(): FrameLoopStats {
    return this.feed ? this.feedStats : this.loop.stats;
  }

  /** Frames the page's loop may have in process at once (2 lets a frame go to a worker while the last answer is on its way). */
  set maxPending(n: number) {
    this.loop.maxPending = n;
  }

  /** A new video plays: delivery stops, indices start again at 0; `sync()` starts it. */
  play(video: HTMLVideoElement): void {
    this.stop();
    this.lastFrame = -1;
    this.video = video;
  }

  /** Records that frame `frame` was reported (indices of the next delivery start after it). */
  reported(frame: number): void {
    if (frame > this.lastFrame) this.lastFrame = frame;
  }

  /**
   * Starts the delivery that fits `engine`, stopping the other: the worker reads the stream
   * when it can, the page's loop hands frames over otherwise (also when the worker refuses
   * the stream, which is said in the console).
   */
  sync(engine: TrackingEngine | null): void {
    const video = this.video;
    if (!video) return;
    const stream = video.srcObject instanceof MediaStream ? video.srcObject : null;
    if (engine instanceof WorkerEngine && stream && canFeedTrackToWorker()) {
      if (this.feed && this.feedEngine === engine && engine.streamAttached) return;
      this.stopDelivery();
      let feed: TrackFeed | null = null;
      try {
        feed = new TrackFeed(stream);
        const gen = ++this.feedGen;
        engine.attachStream(feed.readable, gen);
        engine.onstreamframe = (m) => this.streamFrame(m, engine);
        this.feed = feed;
        this.feedEngine = engine;
        this.feedStats.processed = this.feedStats.skippedBusy = 0;
        this.frameBase = this.lastFrame + 1;
        return;
      } catch (err) {
        feed?.close(); // (the clone would keep the camera on)
        this.stopDelivery();
        console.warn('modeseek: the tracking worker cannot read the stream itself; handing frames over from the video instead.', err);
      }
    }
    if (this.feed) this.stopDelivery();
    if (!this.loop.running) {
      this.frameBase = this.lastFrame + 1;
      this.loop.start(video);
    }
  }

  /** Stops delivering and forgets the video. */
  stop(): void {
    this.stopDelivery();
    this.video = null;
  }

  hostDisconnected(): void {
    this.stop();
  }

  private stopDelivery(): void {
    this.feedGen++;
    this.feed?.close();
    this.feed = null;
    if (this.feedEngine) {
      this.feedEngine.onstreamframe = null;
      this.feedEngine.detachStream();
      this.feedEngine = null;
    }
    this.loop.stop();
  }

  private streamFrame(m: StreamFrameReply, engine: WorkerEngine): void {
    if (m.gen !== this.feedGen || engine !== this.feedEngine) return;
    this.feedStats.processed = m.stats.processed;
    this.feedStats.skippedBusy = m.stats.skippedBusy;
    this.sinks.onStreamFrame(m, this.frameBase + m.frame, engine);
  }
}
