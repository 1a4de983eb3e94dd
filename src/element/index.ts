// The 'modeseek/element' entry: defines <modeseek-tracker>.
import { ModeseekTracker } from './modeseek-tracker.js';

export { ModeseekTracker } from './modeseek-tracker.js';
export type { TrackerElementStatus, TrackerElementStats } from './modeseek-tracker.js';
export type { TrackEventDetail, TrackStatusEventDetail, TrackerErrorEventDetail, TrackerErrorCode } from './events.js';
export { CameraController } from './camera-controller.js';
export { FrameLoopController, type FrameLoopStats } from './frame-loop-controller.js';

if (!customElements.get('modeseek-tracker')) customElements.define('modeseek-tracker', ModeseekTracker);

declare global {
  interface HTMLElementTagNameMap {
    'modeseek-tracker': ModeseekTracker;
  }
}
