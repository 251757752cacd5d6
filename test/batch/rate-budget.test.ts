// The token buckets and send logs keep every route family within Runpod's per-window limits,
// whatever the demand, and slow down to a tighter real limit that only 429s reveal.
import { describe, expect, test } from 'vitest';
import {
  bucketFor,
  RUNPOD_LIMITS,
  SendLog,
  slowDown,
  speedUp,
  take,
  windowAllowance,
  WINDOW_SLACK_MS,
  type FamilyLimits,
} from '../../src/batch/rate-budget.js';

/** Sends as fast as the bucket and the send log allow for `ms` (as the gate does); returns the send times. */
function greedy(limits: FamilyLimits, ms: number): number[] {
  let b = bucketFor(limits, 0);
  const log = new SendLog(windowAllowance(limits), limits.windowMs + WINDOW_SLACK_MS);
  const sent: number[] = [];
  let now = 0;
  while (now < ms) {
    const t = take(b, now);
    b = t.bucket;
    if (t.waitMs > 0) {
      now += t.waitMs;
      continue;
    }
    now += log.waitMs(now);
    log.add(now);
    sent.push(now);
  }
  return sent;
}

/** The most sends any window of `windowMs` holds. */
function busiest(sent: number[], windowMs: number): number {
  let max = 0;
  for (let i = 0, j = 0; i < sent.length; i++) {
    while (sent[i]! - sent[j]! >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

describe('token bucket and send log', () => {
  test.each(Object.entries(RUNPOD_LIMITS))('%s: no 10 s window holds more than 98% of the limit', (_family, limits) => {
    const sent = greedy(limits, 35_000);
    expect(busiest(sent, limits.windowMs)).toBeLessThanOrEqual(Math.floor(limits.perWindow * 0.98));
    // arrivals bunched by up to the slack still fit
    expect(busiest(sent, limits.windowMs + WINDOW_SLACK_MS)).toBeLessThanOrEqual(Math.floor(limits.perWindow * 0.98));
    // and the budget is used, not wasted: at least 93% of the limit over the run
    expect(sent.length).toBeGreaterThanOrEqual(Math.floor(((limits.perWindow * 35_000) / limits.windowMs) * 0.93));
  });

  test('a full log says when its oldest call leaves the window', () => {
    const log = new SendLog(3, 1000);
    for (const at of [0, 100, 200]) log.add(at);
    expect(log.waitMs(300)).toBe(700);
    expect(log.waitMs(1000)).toBe(0);
    log.add(1000);
    expect(log.waitMs(1000)).toBe(100);
  });

  test('an empty bucket says how long until the next token', () => {
    let b = bucketFor({ perWindow: 10, windowMs: 10_000, concurrent: 1 }, 0);
    b = take(b, 0).bucket;
    const t = take(b, 0);
    expect(t.waitMs).toBe(Math.ceil(1 / b.rate));
    expect(take(t.bucket, t.waitMs).waitMs).toBe(0);
  });
});

/**
 * Sends as fast as the bucket allows against a service whose real limit is `limit` per sliding
 * `windowMs` (tighter than the budget): a refused call slows the bucket down, an accepted one
 * speeds it up. Returns how many got through and how many were refused.
 */
function against(limit: number, windowMs: number, ms: number) {
  let b = bucketFor(RUNPOD_LIMITS.run, 0);
  const accepted: number[] = [];
  let refused = 0;
  let now = 0;
  while (now < ms) {
    const t = take(b, now);
    b = t.bucket;
    if (t.waitMs > 0) {
      now += t.waitMs;
      continue;
    }
    const recent = accepted.filter((at) => now - at < windowMs).length;
    if (recent < limit) {
      accepted.push(now);
      b = speedUp(b);
    } else {
      refused++;
      b = slowDown(b, now);
    }
  }
  return { accepted: accepted.length, refused };
}

describe('slowing down on 429', () => {
  test('a 429 empties the burst and halves the rate, once per second', () => {
    const b0 = bucketFor(RUNPOD_LIMITS.run, 0);
    const b1 = slowDown(b0, 0);
    expect(b1.rate).toBeCloseTo(b0.rate / 2);
    expect(b1.capacity).toBe(b0.capacity / 2);
    // no call for five gaps of the new rate (at least a quarter second)
    expect(take(b1, 0).waitMs).toBe(Math.max(250, Math.ceil(5 / b1.rate)));
    // more 429s of the same burst: the rate is cut once
    const b2 = slowDown(b1, 10);
    expect(b2.rate).toBe(b1.rate);
    expect(slowDown(b2, 1000).rate).toBeCloseTo(b0.rate / 4);
    // a Retry-After is waited out in full
    const b3 = slowDown(b0, 0, 5000);
    expect(take(b3, 4999).waitMs).toBeGreaterThan(0);
    expect(take(b3, 5000).waitMs).toBe(0);
  });

  test('the rate never drops below one call per 2 s and climbs back to the documented one', () => {
    let b = bucketFor(RUNPOD_LIMITS.run, 0);
    for (let i = 0; i < 40; i++) b = slowDown(b, i * 1000);
    expect(b.rate).toBeCloseTo(1 / 2000);
    expect(b.capacity).toBe(1);
    for (let i = 0; i < 1000; i++) b = speedUp(b);
    expect(b.rate).toBe(b.maxRate);
    expect(b.capacity).toBe(b.maxCapacity);
  });

  test.each([
    [250, 10_000],
    [30, 10_000],
    [50, 1_000],
  ])('a real limit of %i per %i ms: most of it used, refusals bounded', (limit, windowMs) => {
    const ms = 120_000;
    const { accepted, refused } = against(limit, windowMs, ms);
    const bound = (limit * ms) / windowMs;
    expect(accepted).toBeLessThanOrEqual(bound + limit);
    expect(accepted).toBeGreaterThanOrEqual(bound * 0.75);
    expect(refused).toBeLessThan(accepted * 0.25);
  });
});
