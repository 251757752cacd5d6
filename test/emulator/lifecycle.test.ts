import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { call, delay, finalStatus, submit } from './helpers.js';

let emu: Emulator;
afterEach(async () => {
  await emu?.close();
});

const prompt = { prompt: 'Write a haiku', sampling_params: { max_tokens: 12 } };

describe('job lifecycle', () => {
  it('goes IN_QUEUE -> IN_PROGRESS -> COMPLETED with timings, worker and list output', async () => {
    emu = await startEmulator({ tokenDelayMs: 15 });
    const id = await submit(emu, prompt);
    expect(id).toMatch(/^[0-9a-f-]{36}-[ue][12]$/);
    const early = await call(emu, 'GET', `/v2/ep1/status/${id}`);
    expect(['IN_QUEUE', 'IN_PROGRESS']).toContain(early.json.status);
    expect(early.json.output).toBeUndefined();
    await delay(40);
    const mid = await call(emu, 'POST', `/v2/ep1/status/${id}`);
    expect(mid.json.status).toBe('IN_PROGRESS');
    expect(typeof mid.json.delayTime).toBe('number');
    expect(mid.json.workerId).toMatch(/^[a-z0-9]{14}$/);
    const done = await finalStatus(emu, id);
    expect(done.status).toBe('COMPLETED');
    expect(done.executionTime).toBeGreaterThanOrEqual(12 * 15 - 20);
    expect(Array.isArray(done.output)).toBe(true);
    expect(done.output).toHaveLength(1);
    expect(done.output[0].choices[0].text).toBe(emu.generate(prompt)[0]);
  });

  it('runsync returns the final status when fast, the live status with the id when not', async () => {
    emu = await startEmulator({ tokenDelayMs: 1 });
    const fast = await call(emu, 'POST', '/v2/ep1/runsync', { input: prompt });
    expect(fast.json.id).toMatch(/^sync-/);
    expect(fast.json.status).toBe('COMPLETED');
    expect(fast.json.output).toHaveLength(1);
    emu.configure({ tokenDelayMs: 200 });
    const started = Date.now();
    const slow = await call(emu, 'POST', '/v2/ep1/runsync?wait=10', { input: prompt });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(['IN_QUEUE', 'IN_PROGRESS']).toContain(slow.json.status);
    expect(slow.json.id).toMatch(/^sync-/);
    const status = await call(emu, 'GET', `/v2/ep1/status/${slow.json.id}`);
    expect(status.status).toBe(200);
  });

  it('fails a job whose input has no known shape with the worker repr error', async () => {
    emu = await startEmulator({ tokenDelayMs: 1 });
    const id = await submit(emu, { text: 'hello' });
    const done = await finalStatus(emu, id);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe(
      "{'message': 'Job input must contain one of: openai_input (+openai_route), route (+body), or prompt/messages.', 'type': 'worker_error', 'code': None}",
    );
    expect(done.output).toBeUndefined();
  });

  it('enforces policy.executionTimeout as TIMED_OUT and policy.ttl as 404, records the webhook', async () => {
    emu = await startEmulator({ tokenDelayMs: 50 });
    const long = { prompt: 'x', sampling_params: { max_tokens: 1000 } };
    const timed = await submit(emu, long, 'ep1', {
      policy: { executionTimeout: 150 },
      webhook: 'https://example.invalid/hook',
    });
    const gone = await submit(emu, long, 'ep1', { policy: { ttl: 150 } });
    expect((await finalStatus(emu, timed)).status).toBe('TIMED_OUT');
    expect(emu.jobs().find((j) => j.id === timed)?.webhook).toBe('https://example.invalid/hook');
    await delay(60);
    expect((await call(emu, 'GET', `/v2/ep1/status/${gone}`)).status).toBe(404);
    const bad = await call(emu, 'POST', '/v2/ep1/run', { input: prompt, policy: { ttl: 'soon' } });
    expect(bad.status).toBe(400);
  });

  it('keeps finished jobs for retentionMs, then answers 404', async () => {
    emu = await startEmulator({ tokenDelayMs: 0, retentionMs: 100 });
    const id = await submit(emu, prompt);
    await finalStatus(emu, id);
    expect((await call(emu, 'GET', `/v2/ep1/status/${id}`)).status).toBe(200);
    await delay(130);
    const r = await call(emu, 'GET', `/v2/ep1/status/${id}`);
    expect(r.status).toBe(404);
    expect(r.json).toBeTypeOf('object');
  });

  it('cancel stops generation at once; cancelling a finished job changes nothing', async () => {
    emu = await startEmulator({ tokenDelayMs: 10 });
    const id = await submit(emu, { prompt: 'go', stream: true, sampling_params: { max_tokens: 500 } });
    await delay(80);
    const c = await call(emu, 'POST', `/v2/ep1/cancel/${id}`, {});
    expect(c.json).toMatchObject({ id, status: 'CANCELLED' });
    const itemsAtCancel = emu.jobs().find((j) => j.id === id)!.outputItems;
    await delay(80);
    const view = emu.jobs().find((j) => j.id === id)!;
    expect(view.outputItems).toBe(itemsAtCancel);
    expect(view.cancelled).toBe(true);
    const again = await call(emu, 'POST', `/v2/ep1/cancel/${id}`);
    expect(again.json.status).toBe('CANCELLED');

    const done = await submit(emu, { prompt: 'go', sampling_params: { max_tokens: 2 } });
    await finalStatus(emu, done);
    const late = await call(emu, 'POST', `/v2/ep1/cancel/${done}`);
    expect(late.json.status).toBe('COMPLETED');
  });

  it('retry re-queues a FAILED job under the same ID, and only a FAILED or TIMED_OUT one', async () => {
    emu = await startEmulator({ tokenDelayMs: 1, faults: [{ name: 'fail' }] });
    const id = await submit(emu, { prompt: 'again', sampling_params: { max_tokens: 8 } });
    expect((await finalStatus(emu, id)).status).toBe('FAILED');
    const r = await call(emu, 'POST', `/v2/ep1/retry/${id}`);
    expect(r.json).toEqual({ id, status: 'IN_QUEUE' });
    const done = await finalStatus(emu, id);
    expect(done.status).toBe('COMPLETED');
    expect(done.output).toHaveLength(1);
    expect((await call(emu, 'POST', `/v2/ep1/retry/${id}`)).status).toBe(400);
    const health = await call(emu, 'GET', '/v2/ep1/health');
    expect(health.json.jobs).toMatchObject({ completed: 1, failed: 1, retried: 1 });
  });

  it('purge-queue removes queued jobs only', async () => {
    emu = await startEmulator({ tokenDelayMs: 1, faults: [{ name: 'stuck-queue', count: 2 }] });
    const a = await submit(emu, prompt);
    const b = await submit(emu, prompt);
    const c = await submit(emu, prompt);
    await finalStatus(emu, c);
    const r = await call(emu, 'POST', '/v2/ep1/purge-queue', {});
    expect(r.json).toEqual({ removed: 2, status: 'completed' });
    expect((await call(emu, 'GET', `/v2/ep1/status/${a}`)).status).toBe(404);
    expect((await call(emu, 'GET', `/v2/ep1/status/${b}`)).status).toBe(404);
    expect((await call(emu, 'GET', `/v2/ep1/status/${c}`)).status).toBe(200);
  });

  it('keeps jobs apart per endpoint ID', async () => {
    emu = await startEmulator({ tokenDelayMs: 0 });
    const id = await submit(emu, prompt, 'alpha');
    expect((await call(emu, 'GET', `/v2/beta/status/${id}`)).status).toBe(404);
    expect((await call(emu, 'GET', `/v2/alpha/status/${id}`)).status).toBe(200);
  });
});
