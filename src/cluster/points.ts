// Point sets at the API edge: validation and conversion to a flat Float64Array.
import type { MatrixLike, PointsInput } from './types.js';

/** n points of d coordinates, row-major in `data` (length n × d). */
export interface FlatPoints {
  data: Float64Array;
  n: number;
  d: number;
}

/**
 * Checks a point set and copies it into a flat array. Throws TypeError for a value that is
 * not a point set or has rows of different lengths, RangeError for no points or a
 * coordinate that is NaN or infinite. `dims` requires that many coordinates a point.
 */
export function toFlatPoints(input: PointsInput, name = 'data', dims?: number): FlatPoints {
  let n: number;
  let d: number;
  let data: Float64Array;
  if (isMatrixLike(input)) {
    // a matrix object (ml-matrix's Matrix and its kin): rows × columns, read row by row
    n = input.rows;
    d = input.columns;
    if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 0) {
      throw new TypeError(`${name} is a matrix with ${String(n)} rows and ${String(d)} columns: both must be integers >= 0`);
    }
    data = new Float64Array(n * d);
    const rows = input.to2DArray();
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      for (let j = 0; j < d; j++) {
        const v = row[j];
        if (typeof v !== 'number') throw new TypeError(`${name}[${i}][${j}] must be a number, got ${typeof v}`);
        data[i * d + j] = v;
      }
    }
  } else {
    if (!Array.isArray(input)) {
      throw new TypeError(
        `${name} must be an array of points (number[][] or typed-array rows) or a matrix with rows, columns and to2DArray() (as ml-matrix's), got ${input === null ? 'null' : typeof input}`,
      );
    }
    n = input.length;
    if (n === 0) throw new RangeError(`${name} must hold at least one point, got none`);
    const first = input[0];
    if (first == null || typeof first !== 'object' || typeof first.length !== 'number') {
      throw new TypeError(`${name}[0] must be an array of coordinates, got ${typeof first}`);
    }
    d = first.length;
    data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const row = input[i];
      if (row == null || typeof row !== 'object' || typeof row.length !== 'number') {
        throw new TypeError(`${name}[${i}] must be an array of coordinates, got ${typeof row}`);
      }
      if (row.length !== d) {
        throw new TypeError(
          `every point of ${name} must have ${d} coordinates like ${name}[0], but ${name}[${i}] has ${row.length}`,
        );
      }
      for (let j = 0; j < d; j++) {
        const v = row[j];
        if (typeof v !== 'number') {
          throw new TypeError(`${name}[${i}][${j}] must be a number, got ${typeof v}`);
        }
        data[i * d + j] = v;
      }
    }
  }
  if (n === 0) throw new RangeError(`${name} must hold at least one point, got none`);
  if (d === 0) throw new RangeError(`the points of ${name} must have at least one coordinate, got 0`);
  if (dims !== undefined && d !== dims) {
    throw new RangeError(`the points of ${name} must have ${dims} coordinates like the data, got ${d}`);
  }
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      const i = Math.floor(k / d);
      throw new RangeError(
        `${name}[${i}][${k - i * d}] must be a finite number, got ${data[k]}; remove or impute such points first`,
      );
    }
  }
  return { data, n, d };
}

/** True for a matrix object with `rows`, `columns` and `to2DArray()` (as ml-matrix's `Matrix`). */
function isMatrixLike(input: unknown): input is MatrixLike {
  return (
    input !== null &&
    typeof input === 'object' &&
    !Array.isArray(input) &&
    typeof (input as MatrixLike).to2DArray === 'function' &&
    typeof (input as MatrixLike).rows === 'number' &&
    typeof (input as MatrixLike).columns === 'number'
  );
}

/** Rows of a flat point array as number[][]. */
export function toRows(data: Float64Array, n: number, d: number): number[][] {
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = Array.from(data.subarray(i * d, i * d + d));
  return rows;
}
