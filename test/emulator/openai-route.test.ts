import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_ID, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { AUTH, call, parseSse, textsFromChunks } from './helpers.js';

let emu: Emulator;
afterEach(async () => {
  await emu?.close();
});

describe('/openai/v1 route', () => {
  it('lists the served model', async () => {
    emu = await startEmulator({ tokenDelayMs: 0 });
    const r = await call(emu, 'GET', '/v2/ep1/openai/v1/models');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ object: 'list', data: [{ id: MODEL_ID, object: 'model', owned_by: 'vllm' }] });
    expect(emu.count('openai')).toBe(1);
  });

  it('answers a non-streaming completion with the single OpenAI body', async () => {
    emu = await startEmulator({ tokenDelayMs: 0 });
    const body = { model: MODEL_ID, prompt: 'plain', max_tokens: 9 };
    const r = await call(emu, 'POST', '/v2/ep1/openai/v1/completions', body);
    expect(r.status).toBe(200);
    expect(r.json.object).toBe('text_completion');
    const texts = emu.generate({ openai_route: '/v1/completions', openai_input: body });
    expect(r.json.choices[0].text).toBe(texts[0]);
  });

  it('streams chat as text/event-stream in several writes, ending with [DONE]', async () => {
    emu = await startEmulator({ tokenDelayMs: 1 });
    const body = {
      model: MODEL_ID,
      messages: [{ role: 'user', content: 'stream 日本' }],
      max_tokens: 30,
      stream: true,
    };
    const res = await fetch(`${emu.baseUrl}/ep1/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(chunks.length).toBeGreaterThan(1);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const sse = parseSse(text);
    expect(sse.events[0].object).toBe('chat.completion.chunk');
    expect(textsFromChunks(sse.events)).toEqual(
      emu.generate({ openai_route: '/v1/chat/completions', openai_input: body }),
    );
  });

  it('reports a failed job (unknown model) as HTTP 500 with a JSON error', async () => {
    emu = await startEmulator({ tokenDelayMs: 0 });
    const r = await call(emu, 'POST', '/v2/ep1/openai/v1/chat/completions', {
      model: 'nope',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(r.status).toBe(500);
    expect(r.json.error.message).toContain('does not exist');
  });

  it('cancels the job when a streaming client goes away', async () => {
    emu = await startEmulator({ tokenDelayMs: 10 });
    const ctrl = new AbortController();
    const res = await fetch(`${emu.baseUrl}/ep1/openai/v1/completions`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'long', max_tokens: 1000, stream: true }),
      signal: ctrl.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    ctrl.abort();
    await expect(reader.read()).rejects.toThrow();
    for (let i = 0; i < 50 && emu.jobs()[0]?.status !== 'CANCELLED'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(emu.jobs()[0]?.status).toBe('CANCELLED');
  });
});
