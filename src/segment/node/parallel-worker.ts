/** worker_threads entry: filters the bands it is sent. Node only (see parallel.ts). */
import { parentPort } from 'node:worker_threads';
import { filterTile, type FilterTileTask } from '../filter-tile.js';

parentPort?.on('message', (msg: { id: number; task: FilterTileTask }) => {
  try {
    const result = filterTile(msg.task);
    const transfer: ArrayBuffer[] = [result.rgb.buffer as ArrayBuffer];
    if (result.modes) transfer.push(result.modes.buffer as ArrayBuffer);
    parentPort!.postMessage({ id: msg.id, result }, transfer);
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
