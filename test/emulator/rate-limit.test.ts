// Runpod's per-endpoint request windows: the spec parser, the limiter on a fake clock, and the
// HTTP answers (a bare 429 by default, Retry-After when asked for).
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorUsageError } from '../../src/emulator/errors.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { parseRateLimit, RateLimiter, RUNPOD_LIMITS } from '../../src/emulator/rate-limit.js';
import { AUTH, call, delay, submit } from './helpers.js';

let emu: Emulator;
afterEach(async () => {
  await emu?.close();
});

describe('parseRateLimit', () => {
  it.each([
    ['off', undefined],
    ['runpod', RUNPOD_LIMITS],
    ['run=5/1s', { run: { count: 5, windowMs: 1000 } }],
    ['status-sync=7/500ms:2', { status: { count: 7, windowMs: 500, concurrent: 2 } }],
  ])('%s', (spec, want) => {
    expect(parseRateLimit(spec)).toEqual(want);
  });

  it('runpod/<k> divides every count (at least 1) and keeps the windows; later items win', () => {
    const l = parseRateLimit('runpod/100,cancel=9/2s')!;
    expect(l.run).toEqual({ count: 10, windowMs: 10_000, concurrent: 2 });
    expect(l['purge-queue']).toEqual({ count: 1, windowMs: 10_000 });
    expect(l.cancel).toEqual({ count: 9, windowMs: 2000 });
  });

  it.each(['run=0/1s', 'health=1/1s', 'run=1', 'runpod/0.5', 'run=1/never'])('rejects %s', (spec) => {
    expect(() => parseRateLimit(spec)).toThrow(EmulatorUsageError);
  });
});

describe('RateLimiter', () => {
  it('counts per endpoint and group in a sliding window, and says when a slot frees', () => {
    const rl = new RateLimiter();
    const limits = { run: { count: 2, windowMs: 1000 } };
    expect(rl.admit(limits, 'a', 'run', 0).ok).toBe(true);
    expect(rl.admit(limits, 'a', 'run', 400).ok).toBe(true);
    expect(rl.admit(limits, 'a', 'run', 500)).toEqual({ ok: false, retryAfterS: 1 });
    expect(rl.admit(limits, 'b', 'run', 500).ok).toBe(true);
    expect(rl.admit(limits, 'a', 'status', 500).ok).toBe(true);
    expect(rl.admit(limits, 'a', 'run', 1001).ok).toBe(true);
    expect(rl.admit({ run: { count: 1, windowMs: 10_000 } }, 'c', 'run', 0).ok).toBe(true);
    expect(rl.admit({ run: { count: 1, windowMs: 10_000 } }, 'c', 'run', 2500)).toEqual({ ok: false, retryAfterS: 8 });
  });

  it('caps requests in flight until they are done', () => {
    const rl = new RateLimiter();
    const limits = { stream: { count: 100, windowMs: 1000, concurrent: 1 } };
    const first = rl.admit(limits, 'a', 'stream', 0);
    expect(rl.admit(limits, 'a', 'stream', 1).ok).toBe(false);
    if (first.ok) first.done();
    expect(rl.admit(limits, 'a', 'stream', 2).ok).toBe(true);
  });
});

describe('over HTTP', () => {
  it('answers a bare 429 (no Retry-After, text body) past the window; other routes and endpoints are unaffected', async () => {
    emu = await startEmulator({ tokenDelayMs: 0, rateLimit: 'run=3/10s' });
    for (let i = 0; i < 3; i++) await submit(emu, { prompt: `r${i}` });
    const over = await call(emu, 'POST', '/v2/ep1/run', { input: { prompt: 'too many' } });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBeNull();
    expect(over.text).toBe('Too Many Requests');
    expect((await call(emu, 'GET', '/v2/ep1/health')).status).toBe(200);
    await submit(emu, { prompt: 'other endpoint' }, 'ep2');
    expect(emu.jobs().filter((j) => j.endpointId === 'ep1')).toHaveLength(3);
    expect(emu.requests().filter((r) => r.rateLimited)).toHaveLength(1);
    emu.configure({ rateLimit: null });
    await submit(emu, { prompt: 'limits off again' });
  });

  it('adds Retry-After when rateLimitRetryAfter is on', async () => {
    emu = await startEmulator({
      tokenDelayMs: 0,
      rateLimit: { status: { count: 1, windowMs: 5000 } },
      rateLimitRetryAfter: true,
    });
    const id = await submit(emu, { prompt: 'x' });
    expect((await call(emu, 'GET', `/v2/ep1/status/${id}`)).status).toBe(200);
    const over = await call(emu, 'GET', `/v2/ep1/status-sync/${id}`);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
  });

  it('a held /stream poll counts as in flight against the concurrent cap', async () => {
    emu = await startEmulator({ tokenDelayMs: 0, workers: 0, rateLimit: 'stream=100/10s:1' });
    const id = await submit(emu, { prompt: 'held', stream: true });
    const held = fetch(`${emu.baseUrl}/ep1/stream/${id}?wait=1500`, { headers: AUTH });
    await delay(100);
    expect((await call(emu, 'GET', `/v2/ep1/stream/${id}?wait=1000`)).status).toBe(429);
    expect((await held).status).toBe(200);
    expect((await call(emu, 'GET', `/v2/ep1/stream/${id}?wait=1000`)).status).toBe(200);
  });
});
