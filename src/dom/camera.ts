import { cameraError, TrackerSourceError } from './errors.js';

/** Options of `openCamera()`. */
export interface CameraOptions {
  /** `'user'` (front) or `'environment'` (back); unset lets the browser choose. */
  facingMode?: 'user' | 'environment';
  /** Ideal capture size in pixels; the camera picks the nearest it offers. */
  width?: number;
  height?: number;
  /** Ideal frame rate. */
  frameRate?: number;
}

/**
 * Opens the webcam. Rejects with a `TrackerSourceError` (`camera-denied`, `camera-not-found`,
 * `unsupported`) whose message tells the person what to do.
 */
export async function openCamera(options: CameraOptions = {}): Promise<MediaStream> {
  const md = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
  if (!md || typeof md.getUserMedia !== 'function') {
    throw new TrackerSourceError(
      'unsupported',
      typeof window !== 'undefined' && !window.isSecureContext
        ? 'The camera needs a secure page: open it over https (or on localhost).'
        : 'This browser cannot open a camera (no navigator.mediaDevices.getUserMedia). Use a current Chrome, Edge, Firefox or Safari.',
    );
  }
  const video: MediaTrackConstraints = {};
  if (options.facingMode) video.facingMode = { ideal: options.facingMode };
  if (options.width) video.width = { ideal: options.width };
  if (options.height) video.height = { ideal: options.height };
  if (options.frameRate) video.frameRate = { ideal: options.frameRate };
  try {
    return await md.getUserMedia({ video: Object.keys(video).length ? video : true, audio: false });
  } catch (err) {
    throw cameraError(err);
  }
}

/** Parses a `resolution` attribute such as `"1280x720"`; null when empty or malformed. */
export function parseResolution(value: string | null | undefined): { width: number; height: number } | null {
  const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/i.exec(value ?? '');
  if (!m) return null;
  const width = Number(m[1]), height = Number(m[2]);
  return width > 0 && height > 0 ? { width, height } : null;
}

/** Stops every track of a stream (releases the camera). */
export function stopStream(stream: MediaStream | null | undefined): void {
  if (!stream) return;
  for (const t of stream.getTracks()) t.stop();
}
