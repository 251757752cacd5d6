import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/core/duration.js';
import { UsageError } from '../../src/core/errors.js';

describe('parseDuration', () => {
  const valid: Array<[string, number]> = [
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['2m05s', 125_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['.5m', 30_000],
    ['10', 10_000],
    ['0.25', 250],
    ['  45S ', 45_000],
    ['0', 0],
    ['1.0004s', 1000],
  ];
  it.each(valid)('%j -> %d ms', (text, ms) => {
    expect(parseDuration(text, '--timeout')).toBe(ms);
  });

  const invalid = [
    'abc',
    '',
    ' ',
    '-5s',
    '-1',
    '5 s',
    '5x',
    's',
    '1e3',
    '5m-',
    'Infinity',
    'NaN',
    '1,5s',
    '9'.repeat(400),
  ];
  it.each(invalid)('rejects %j with a UsageError naming the flag', (text) => {
    let caught: unknown;
    try {
      parseDuration(text, '--ttl');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).exitCode).toBe(2);
    expect((caught as Error).message).toBe(
      `--ttl must be a duration like 30s, 5m or 250ms (got ${JSON.stringify(text)})`,
    );
  });
});

describe('formatDuration', () => {
  const cases: Array<[number, string]> = [
    [0, '0ms'],
    [850, '850ms'],
    [999.4, '999ms'],
    [999.6, '1.0s'],
    [1234, '1.2s'],
    [59_949, '59.9s'],
    [59_960, '1m00s'],
    [125_000, '2m05s'],
    [3_599_400, '59m59s'],
    [3_599_600, '1h00m'],
    [3_720_000, '1h02m'],
    [90_000_000, '25h00m'],
    [-1500, '-1.5s'],
    [NaN, 'n/a'],
  ];
  it.each(cases)('%d ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('prints what parseDuration reads back, to the precision shown', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 86_400_000 }), (ms) => {
        const back = parseDuration(formatDuration(ms), 'x');
        const precision = ms < 1000 ? 0.5 : ms < 59_950 ? 50 : ms < 3_599_500 ? 500 : 30_000;
        expect(Math.abs(back - ms)).toBeLessThanOrEqual(precision);
      }),
      { numRuns: 500 },
    );
  });
});
