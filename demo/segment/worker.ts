// The playground's module worker: band filtering and region fusion.
import { serveSegmentWorker } from '../../src/dom/segment-worker.js';

serveSegmentWorker(self as unknown as Parameters<typeof serveSegmentWorker>[0]);
