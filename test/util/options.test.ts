// The one options helper, and each public entry point that reads options through it.
import { describe, expect, it } from 'vitest';
import { Matrix } from 'ml-matrix';
import { createTracker, estimateBandwidth, meanShift, meanShiftFilter, meanShiftSteps, segmentImage } from '../../src/index.js';
import { checkOptionNames, mergeOptions } from '../../src/util/options.js';

const DEFAULTS = { bandwidth: 1, kernel: 'flat', maxIterations: 300 };

describe('mergeOptions', () => {
  it('fills absent and undefined options with their defaults, keeps the others', () => {
    expect(mergeOptions('f', DEFAULTS, undefined)).toEqual(DEFAULTS);
    expect(mergeOptions('f', DEFAULTS, {})).toEqual(DEFAULTS);
    expect(mergeOptions('f', DEFAULTS, { bandwidth: undefined, kernel: 'gaussian' })).toEqual({ bandwidth: 1, kernel: 'gaussian', maxIterations: 300 });
    // falsy values are values, not defaults
    expect(mergeOptions('f', DEFAULTS, { bandwidth: 0, kernel: '' })).toEqual({ bandwidth: 0, kernel: '', maxIterations: 300 });
    // options without a default pass through as given
    expect(mergeOptions('f', DEFAULTS, { seeds: [[1]] }, ['seeds'])).toEqual({ ...DEFAULTS, seeds: [[1]] });
  });

  it('does not change the defaults it is given', () => {
    const defaults = { a: 1 };
    mergeOptions('f', defaults, { a: 2 });
    expect(defaults).toEqual({ a: 1 });
  });

  it('names the nearest valid option for a misspelt one', () => {
    expect(() => mergeOptions('meanShift', DEFAULTS, { bandwith: 0.3 })).toThrow(
      new TypeError('unknown option "bandwith" for meanShift; did you mean "bandwidth"?'),
    );
    expect(() => mergeOptions('meanShift', DEFAULTS, { Kernel: 'flat' })).toThrow('did you mean "kernel"?');
    expect(() => mergeOptions('meanShift', DEFAULTS, { maxIterartions: 3 })).toThrow('did you mean "maxIterations"?');
    expect(() => mergeOptions('meanShift', DEFAULTS, { sedes: [] }, ['seeds'])).toThrow('did you mean "seeds"?');
  });

  it('lists the options when no name is close', () => {
    expect(() => mergeOptions('meanShift', DEFAULTS, { colour: 'red' })).toThrow(
      new TypeError('unknown option "colour" for meanShift; the options are "bandwidth", "kernel", "maxIterations"'),
    );
  });

  it('refuses options that are not an object', () => {
    expect(() => checkOptionNames('meanShift', 3, ['a'])).toThrow(new TypeError('the options of meanShift must be an object, got number'));
    expect(() => checkOptionNames('meanShift', null, ['a'])).toThrow('got null');
    expect(() => checkOptionNames('meanShift', [1], ['a'])).toThrow('got an array');
  });
});

describe('every entry point: undefined means default, a misspelt name throws', () => {
  const points = [[1], [1.5], [2], [10], [10.5], [11]];
  const image = { data: new Uint8ClampedArray(8 * 8 * 4).fill(200), width: 8, height: 8 };

  it('meanShift, meanShiftSteps, estimateBandwidth', () => {
    const ref = meanShift(points, { bandwidth: 2 });
    expect(meanShift(points, { bandwidth: 2, kernel: undefined, binSeeding: undefined, seeds: undefined })).toMatchObject({
      clusterCenters: ref.clusterCenters,
      labels: ref.labels,
    });
    expect(() => meanShift(points, { bandwith: 0.3 } as never)).toThrow('unknown option "bandwith" for meanShift; did you mean "bandwidth"?');
    expect(() => [...meanShiftSteps(points, { bandwidth: 2, binSeed: true } as never)]).toThrow(
      'unknown option "binSeed" for meanShiftSteps; did you mean "binSeeding"?',
    );
    expect(estimateBandwidth(points, { quantile: undefined, nSamples: undefined })).toBe(estimateBandwidth(points));
    expect(() => estimateBandwidth(points, { quantil: 0.5 } as never)).toThrow('did you mean "quantile"?');
  });

  it('meanShift takes number[][], typed-array rows and a matrix object alike', () => {
    const ref = meanShift(points, { bandwidth: 2 });
    const typed = meanShift(points.map((p) => Float64Array.from(p)), { bandwidth: 2 });
    const matrix = meanShift(new Matrix(points), { bandwidth: 2 });
    const plain = meanShift({ rows: 6, columns: 1, to2DArray: () => points }, { bandwidth: 2 });
    for (const r of [typed, matrix, plain]) expect({ c: r.clusterCenters, l: r.labels }).toEqual({ c: ref.clusterCenters, l: ref.labels });
    expect(matrix.predict(new Matrix([[10.2], [1.1]]))).toEqual(ref.predict([[10.2], [1.1]]));
    expect(() => meanShift({ rows: 2 } as never)).toThrow(TypeError);
  });

  it('createTracker and the classic trackers', () => {
    // undefined is the default for every method's options
    expect(createTracker({ method: 'camshift', bins: undefined, range: undefined, criteria: undefined }).method).toBe('camshift');
    expect(createTracker({ method: 'meanshift', colorModel: undefined }).method).toBe('meanshift');
    expect(createTracker({ method: undefined }).method).toBe('robust');
    expect(() => createTracker({ method: 'camshift', bin: 8 } as never)).toThrow(
      new TypeError('unknown option "bin" for createTracker; did you mean "bins"?'),
    );
    expect(() => createTracker({ methd: 'camshift' } as never)).toThrow('did you mean "method"?');
    // the criteria object is read the same way
    expect(() => createTracker({ method: 'camshift', criteria: { maxIteration: 3 } as never })).toThrow(
      'unknown option "maxIteration" for criteria; did you mean "maxIterations"?',
    );
    // a bad value is still a RangeError naming the fix
    expect(() => createTracker({ method: 'camshift', bins: 0 })).toThrow(new RangeError('bins must be an integer in 1..180, got 0'));
  });

  it('meanShiftFilter and segmentImage', () => {
    expect(meanShiftFilter(image, { spatialRadius: undefined, colorSpace: undefined }).data).toEqual(meanShiftFilter(image).data);
    expect(segmentImage(image, { minRegionSize: undefined }).regionCount).toBe(1);
    expect(() => meanShiftFilter(image, { spatialRaduis: 3 } as never)).toThrow(
      'unknown option "spatialRaduis" for meanShiftFilter; did you mean "spatialRadius"?',
    );
    expect(() => segmentImage(image, { colourRadius: 3 } as never)).toThrow('unknown option "colourRadius" for segmentImage; did you mean "colorRadius"?');
  });
});
