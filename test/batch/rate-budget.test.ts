// The token buckets keep every route family within Runpod's per-window limits, whatever the demand.
import { describe, expect, test } from 'vitest';
import { bucketFor, RUNPOD_LIMITS, take, type Bucket } from '../../src/batch/rate-budget.js';

/** Sends as fast as the bucket allows for `ms`; returns the send times. */
function greedy(b: Bucket, ms: number): number[] {
  const sent: number[] = [];
  let now = 0;
  while (now < ms) {
    const t = take(b, now);
    b = t.bucket;
    if (t.waitMs === 0) sent.push(now);
    else now += t.waitMs;
  }
  return sent;
}

describe('token bucket', () => {
  test.each(Object.entries(RUNPOD_LIMITS))('%s: no 10 s window holds more than the limit', (_family, limits) => {
    const sent = greedy(bucketFor(limits, 0), 35_000);
    let max = 0;
    for (let i = 0, j = 0; i < sent.length; i++) {
      while (sent[i]! - sent[j]! >= limits.windowMs) j++;
      max = Math.max(max, i - j + 1);
    }
    expect(max).toBeLessThanOrEqual(limits.perWindow);
    // and the budget is used, not wasted: at least 85% of the limit over the run
    expect(sent.length).toBeGreaterThanOrEqual(Math.floor(((limits.perWindow * 35_000) / limits.windowMs) * 0.85));
  });

  test('an empty bucket says how long until the next token', () => {
    let b = bucketFor({ perWindow: 10, windowMs: 10_000, concurrent: 1 }, 0);
    b = take(b, 0).bucket;
    const t = take(b, 0);
    expect(t.waitMs).toBe(Math.ceil(1 / b.rate));
    expect(take(t.bucket, t.waitMs).waitMs).toBe(0);
  });
});
