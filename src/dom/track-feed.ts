import { canTrackInWorker, canTransfer } from './worker-engine.js';

/** The page-side `MediaStreamTrackProcessor` (Chromium exposes it on Window; the standard, only in workers). */
interface TrackProcessorConstructor {
  new (init: { track: MediaStreamTrack; maxBufferSize?: number }): { readonly readable: ReadableStream<VideoFrame> };
}

function trackProcessor(): TrackProcessorConstructor | null {
  const c = (globalThis as { MediaStreamTrackProcessor?: unknown }).MediaStreamTrackProcessor;
  return typeof c === 'function' ? (c as TrackProcessorConstructor) : null;
}

/**
 * True where a camera or stream's frames can go to the tracking worker without the page
 * touching each one: tracking in a Worker works (`canTrackInWorker`), the page has a
 * `MediaStreamTrackProcessor` (Chromium) and a `ReadableStream` can be transferred (checked
 * once). Firefox and Safari have neither a page-side processor nor (Firefox) a transferable
 * track, and keep handing frames over from `requestVideoFrameCallback`.
 */
export function canFeedTrackToWorker(): boolean {
  if (feedSupported !== null) return feedSupported;
  feedSupported = false;
  try {
    if (!trackProcessor() || typeof ReadableStream !== 'function' || !canTrackInWorker()) return false;
    feedSupported = canTransfer(new ReadableStream());
  } catch {
    feedSupported = false;
  }
  return feedSupported;
}
let feedSupported: boolean | null = null;

/**
 * A stream of the `VideoFrame`s of a MediaStream's video track, to transfer to the tracking
 * worker once (`WorkerEngine.attachStream`): a clone of the track (ours, so the page's or the
 * camera controller's own track is never stopped by us) read by a `MediaStreamTrackProcessor`.
 * In Chromium the frames then reach the worker directly, not through the page. `close()` stops
 * the clone, which ends the stream; until then the clone keeps the camera on, so the owner
 * closes the feed whenever the source stops.
 */
export class TrackFeed {
  readonly readable: ReadableStream<VideoFrame>;
  private track: MediaStreamTrack | null;

  /** Throws a TypeError when the stream has no live video track or the browser has no page-side processor. */
  constructor(stream: MediaStream) {
    const Processor = trackProcessor();
    if (!Processor) throw new TypeError('MediaStreamTrackProcessor is not available on this page: hand frames over from the video instead');
    const source = stream.getVideoTracks().find((t) => t.readyState === 'live');
    if (!source) throw new TypeError('the stream has no live video track to read frames from');
    const track = (this.track = source.clone());
    try {
      this.readable = new Processor({ track }).readable;
    } catch (err) {
      track.stop();
      this.track = null;
      throw err;
    }
  }

  /** True until `close()`. */
  get open(): boolean {
    return this.track !== null;
  }

  /** Stops the cloned track: the stream ends, and the camera is released if nothing else holds it. */
  close(): void {
    this.track?.stop();
    this.track = null;
  }
}
