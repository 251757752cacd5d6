// The benchmark's verdicts agree with the figures it prints.
import { describe, expect, it } from 'vitest';
import { check, summarize } from '../../bench/stats.mjs';

const runs = (ms: number) => [{ wallMs: ms, cpuMs: null, maxRssKb: null, bytes: 0 }];

describe('bench verdicts', () => {
  it('judge a row on the rounded ratio it prints (2.504 reads 2.50x, a PASS against 2.5x)', () => {
    const row = summarize('status', 2.5, runs(250.4), runs(100));
    expect(row.ratio).toBe(2.5);
    expect(row.pass).toBe(true);
    expect(summarize('status', 2.5, runs(250.6), runs(100)).pass).toBe(false);
  });

  it('judge a ratio check the same way', () => {
    expect(check('p50', 2.004, 1, 'ratio', 2).pass).toBe(true);
    expect(check('p50', 2.006, 1, 'ratio', 2).pass).toBe(false);
  });
});
