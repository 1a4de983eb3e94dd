// The neighbourhood queries of a mean-shift step, answered by a spatial index.
import type { FlatPoints } from './points.js';
import { GridIndex, gridCellCount } from './grid-index.js';
import { KdTree } from './kd-tree.js';

/** Kernel codes of the hot loops: 0 flat, 1 Epanechnikov, 2 Gaussian. */
export type KernelCode = 0 | 1 | 2;

/**
 * Sums of the points near a position. Implementations reorder the points into their own
 * flat array, keep per-cell (or per-node) counts, sums and tight bounding boxes, add a
 * whole cell at once when its box lies inside the ball and skip it when its box lies
 * outside. Floating-point rounding is monotone, so these box tests decide membership
 * exactly as testing each point would: a point p is within radius r of q when
 * Σⱼ (pⱼ − qⱼ)² ≤ r·r, summed in coordinate order, which is how scikit-learn's KD tree
 * decides it too. Queries allocate nothing.
 */
export interface NeighbourIndex {
  /** Writes into `sum` (length d) the sum of the points within √r2 of q[qo..qo+d); returns their count. */
  sumWithin(q: Float64Array, qo: number, r2: number, sum: Float64Array): number;
  /**
   * Writes into `sum` the kernel-weighted sum of the points within √support2 of q; returns
   * the total weight and leaves in `count` the number of points within √h2.
   */
  weightedSumWithin(
    q: Float64Array,
    qo: number,
    support2: number,
    h2: number,
    kernel: KernelCode,
    sum: Float64Array,
  ): number;
  /** Points within √h2 of the last `weightedSumWithin` query. */
  count: number;
  /** 'grid' or 'kd-tree', for tests and benchmarks. */
  readonly kind: 'grid' | 'kd-tree';
}

/** Number of grid cells per bandwidth along each axis. */
export const GRID_CELLS_PER_BANDWIDTH = 2;
/** Grid cells per bandwidth tried, finest first, when there are few seeds (fewer than n / 64). */
export const FEW_SEEDS_CELLS_PER_BANDWIDTH = [16, 8, 4] as const;
/** The grid is used up to this many dimensions; a KD tree beyond. */
export const GRID_MAX_DIMENSIONS = 3;
/** Largest mean number of points per non-empty cell for which a grid beats the tree. */
export const GRID_MAX_OCCUPANCY = 12;

/**
 * Picks the index. Few seeds (fewer than n / 64, as with bin seeding) in up to
 * {@link GRID_MAX_DIMENSIONS} dimensions: the finest grid of {@link FEW_SEEDS_CELLS_PER_BANDWIDTH}
 * that needs no more than max(n, 65 536) cells. Otherwise, up to {@link GRID_MAX_DIMENSIONS} dimensions, a grid of cell size
 * radius / {@link GRID_CELLS_PER_BANDWIDTH} (built in O(n)) when it needs no more than
 * max(4n, 65 536) cells (outliers can spread the points too thin for a grid) and either
 * its cells are sparse (≤ {@link GRID_MAX_OCCUPANCY} points per non-empty cell) or there
 * are few seeds (fewer than n / 64, as with bin seeding: building then costs more than
 * querying). Otherwise a KD tree, whose leaves adapt to dense clusters.
 */
export function createNeighbourIndex(points: FlatPoints, radius: number, seeds = points.n): NeighbourIndex {
  if (points.d <= GRID_MAX_DIMENSIONS && seeds * 64 < points.n) {
    // few seeds (bin seeding) over many points: a query's cost is the points of the cells
    // its sphere cuts, so use the finest grid whose cell count stays within max(n, 65 536)
    for (const k of FEW_SEEDS_CELLS_PER_BANDWIDTH) {
      if (gridCellCount(points, radius / k) <= Math.max(points.n, 65_536)) return new GridIndex(points, radius / k);
    }
  }
  if (points.d <= GRID_MAX_DIMENSIONS) {
    const cell = radius / GRID_CELLS_PER_BANDWIDTH;
    const cells = gridCellCount(points, cell);
    if (cells <= Math.max(4 * points.n, 65_536)) {
      const grid = new GridIndex(points, cell);
      if (seeds * 64 < points.n || points.n <= GRID_MAX_OCCUPANCY * grid.occupiedCells) return grid;
    }
  }
  return new KdTree(points);
}
