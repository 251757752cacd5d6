import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { KEY, call, delay, finalStatus, submit } from './helpers.js';

let emu: Emulator;
afterEach(async () => {
  await emu?.close();
});

describe('cold start and /health', () => {
  it('keeps the first job IN_QUEUE while the worker initializes, then shows it warm', async () => {
    emu = await startEmulator({ tokenDelayMs: 1, coldStartMs: 250, idleTimeoutMs: 200 });
    const idle = await call(emu, 'GET', '/v2/ep1/health');
    expect(idle.json).toEqual({
      jobs: { completed: 0, failed: 0, inProgress: 0, inQueue: 0, retried: 0 },
      workers: { idle: 0, initializing: 0, ready: 0, running: 0, throttled: 0, unhealthy: 0 },
    });
    const id = await submit(emu, { prompt: 'cold', sampling_params: { max_tokens: 3 } });
    await delay(100);
    const during = await call(emu, 'GET', '/v2/ep1/health');
    expect(during.json.workers.initializing).toBe(1);
    expect(during.json.jobs.inQueue).toBe(1);
    expect((await call(emu, 'GET', `/v2/ep1/status/${id}`)).json.status).toBe('IN_QUEUE');
    const done = await finalStatus(emu, id);
    expect(done.delayTime).toBeGreaterThanOrEqual(240);
    const warm = await call(emu, 'GET', '/v2/ep1/health');
    expect(warm.json.workers).toMatchObject({ idle: 1, initializing: 0, running: 0 });
    expect(warm.json.jobs.completed).toBe(1);
    const fast = await finalStatus(emu, await submit(emu, { prompt: 'warm', sampling_params: { max_tokens: 1 } }));
    expect(fast.delayTime).toBeLessThan(100);
    await delay(250);
    expect((await call(emu, 'GET', '/v2/ep1/health')).json.workers.idle).toBe(0);
  });
});

describe('auth and addressing', () => {
  it('accepts Bearer and bare keys; 401 with a JSON body for missing or wrong ones', async () => {
    emu = await startEmulator({ apiKey: KEY });
    expect((await call(emu, 'GET', '/v2/ep1/health', undefined, { authorization: `Bearer ${KEY}` })).status).toBe(200);
    expect((await call(emu, 'GET', '/v2/ep1/health', undefined, { authorization: KEY })).status).toBe(200);
    const missing = await call(emu, 'GET', '/v2/ep1/health', undefined, {});
    const wrong = await call(emu, 'GET', '/v2/ep1/health', undefined, { authorization: 'Bearer nope' });
    for (const r of [missing, wrong]) {
      expect(r.status).toBe(401);
      expect(r.json.error).toMatch(/Unauthorized/);
      expect(r.text).not.toContain('<');
    }
    expect(emu.requests().map((r) => r.auth)).toEqual(['bearer', 'bare', 'missing', 'wrong']);
    expect(JSON.stringify(emu.requests())).not.toContain(KEY);
  });

  it('accepts any non-empty key when none is configured', async () => {
    emu = await startEmulator();
    expect((await call(emu, 'GET', '/v2/ep1/health', undefined, { authorization: 'Bearer anything' })).status).toBe(
      200,
    );
    expect((await call(emu, 'GET', '/v2/ep1/health', undefined, { authorization: 'Bearer ' })).status).toBe(401);
  });

  it('404s unknown endpoints, jobs and paths; 400s malformed job IDs; 405s wrong methods', async () => {
    emu = await startEmulator();
    expect((await call(emu, 'GET', '/v2/missing-endpoint/health')).status).toBe(404);
    expect((await call(emu, 'GET', '/v2/ep1/status/no-such-job-u1')).status).toBe(404);
    expect((await call(emu, 'GET', '/v2/ep1/nothing')).status).toBe(404);
    expect((await call(emu, 'GET', '/v2/bad.id/health')).status).toBe(404);
    expect((await call(emu, 'GET', '/v2/ep1/status/bad%20id')).status).toBe(400);
    expect((await call(emu, 'GET', '/v2/ep1/run')).status).toBe(405);
    expect((await call(emu, 'POST', '/v2/ep1/run', { prompt: 'no input' })).status).toBe(400);
    const notJson = await fetch(`${emu.baseUrl}/ep1/run`, {
      method: 'POST',
      headers: { authorization: 'k' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect(emu.count('status')).toBe(2);
    expect(emu.count('run')).toBe(3);
  });
});
