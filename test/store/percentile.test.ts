// Nearest-rank percentiles: the value at rank ceil(p/100 * n), always one of the values.
import { describe, expect, test } from 'vitest';
import { nearestRank, summarize } from '../../src/store/percentile.js';

describe('nearestRank', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  test.each([
    [ten, 50, 5],
    [ten, 95, 10],
    [ten, 90, 9],
    [ten, 10, 1],
    [ten, 11, 2],
    [ten, 100, 10],
    [ten, 0, 1],
    [[7], 50, 7],
    [[7], 95, 7],
    [[1, 2], 50, 1],
    [[1, 2], 51, 2],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 75, 3],
    [Array.from({ length: 20 }, (_, i) => i + 1), 95, 19],
    [Array.from({ length: 21 }, (_, i) => i + 1), 95, 20],
  ])('%j p%d = %d', (values, p, want) => {
    expect(nearestRank(values, p)).toBe(want);
  });

  test('no values: undefined', () => {
    expect(nearestRank([], 50)).toBeUndefined();
  });
});

describe('summarize', () => {
  test('sorts before ranking and reports the max', () => {
    expect(summarize([41000, 900, 5200, 1200, 300])).toEqual({ p50: 1200, p95: 41000, max: 41000 });
  });
  test('nothing to summarize: nulls', () => {
    expect(summarize([])).toEqual({ p50: null, p95: null, max: null });
  });
});
