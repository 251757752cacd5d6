import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_ID, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { drainAll, finalStatus, parseSse, submit, textsFromChunks } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ tokenDelayMs: 0 });
});
afterAll(async () => {
  await emu.close();
});

async function output(input: unknown, worker: 'legacy' | 'openai') {
  emu.configure({ worker });
  const id = await submit(emu, input);
  const done = await finalStatus(emu, id);
  if (done.status !== 'COMPLETED') {
    expect(() => emu.generate(input)).toThrow(done.error);
    return { done, texts: [] };
  }
  return { done, texts: emu.generate(input) };
}

describe('legacy worker output', () => {
  it('streams token batches growing 1, 3, 9, 27, 50 with running usage', async () => {
    const input = { prompt: 'legacy stream', stream: true, sampling_params: { max_tokens: 120 } };
    const { done, texts } = await output(input, 'legacy');
    const sizes = done.output.map((item: { choices: { tokens: string[] }[] }) => item.choices[0]!.tokens.length);
    expect(sizes).toEqual([1, 3, 9, 27, 50, 30]);
    expect(done.output.at(-1).usage).toEqual({ input: 2, output: 120 });
    const joined = done.output.flatMap((i: { choices: { tokens: string[] }[] }) => i.choices[0]!.tokens).join('');
    expect(joined).toBe(texts[0]);
  });

  it('honours per-request batch knobs (min_batch_size, batch_size_growth_factor, max_batch_size)', async () => {
    const input = {
      prompt: 'knobs',
      stream: true,
      min_batch_size: 2,
      batch_size_growth_factor: 2,
      max_batch_size: 5,
      sampling_params: { max_tokens: 20 },
    };
    const { done } = await output(input, 'legacy');
    const sizes = done.output.map((item: { choices: { tokens: string[] }[] }) => item.choices[0]!.tokens.length);
    expect(sizes).toEqual([2, 4, 5, 5, 4]);
  });

  it('gives one choices entry per sequence with n > 1, and one whole item without stream', async () => {
    const input = { messages: [{ role: 'user', content: 'two please' }], sampling_params: { n: 2, max_tokens: 7 } };
    const { done, texts } = await output(input, 'legacy');
    expect(done.output).toHaveLength(1);
    expect(done.output[0].choices).toEqual([{ tokens: [texts[0]] }, { tokens: [texts[1]] }]);
    expect(done.output[0].usage.output).toBe(14);
    expect(texts[0]).not.toBe(texts[1]);
  });

  it('defaults max_tokens to 100 and fails an unknown sampling key with plain text', async () => {
    const { done } = await output({ prompt: 'defaults' }, 'legacy');
    expect(done.output[0].usage.output).toBe(100);
    const bad = await output({ prompt: 'x', sampling_params: { stream_options: { include_usage: true } } }, 'legacy');
    expect(bad.done.status).toBe('FAILED');
    expect(bad.done.error).toBe("Unexpected keyword argument 'stream_options'");
  });

  it('batches whole SSE events for openai_route streams', async () => {
    const input = {
      openai_route: '/v1/completions',
      openai_input: { model: MODEL_ID, prompt: 'p', stream: true, max_tokens: 20 },
    };
    const { done, texts } = await output(input, 'legacy');
    const items = done.output as string[];
    expect(items.map((s) => (s.match(/^data: /gm) ?? []).length)).toEqual([1, 3, 9, 8]);
    expect(items.every((s) => s.endsWith('\n\n'))).toBe(true);
    const sse = parseSse(items.join(''));
    expect(sse.done).toBe(true);
    expect(textsFromChunks(sse.events)).toEqual(texts);
  });
});

describe('openai (proxy) worker output', () => {
  it('returns one text_completion object for a prompt, max_tokens 16 by default', async () => {
    const { done, texts } = await output({ prompt: 'hello there' }, 'openai');
    expect(done.output).toHaveLength(1);
    const obj = done.output[0];
    expect(obj).toMatchObject({
      object: 'text_completion',
      model: MODEL_ID,
      choices: [{ index: 0, text: texts[0], finish_reason: 'length' }],
    });
    expect(obj.id).toMatch(/^cmpl-/);
    expect(obj.usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 16, total_tokens: 18 });
  });

  it('returns a chat.completion for messages (messages win over prompt), honouring stop', async () => {
    const base = {
      messages: [{ role: 'user', content: 'chat' }],
      prompt: 'ignored',
      sampling_params: { max_tokens: 30 },
    };
    const free = emu.generate(base)[0]!;
    const stopAt = free.slice(5, 8);
    const input = { ...base, sampling_params: { max_tokens: 30, stop: [stopAt] } };
    const { done, texts } = await output(input, 'openai');
    const obj = done.output[0];
    expect(obj.object).toBe('chat.completion');
    expect(obj.choices[0].message).toMatchObject({ role: 'assistant', content: texts[0] });
    expect(texts[0]).toBe(free.slice(0, free.indexOf(stopAt)));
    expect(obj.choices[0].finish_reason).toBe('stop');
  });

  it('streams string slices whose concatenation is SSE carrying the generated text', async () => {
    const input = { prompt: 'stream it', stream: true, sampling_params: { max_tokens: 40, n: 2 } };
    const { done, texts } = await output(input, 'openai');
    const items = done.output as string[];
    expect(items.every((s) => typeof s === 'string')).toBe(true);
    expect(items.some((s) => !s.endsWith('\n\n'))).toBe(true);
    const sse = parseSse(items.join(''));
    expect(sse.done).toBe(true);
    expect(textsFromChunks(sse.events)).toEqual(texts);
    expect(sse.events.every((e) => e.object === 'text_completion' && !('usage' in e))).toBe(true);
    expect(items.join('')).not.toContain('\uFFFD');
  });

  it('chat streams: role first, finish_reason on the last content chunk, usage only when asked', async () => {
    const input = {
      messages: [{ role: 'user', content: 'usage please' }],
      stream: true,
      sampling_params: { max_tokens: 10, stream_options: { include_usage: true } },
    };
    const { done, texts } = await output(input, 'openai');
    const { events, done: ended } = parseSse((done.output as string[]).join(''));
    expect(ended).toBe(true);
    expect(events[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const content = events.filter((e) => e.choices.length > 0).slice(1);
    expect(content).toHaveLength(10);
    expect(content.slice(0, -1).every((e) => e.choices[0].finish_reason === null)).toBe(true);
    expect(content.at(-1).choices[0].finish_reason).toBe('length');
    expect(events.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 10 } });
    expect(textsFromChunks(events)).toEqual(texts);
  });

  it('accepts {route, body} and fails a wrong model with the vLLM error in a repr string', async () => {
    const ok = await output({ route: '/v1/completions', body: { prompt: 'r', max_tokens: 3 } }, 'openai');
    expect(ok.done.output[0].choices[0].text).toBe(ok.texts[0]);
    const bad = await output({ prompt: 'x', sampling_params: { model: 'other/model' } }, 'openai');
    expect(bad.done.status).toBe('FAILED');
    expect(bad.done.error).toMatch(
      /^\{'message': 'vLLM returned HTTP 404: \{"error":\{"message":"The model `other\/model` does not exist\."/,
    );
    expect(bad.done.error).toMatch(/'type': 'worker_error', 'code': None\}$/);
  });

  it('includes an ANSI escape for the [[ansi]] prompt', async () => {
    const { done, texts } = await output({ prompt: 'paint [[ansi]] it', sampling_params: { max_tokens: 5 } }, 'openai');
    expect(texts[0]).toContain('\u001b[31m');
    expect(done.output[0].choices[0].text).toBe(texts[0]);
  });

  it('reads the same stream through /stream as through /status', async () => {
    emu.configure({ worker: 'openai', tokenDelayMs: 1 });
    const input = { prompt: 'both ways', stream: true, sampling_params: { max_tokens: 25 } };
    const id = await submit(emu, input);
    const { items } = await drainAll(emu, id);
    const done = await finalStatus(emu, id);
    expect(items).toEqual(done.output);
    emu.configure({ tokenDelayMs: 0 });
  });
});
