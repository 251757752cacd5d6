// The summary's numbers (percentiles, throughput, cost) and the progress line's text.
import { describe, expect, test } from 'vitest';
import { progressLine } from '../../src/batch/progress.js';
import { BatchStats, Sample, summarize, summaryText } from '../../src/batch/stats.js';

describe('Sample', () => {
  test('nearest-rank p50 and p95, exact below the cap', () => {
    const s = new Sample();
    for (let v = 1; v <= 100; v++) s.add(v);
    expect(s.quantile(0.5)).toBe(50);
    expect(s.quantile(0.95)).toBe(95);
    expect(new Sample().quantile(0.5)).toBeNull();
  });

  test('past the cap it stays a bounded sample of the values', () => {
    const s = new Sample(10, () => 0.999);
    for (let v = 1; v <= 1000; v++) s.add(v);
    expect(s.quantile(1)).toBeLessThanOrEqual(10);
  });
});

describe('summary', () => {
  test('counts, throughput, tokens/s, cost only when priced', () => {
    const st = new BatchStats(0);
    st.total = 5;
    st.skipped = 1;
    st.finished(true, { delayMs: 100, executionMs: 1000, completionTokens: 50, costUsd: 0.5 });
    st.finished(true, { delayMs: 300, executionMs: 3000, completionTokens: 150, costUsd: 1.5 });
    st.finished(false, { delayMs: null, executionMs: null, costUsd: null });
    const s = summarize(st, { batchId: 'b', status: 'failed', remaining: 1, httpRequests: { run: 3 }, now: 2000 });
    expect(s).toMatchObject({
      succeeded: 2,
      failed: 1,
      skipped: 1,
      remaining: 1,
      requestsPerSecond: 1.5,
      tokensPerSecond: 100,
      costUsd: 2,
    });
    expect(s.queueMs).toEqual({ p50: 100, p95: 300 });
    expect(summaryText(s)).toMatch(/estimated cost \$2\.0000 \(estimate\)/);
    const unpriced = summarize(new BatchStats(0), {
      batchId: 'b',
      status: 'completed',
      remaining: 0,
      httpRequests: {},
      now: 10,
    });
    expect(unpriced.costUsd).toBeNull();
    expect(summaryText({ ...unpriced, possiblyDuplicated: 2 })).toMatch(/2 request\(s\) possibly ran twice/);
  });
});

describe('progressLine', () => {
  test('done, failed, in flight, rates and ETA', () => {
    const st = new BatchStats(0);
    st.total = 100;
    st.inFlight = 8;
    for (let i = 0; i < 20; i++)
      st.finished(i > 0, { delayMs: 1, executionMs: 1, completionTokens: 10, costUsd: null });
    st.health = { inQueue: 3, inProgress: 5 };
    expect(progressLine(st, 16, 10_000)).toBe(
      'batch: 19 done, 1 failed, 8 in flight (limit 16, 3 queued / 5 running), 2.0 req/s, 20 tok/s, ETA 40s',
    );
  });
});
