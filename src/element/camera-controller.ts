import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { openCamera, stopStream, type CameraOptions } from '../dom/camera.js';

/**
 * Owns the webcam stream of its host: `open()` asks for the camera, `release()` stops its
 * tracks (the camera light goes off). Calls `onEnded` when the camera stops on its own
 * (unplugged, taken by another application, permission revoked). Releases the camera in
 * `hostDisconnected`.
 */
export class CameraController implements ReactiveController {
  stream: MediaStream | null = null;
  private readonly onEnded: () => void;
  private generation = 0;
  private readonly ended = () => {
    if (this.stream) this.onEnded();
  };

  constructor(host: ReactiveControllerHost, onEnded: () => void) {
    host.addController(this);
    this.onEnded = onEnded;
  }

  /**
   * Opens the camera. Resolves to the stream, or to null when `release()` was called while
   * the browser was still asking (the late stream is stopped at once).
   */
  async open(options: CameraOptions): Promise<MediaStream | null> {
    this.release();
    const gen = ++this.generation;
    const stream = await openCamera(options);
    if (gen !== this.generation) {
      stopStream(stream);
      return null;
    }
    this.stream = stream;
    for (const t of stream.getVideoTracks()) t.addEventListener('ended', this.ended);
    return stream;
  }

  /** Stops the camera's tracks and forgets the stream; cancels an `open()` in flight. */
  release(): void {
    this.generation++;
    const s = this.stream;
    this.stream = null;
    if (!s) return;
    for (const t of s.getVideoTracks()) t.removeEventListener('ended', this.ended);
    stopStream(s);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.release();
  }
}
