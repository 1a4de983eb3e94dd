import type { TrackerErrorCode } from '../dom/errors.js';
import type { TrackResult } from '../track/types.js';

export type { TrackerErrorCode };

/** `modeseek-track` detail: the tracker's result (a copy) plus `frame`, the index of the processed frame. */
export interface TrackEventDetail extends TrackResult {
  /** Index of the processed frame, counted in presented frames since the source started. */
  frame: number;
}

/** `modeseek-lost` / `modeseek-found` detail. */
export interface TrackStatusEventDetail {
  frame: number;
  box: TrackResult['box'];
}

/** `modeseek-error` detail. */
export interface TrackerErrorEventDetail {
  code: TrackerErrorCode;
  message: string;
}

declare global {
  interface HTMLElementEventMap {
    'modeseek-track': CustomEvent<TrackEventDetail>;
    'modeseek-lost': CustomEvent<TrackStatusEventDetail>;
    'modeseek-found': CustomEvent<TrackStatusEventDetail>;
    'modeseek-error': CustomEvent<TrackerErrorEventDetail>;
  }
}
