// Messages between the clustering page and its worker.
import type { MeanShiftKernel } from '../../src/cluster/index.js';

export type ToWorker =
  | { type: 'estimate'; id: number; points: Float64Array }
  | {
      type: 'run';
      id: number;
      points: Float64Array;
      bandwidth: number;
      kernel: MeanShiftKernel;
      binSeeding: boolean;
      /** The density map: world box and size in cells. */
      view: { x0: number; y0: number; x1: number; y1: number; cols: number; rows: number };
    };

export type FromWorker =
  | { type: 'estimate'; id: number; bandwidth: number }
  | { type: 'density'; id: number; cols: number; rows: number; values: Float32Array }
  | { type: 'steps'; id: number; seedCount: number; frames: Float32Array[] }
  | { type: 'done'; id: number; centres: number[][]; labels: number[]; iterations: number; ms: number }
  | { type: 'error'; id: number; message: string };
