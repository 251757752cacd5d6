import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { call, delay, drainAll, finalStatus, submit } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ tokenDelayMs: 1 });
});
afterAll(async () => {
  await emu.close();
});

const streamed = { prompt: 'fault me', stream: true, sampling_params: { max_tokens: 60 } };

describe('job-level faults', () => {
  it('fail: FAILED mid-stream with the proxy repr of "Request to vLLM failed" (never an HTTP status mid-stream); next job is fine', async () => {
    emu.setFaults([{ name: 'fail' }]);
    const id = await submit(emu, streamed);
    const { items, replies } = await drainAll(emu, id);
    expect(replies.at(-1)?.status).toBe('FAILED');
    expect(items.length).toBeGreaterThanOrEqual(1);
    const done = await finalStatus(emu, id);
    expect(done.output).toBeUndefined();
    expect(done.error).toBe(
      "{'message': 'Request to vLLM failed: Injected fault: the request was rejected mid-generation.', 'type': 'worker_error', 'code': None}",
    );
    const next = await submit(emu, streamed);
    expect((await finalStatus(emu, next)).status).toBe('COMPLETED');
  });

  it('fail-legacy uses the legacy engine repr', async () => {
    emu.setFaults([{ name: 'fail-legacy' }]);
    const done = await finalStatus(emu, await submit(emu, streamed));
    expect(done.status).toBe('FAILED');
    expect(done.error).toMatch(
      /^\{'error': \{'message': '.+', 'type': 'BadRequestError', 'param': None, 'code': 400\}\}$/,
    );
  });

  it('error-in-output: COMPLETED with an {error: {...}} dict item in the output', async () => {
    emu.setFaults([{ name: 'error-in-output' }]);
    const done = await finalStatus(emu, await submit(emu, streamed));
    expect(done.status).toBe('COMPLETED');
    expect(done.output.at(-1)).toEqual({
      error: {
        object: 'error',
        message: 'Injected fault: error yielded as output (runpod SDK < 1.7.7)',
        type: 'BadRequestError',
        param: null,
        code: 400,
      },
    });
  });

  it('timeout and cancel-remote end the job mid-generation; count applies per job', async () => {
    emu.setFaults([{ name: 'timeout', count: 2 }, { name: 'cancel-remote' }]);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await submit(emu, streamed));
    const statuses: string[] = [];
    for (const id of ids) statuses.push((await finalStatus(emu, id)).status);
    expect(statuses).toEqual(['TIMED_OUT', 'TIMED_OUT', 'CANCELLED', 'COMPLETED']);
    expect(emu.jobs().find((j) => j.id === ids[2])?.cancelled).toBe(false);
  });

  it('never-end stays IN_PROGRESS emitting nothing; stuck-queue stays IN_QUEUE', async () => {
    emu.setFaults([{ name: 'never-end' }, { name: 'stuck-queue' }]);
    const a = await submit(emu, streamed);
    const b = await submit(emu, streamed);
    await delay(80);
    const ra = await call(emu, 'GET', `/v2/ep1/stream/${a}?wait=1000`);
    expect(ra.json).toEqual({ status: 'IN_PROGRESS', stream: [] });
    expect((await call(emu, 'GET', `/v2/ep1/status/${b}`)).json.status).toBe('IN_QUEUE');
    await call(emu, 'POST', `/v2/ep1/cancel/${a}`);
    await call(emu, 'POST', `/v2/ep1/cancel/${b}`);
  });

  it('utf8-split cuts a character across two stream items, both showing U+FFFD', async () => {
    emu.setFaults([{ name: 'utf8-split' }]);
    const input = { prompt: 'unicode please', stream: true, sampling_params: { max_tokens: 80 } };
    const text = emu.generate(input)[0]!;
    expect(text).toMatch(/[^\x00-\x7f]/);
    const done = await finalStatus(emu, await submit(emu, input));
    const items = done.output as string[];
    const i = items.findIndex((s) => s.endsWith('\uFFFD'));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(items[i + 1]!.startsWith('\uFFFD')).toBe(true);
    const clean = await finalStatus(emu, await submit(emu, input));
    expect((clean.output as string[]).join('')).not.toContain('\uFFFD');
  });

  it('route restricts a job fault to jobs created on that route', async () => {
    emu.setFaults([{ name: 'fail', route: 'runsync' }]);
    expect((await finalStatus(emu, await submit(emu, streamed))).status).toBe('COMPLETED');
    const r = await call(emu, 'POST', '/v2/ep1/runsync', { input: streamed });
    expect(r.json.status).toBe('FAILED');
  });
});
