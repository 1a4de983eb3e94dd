/** Why `<modeseek-tracker>` could not start or keep running (the `modeseek-error` event's `code`). */
export type TrackerErrorCode = 'camera-denied' | 'camera-not-found' | 'camera-ended' | 'video-error' | 'unsupported';

/** An error with a `code` and a message a person can act on. */
export class TrackerSourceError extends Error {
  readonly code: TrackerErrorCode;
  constructor(code: TrackerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrackerSourceError';
    this.code = code;
  }
}

/** Maps a `getUserMedia()` rejection to a `TrackerSourceError` whose message says what to do. */
export function cameraError(err: unknown): TrackerSourceError {
  if (err instanceof TrackerSourceError) return err;
  const name = (err as { name?: string } | null)?.name ?? '';
  const detail = (err as { message?: string } | null)?.message;
  const cause = { cause: err };
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return new TrackerSourceError(
        'camera-denied',
        'Camera access was denied. Allow the camera for this site (the camera icon in the address bar), then press Start again.',
        cause,
      );
    case 'SecurityError':
      return new TrackerSourceError(
        'camera-denied',
        'The camera is blocked on this page: it needs https (or localhost) and, inside an iframe, allow="camera".',
        cause,
      );
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return new TrackerSourceError('camera-not-found', 'No camera was found. Connect a camera, then press Start again.', cause);
    case 'OverconstrainedError':
      return new TrackerSourceError(
        'camera-not-found',
        'No camera matches the requested facing mode or resolution. Remove the facing-mode or resolution attribute, or pick other values.',
        cause,
      );
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new TrackerSourceError(
        'camera-not-found',
        'The camera could not be started; another application may be using it. Close it, then press Start again.',
        cause,
      );
    default:
      return new TrackerSourceError('unsupported', `The camera could not be opened${detail ? ` (${detail})` : ''}.`, cause);
  }
}
