// The module worker of <modeseek-tracker> (see create-tracking-worker.ts).
import { serveTrackingWorker } from './tracking-worker.js';

serveTrackingWorker(self as unknown as Parameters<typeof serveTrackingWorker>[0]);
