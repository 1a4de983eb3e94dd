import type { TrackerErrorCode } from '../dom/errors.js';
import type { TrackResult } from '../track/types.js';

export type { TrackerErrorCode };

/** `modeseek-track` detail: the tracker's result (a copy) plus `frame`, the index of the processed frame, and the target's `id`. */
export interface TrackEventDetail extends TrackResult {
  /** Index of the processed frame, counted in the source's frames since it started (frames the video presented, or, with `frameDelivery` `'stream'`, frames the track delivered to the worker); skipped frames count too. */
  frame: number;
  /** The target's id (what `select()` returned). */
  id: number;
}

/** `modeseek-lost` / `modeseek-found` detail. */
export interface TrackStatusEventDetail {
  frame: number;
  box: TrackResult['box'];
  /** The target's id. */
  id: number;
}

/** `modeseek-error` detail. */
export interface TrackerErrorEventDetail {
  code: TrackerErrorCode;
  message: string;
}

/** The events `<modeseek-tracker>` fires and their details. */
export interface TrackerEventMap {
  'modeseek-track': TrackEventDetail;
  'modeseek-lost': TrackStatusEventDetail;
  'modeseek-found': TrackStatusEventDetail;
  'modeseek-error': TrackerErrorEventDetail;
}

/** Fires one of the element's events (bubbling, composed). */
export function emit<K extends keyof TrackerEventMap>(target: EventTarget, type: K, detail: TrackerEventMap[K]): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'modeseek-track': CustomEvent<TrackEventDetail>;
    'modeseek-lost': CustomEvent<TrackStatusEventDetail>;
    'modeseek-found': CustomEvent<TrackStatusEventDetail>;
    'modeseek-error': CustomEvent<TrackerErrorEventDetail>;
  }
}
