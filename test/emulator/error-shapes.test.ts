// The error and fault shapes clients meet (runpod-api.md 2.7, 7.3): vLLM's SSE error event in a
// COMPLETED job, the proxy worker's FAILED reasons, COMPLETED without output, the error of a
// terminal /stream reply, and every way the /openai route answers a failed job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AIOHTTP_PAYLOAD_ERROR, MODEL_ID, startEmulator, VLLM_DEAD, type Emulator } from '../../src/emulator/index.js';
import { AUTH, call, drainAll, finalStatus, parseSse, submit } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ tokenDelayMs: 1 });
});
afterAll(async () => {
  await emu.close();
});

const streamed = { prompt: 'shapes', stream: true, sampling_params: { max_tokens: 40 } };

describe('native job shapes', () => {
  it('vllm-error-event: data: {"error": {...}} then data: [DONE] inside a COMPLETED job', async () => {
    emu.configure({ worker: 'openai' });
    emu.setFaults([{ name: 'vllm-error-event' }]);
    const done = await finalStatus(emu, await submit(emu, streamed));
    expect(done.status).toBe('COMPLETED');
    expect(done.error).toBeUndefined();
    const text = (done.output as string[]).join('');
    expect(text).toMatch(
      /data: \{"error":\{"message":"Injected fault: [^"]+","type":"InternalServerError","param":null,"code":500\}\}\n\ndata: \[DONE\]\n\n$/,
    );
    const { events } = parseSse(text);
    expect(events.filter((e) => e.choices).length).toBeGreaterThan(0);
    expect(events.filter((e) => e.choices).length).toBeLessThan(40);
  });

  it.each([
    [
      'request-failed',
      `{'message': "Request to vLLM failed: ${AIOHTTP_PAYLOAD_ERROR}", 'type': 'worker_error', 'code': None}`,
    ],
    ['vllm-dead', `{'message': '${VLLM_DEAD}', 'type': 'worker_error', 'code': None}`],
  ] as const)('%s: FAILED with the proxy worker repr', async (fault, error) => {
    emu.configure({ worker: 'openai' });
    emu.setFaults([{ name: fault }]);
    const done = await finalStatus(emu, await submit(emu, streamed));
    expect(done).toMatchObject({ status: 'FAILED', error });
  });

  it('handler-error: "handler: <message> \\ntraceback: <traceback>" on both generations', async () => {
    for (const worker of ['openai', 'legacy'] as const) {
      emu.configure({ worker });
      emu.setFaults([{ name: 'handler-error' }]);
      const done = await finalStatus(emu, await submit(emu, streamed));
      expect(done.status).toBe('FAILED');
      expect(done.error).toMatch(
        /^handler: Injected fault: .+ \ntraceback: Traceback \(most recent call last\):\n[^]+\nRuntimeError: Injected fault: .+\n$/,
      );
    }
  });

  it('proxy-only faults stay armed on a legacy job', async () => {
    emu.configure({ worker: 'legacy' });
    emu.setFaults([{ name: 'vllm-dead' }]);
    expect((await finalStatus(emu, await submit(emu, streamed))).status).toBe('COMPLETED');
    expect(emu.jobs().at(-1)?.fault).toBeUndefined();
    emu.setFaults([]);
  });

  it('no-output: COMPLETED with no output key at all', async () => {
    emu.configure({ worker: 'openai' });
    emu.setFaults([{ name: 'no-output' }]);
    const done = await finalStatus(emu, await submit(emu, { prompt: 'x' }));
    expect(done.status).toBe('COMPLETED');
    expect(done).not.toHaveProperty('output');
    expect(done).not.toHaveProperty('error');
  });

  it('a terminal /stream reply of a FAILED job carries its error; stream-only-error hides it from /status', async () => {
    emu.configure({ worker: 'openai' });
    emu.setFaults([{ name: 'stream-only-error' }]);
    const id = await submit(emu, streamed);
    let last: any;
    for (let i = 0; i < 100; i++) {
      last = (await call(emu, 'GET', `/v2/ep1/stream/${id}?wait=2000`)).json;
      if (last.status === 'FAILED') break;
    }
    expect(last.status).toBe('FAILED');
    expect(last.error).toContain('Request to vLLM failed');
    const status = (await call(emu, 'GET', `/v2/ep1/status/${id}`)).json;
    expect(status.status).toBe('FAILED');
    expect(status).not.toHaveProperty('error');
    emu.setFaults([{ name: 'fail' }]);
    const other = await submit(emu, streamed);
    const { replies } = await drainAll(emu, other);
    expect(replies.at(-1)?.status).toBe('FAILED');
    expect((await call(emu, 'GET', `/v2/ep1/stream/${other}`)).json.error).toBe((await finalStatus(emu, other)).error);
  });
});

async function openaiCall(path: string, body: unknown) {
  const res = await fetch(`${emu.baseUrl}/ep1/openai/v1/${path}`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('/openai route failures', () => {
  const unknownModel = { model: 'nope', prompt: 'x', max_tokens: 5 };

  it.each([
    [
      'default',
      500,
      (t: string) =>
        expect(JSON.parse(t)).toMatchObject({
          error: { message: expect.stringContaining('does not exist'), code: 500 },
        }),
    ],
    [
      'openai-error-200',
      200,
      (t: string) =>
        expect(JSON.parse(t)).toEqual({
          error: { message: 'The model `nope` does not exist.', type: 'NotFoundError', param: null, code: 404 },
        }),
    ],
    [
      'openai-error-4xx',
      404,
      (t: string) =>
        expect(JSON.parse(t)).toEqual({
          error: { message: 'The model `nope` does not exist.', type: 'NotFoundError', param: 'model', code: 404 },
        }),
    ],
    [
      'openai-error-string',
      500,
      (t: string) =>
        expect(JSON.parse(t)).toEqual({ error: expect.stringMatching(/^\{'message': 'vLLM returned HTTP 404: /) }),
    ],
    [
      'openai-error-detail',
      500,
      (t: string) =>
        expect(JSON.parse(t)).toEqual({ detail: expect.stringMatching(/^\{'message': 'vLLM returned HTTP 404: /) }),
    ],
    ['openai-error-text', 500, (t: string) => expect(t).toMatch(/^\{'message': 'vLLM returned HTTP 404: /)],
  ] as const)('%s: an unknown model', async (fault, status, check) => {
    emu.configure({ worker: 'openai' });
    emu.setFaults(fault === 'default' ? [] : [{ name: fault, route: 'openai' }]);
    const r = await openaiCall('completions', unknownModel);
    expect(r.status).toBe(status);
    if (fault === 'openai-error-text') expect(r.type).toMatch(/^text\/plain/);
    check(r.text);
  });

  it('a relay fault on a valid request makes the job fail and answers in its shape', async () => {
    emu.setFaults([{ name: 'openai-error-detail', route: 'openai' }]);
    const r = await openaiCall('chat/completions', {
      model: MODEL_ID,
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 20,
    });
    expect(r.status).toBe(500);
    expect(JSON.parse(r.text)).toEqual({ detail: expect.stringContaining('Request to vLLM failed') });
    expect(emu.jobs().at(-1)).toMatchObject({ status: 'FAILED', relayFault: 'openai-error-detail' });
  });

  it('a stream that fails after it began ends with an error event and [DONE], never mid-event', async () => {
    emu.setFaults([{ name: 'fail', route: 'openai' }]);
    const r = await openaiCall('chat/completions', {
      model: MODEL_ID,
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 60,
      stream: true,
    });
    expect(r.status).toBe(200);
    const { events, done } = parseSse(r.text);
    expect(done).toBe(true);
    expect(events.at(-1)).toEqual({
      error: {
        message: expect.stringContaining('Request to vLLM failed'),
        type: 'InternalServerError',
        param: null,
        code: 500,
      },
    });
    expect(events.slice(0, -1).every((e) => e.object === 'chat.completion.chunk')).toBe(true);
  });

  it('openai-stream-cut: the stream stops without error event or [DONE]', async () => {
    emu.setFaults([{ name: 'openai-stream-cut', route: 'openai' }]);
    const r = await openaiCall('completions', { model: MODEL_ID, prompt: 'x', max_tokens: 60, stream: true });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('[DONE]');
    expect(r.text).not.toContain('"error"');
  });

  it('500-html: an edge HTML page', async () => {
    emu.setFaults([{ name: '500-html', route: 'openai' }]);
    const r = await openaiCall('completions', { model: MODEL_ID, prompt: 'x' });
    expect(r.status).toBe(500);
    expect(r.type).toMatch(/^text\/html/);
    expect(r.text).toMatch(/^<!DOCTYPE html>[^]*Error code 500/);
  });
});
