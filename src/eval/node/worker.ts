/** worker_threads entry: evaluates the sequences it is sent, one at a time (see pool.ts). */
import { parentPort } from 'node:worker_threads';
import { runSequenceJob, type SequenceJob } from './run-sequence.js';

parentPort?.on('message', async (msg: { id: number; job: SequenceJob }) => {
  const result = await runSequenceJob(msg.job, (frames) => parentPort!.postMessage({ id: msg.id, frames }));
  parentPort!.postMessage({ id: msg.id, result });
});
