// The 'modeseek/element' entry: defines <modeseek-tracker>. Named exports only.
import { ModeseekTracker } from './modeseek-tracker.js';

export { ModeseekTracker } from './modeseek-tracker.js';
export type { BoxDrawing, TrackerElementStatus, TrackerElementStats } from './modeseek-tracker.js';
export type { ExecutionMode, FrameDelivery } from '../dom/tracking-engine.js';
export type { TrackEventDetail, TrackStatusEventDetail, TrackerErrorEventDetail, TrackerErrorCode } from './events.js';

if (!customElements.get('modeseek-tracker')) customElements.define('modeseek-tracker', ModeseekTracker);

declare global {
  interface HTMLElementTagNameMap {
    'modeseek-tracker': ModeseekTracker;
  }
}
