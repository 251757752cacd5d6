// The adaptive concurrency policy, table by table: where it starts, how it grows, when and how far
// it backs off, Retry-After pauses, its limits, and a fixed --concurrency.
import { describe, expect, test } from 'vitest';
import {
  admission,
  DEFAULT_PAUSE_MS,
  initialPolicy,
  MAX_AUTO,
  onJobDone,
  onRateLimited,
  pauseFor,
  toleranceMs,
  type PolicyState,
} from '../../src/batch/concurrency-policy.js';

const done = (s: PolicyState, delayMs: number, now: number, inFlight = s.limit, executionMs = 200) =>
  onJobDone(s, { delayMs, executionMs, inFlight }, now);

describe('start', () => {
  test.each([
    { workers: 0, perWorker: undefined, expected: 30 },
    { workers: 3, perWorker: undefined, expected: 90 },
    { workers: 4, perWorker: 8, expected: 32 },
    { workers: 100, perWorker: 30, expected: MAX_AUTO },
  ])('$workers workers x $perWorker per worker -> $expected', ({ workers, perWorker, expected }) => {
    expect(initialPolicy({ workers, perWorker }).limit).toBe(expected);
  });

  test('--concurrency fixes the limit', () => {
    const s = initialPolicy({ fixed: 7, workers: 10 });
    expect(s).toMatchObject({ limit: 7, max: 7, fixed: true });
  });
});

describe('growth', () => {
  test('slow start adds one per prompt completion while the limit is what holds the batch back', () => {
    let s = initialPolicy({ workers: 1, perWorker: 4 });
    for (let i = 0; i < 4; i++) s = done(s, 5, 1000 + i);
    expect(s.limit).toBe(8);
  });

  test('no growth when fewer jobs are in flight than the limit allows', () => {
    let s = initialPolicy({ workers: 1, perWorker: 4 });
    for (let i = 0; i < 4; i++) s = done(s, 5, 1000 + i, 1);
    expect(s.limit).toBe(4);
  });

  test('after a back-off, growth is one per window of completions', () => {
    let s = initialPolicy({ workers: 1, perWorker: 10 });
    s = onRateLimited(s, {}, 0);
    expect(s.limit).toBe(5);
    for (let i = 0; i < 4; i++) s = done(s, 5, 5000 + i);
    expect(s.limit).toBe(5);
    s = done(s, 5, 5005);
    expect(s.limit).toBe(6);
  });

  test('growth stops at max', () => {
    let s = { ...initialPolicy({ workers: 1, perWorker: 3 }), max: 4 };
    for (let i = 0; i < 10; i++) s = done(s, 5, 1000 + i);
    expect(s.limit).toBe(4);
  });
});

describe('back-off on queue delay', () => {
  test('a delay far above the baseline cuts the limit by a quarter; a small rise only holds it', () => {
    let s = initialPolicy({ workers: 2, perWorker: 20 });
    s = done(s, 10, 1000);
    const limit = s.limit;
    const tol = toleranceMs(s);
    const held = done(s, 10 + tol * 1.5, 1001);
    expect(held.limit).toBe(limit);
    const cut = done(s, 10 + tol * 2 + 50, 1001);
    expect(cut.limit).toBe(Math.floor(limit * 0.75));
    expect(cut.slowStart).toBe(false);
  });

  test('one cut per cool-down, however many slow jobs report in it', () => {
    let s = done(initialPolicy({ workers: 4, perWorker: 25 }), 10, 0);
    s = done(s, 5000, 10);
    const once = s.limit;
    for (let i = 0; i < 20; i++) s = done(s, 5000, 20 + i);
    expect(s.limit).toBe(once);
    s = done(s, 5000, 60_000);
    expect(s.limit).toBeLessThan(once);
  });

  test('no cut for a slow start while workers are still cold-starting', () => {
    const warm = done(initialPolicy({ workers: 1, perWorker: 30 }), 10, 0);
    const cold = onJobDone(warm, { delayMs: 20_000, executionMs: 200, inFlight: 30, coldStart: true }, 100);
    expect(cold.limit).toBe(warm.limit);
    const notCold = onJobDone(warm, { delayMs: 20_000, executionMs: 200, inFlight: 30 }, 100);
    expect(notCold.limit).toBeLessThan(warm.limit);
  });

  test('never below 1', () => {
    let s = initialPolicy({ workers: 1, perWorker: 1 });
    for (let i = 0; i < 5; i++) s = onRateLimited(s, {}, i * 100_000);
    expect(s.limit).toBe(1);
  });
});

describe('429 and Retry-After', () => {
  test.each([
    { retryAfterMs: undefined, pause: DEFAULT_PAUSE_MS },
    { retryAfterMs: 200, pause: DEFAULT_PAUSE_MS },
    { retryAfterMs: 7000, pause: 7000 },
  ])('Retry-After $retryAfterMs ms pauses submissions for $pause ms', ({ retryAfterMs, pause }) => {
    const s = onRateLimited(initialPolicy({ workers: 1, perWorker: 10 }), { retryAfterMs }, 50_000);
    expect(admission(s, 0, 50_000 + pause - 1)).toEqual({ ok: false, waitMs: 1 });
    expect(admission(s, 0, 50_000 + pause)).toEqual({ ok: true });
  });

  test('a 429 halves the limit; a fixed limit only pauses', () => {
    expect(onRateLimited(initialPolicy({ workers: 2, perWorker: 10 }), {}, 0).limit).toBe(10);
    const fixed = onRateLimited(initialPolicy({ fixed: 12, workers: 0 }), { retryAfterMs: 3000 }, 0);
    expect(fixed.limit).toBe(12);
    expect(admission(fixed, 0, 2999).ok).toBe(false);
  });

  test('a refused submission pauses without changing the limit; a longer pause is never shortened', () => {
    const s = pauseFor(initialPolicy({ fixed: 4, workers: 0 }), 2000, 100);
    expect(s.limit).toBe(4);
    expect(admission(s, 0, 2099).ok).toBe(false);
    expect(admission(pauseFor(s, 10, 200), 0, 2099).ok).toBe(false);
    expect(admission(s, 0, 2100).ok).toBe(true);
  });

  test('admission says no at the limit and yes below it', () => {
    const s = initialPolicy({ fixed: 3, workers: 0 });
    expect(admission(s, 2, 0)).toEqual({ ok: true });
    expect(admission(s, 3, 0)).toEqual({ ok: false });
  });

  test('a fixed limit never grows or shrinks on delays', () => {
    let s = initialPolicy({ fixed: 5, workers: 0 });
    for (let i = 0; i < 10; i++) s = done(s, i % 2 ? 10 : 50_000, i * 100_000);
    expect(s.limit).toBe(5);
  });
});
