// Models as they are: reasoning deltas before the answer (both field names), speculative
// decoding's multi-token deltas with exact usage, a fixed reply text, and finish_reason length.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runEmulateCommand } from '../../src/emulator/cli.js';
import { MODEL_ID, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { call, finalStatus, parseSse, submit } from './helpers.js';

let emu: Emulator;
afterEach(async () => {
  await emu?.close();
});

const chat = (content: string, extra: Record<string, unknown> = {}) => ({
  messages: [{ role: 'user', content }],
  ...extra,
});

async function sseOf(input: unknown) {
  const done = await finalStatus(emu, await submit(emu, input));
  expect(done.status).toBe('COMPLETED');
  return parseSse((done.output as string[]).join(''));
}

describe('--model-kind reasoning', () => {
  it('streams delta.reasoning before any delta.content; usage counts both exactly', async () => {
    emu = await startEmulator({ tokenDelayMs: 0, modelKind: 'reasoning', reasoningTokens: 6 });
    const input = chat('think first', {
      stream: true,
      sampling_params: { max_tokens: 20, stream_options: { include_usage: true } },
    });
    const { events, done } = await sseOf(input);
    expect(done).toBe(true);
    const deltas = events.flatMap((e) => e.choices.map((c: { delta: Record<string, string> }) => c.delta));
    const firstContent = deltas.findIndex((d) => (d.content ?? '') !== '');
    const lastReasoning = deltas.map((d) => d.reasoning !== undefined).lastIndexOf(true);
    expect(lastReasoning).toBeGreaterThan(0);
    expect(firstContent).toBeGreaterThan(lastReasoning);
    expect(deltas.some((d) => 'reasoning_content' in d)).toBe(false);
    const [planned] = emu.generateChoices(input);
    expect(deltas.map((d) => d.reasoning ?? '').join('')).toBe(planned!.reasoning);
    expect(deltas.map((d) => d.content ?? '').join('')).toBe(planned!.text);
    expect(planned!.reasoning).not.toBe('');
    const usage = events.at(-1).usage;
    expect(usage.completion_tokens).toBe(20);
    expect(planned!.completionTokens).toBe(20);
    expect(usage).not.toHaveProperty('prompt_tokens_details');
  });

  it('non-streamed chat has message.reasoning beside content; reasoning_content on request of the older field', async () => {
    emu = await startEmulator({ tokenDelayMs: 0, modelKind: 'reasoning', reasoningTokens: 4 });
    const input = chat('json please', { sampling_params: { max_tokens: 10 } });
    const out = (await finalStatus(emu, await submit(emu, input))).output[0];
    const [planned] = emu.generateChoices(input);
    expect(out.choices[0].message).toMatchObject({
      role: 'assistant',
      content: planned!.text,
      reasoning: planned!.reasoning,
    });
    expect(out.choices[0].message).not.toHaveProperty('reasoning_content');
    expect(out.usage.prompt_tokens_details).toBeNull();
    emu.configure({ reasoningField: 'reasoning_content' });
    const older = (await finalStatus(emu, await submit(emu, input))).output[0];
    expect(older.choices[0].message.reasoning_content).toBe(planned!.reasoning);
    expect(older.choices[0].message).not.toHaveProperty('reasoning');
    const streamed = await sseOf({ ...input, stream: true });
    const keys = new Set(
      streamed.events.flatMap((e) => e.choices.flatMap((c: { delta: object }) => Object.keys(c.delta))),
    );
    expect(keys.has('reasoning_content')).toBe(true);
    expect(keys.has('reasoning')).toBe(false);
  });

  it('a reply cut by max_tokens while still reasoning: finish_reason length and no content at all', async () => {
    emu = await startEmulator({ tokenDelayMs: 0, modelKind: 'reasoning', reasoningTokens: 16 });
    const input = chat('cut me', { sampling_params: { max_tokens: 5 } });
    const out = (await finalStatus(emu, await submit(emu, input))).output[0];
    expect(out.choices[0].finish_reason).toBe('length');
    expect(out.choices[0].message.content).toBeNull();
    expect(out.choices[0].message.reasoning.length).toBeGreaterThan(0);
    const { events } = await sseOf({ ...input, stream: true });
    const choices = events.flatMap((e) => e.choices);
    expect(choices.some((c: { delta: { content?: string } }) => (c.delta.content ?? '') !== '')).toBe(false);
    expect(choices.at(-1).finish_reason).toBe('length');
  });

  it('the /openai route and the legacy openai_route split reasoning too; completions keep it inline with <think>', async () => {
    emu = await startEmulator({ tokenDelayMs: 0, modelKind: 'reasoning', reasoningTokens: 3 });
    const r = await call(emu, 'POST', '/v2/ep1/openai/v1/chat/completions', {
      model: MODEL_ID,
      ...chat('hi'),
      max_tokens: 8,
    });
    expect(r.json.choices[0].message.reasoning).toBeTruthy();
    emu.configure({ worker: 'legacy' });
    const legacy = (
      await finalStatus(
        emu,
        await submit(emu, { openai_route: '/v1/chat/completions', openai_input: { ...chat('hi'), max_tokens: 8 } }),
      )
    ).output[0];
    expect(legacy.choices[0].message.reasoning).toBe(r.json.choices[0].message.reasoning);
    const native = (await finalStatus(emu, await submit(emu, { prompt: 'raw', sampling_params: { max_tokens: 8 } })))
      .output[0];
    expect(native.choices[0].tokens[0]).toMatch(/^<think>\n[^]+\n<\/think>\n\n/);
  });
});

describe('--speculative k', () => {
  it('puts up to k+1 tokens in one delta; include_usage in sampling_params gives the exact count on the proxy worker', async () => {
    emu = await startEmulator({ tokenDelayMs: 0, speculativeTokens: 3 });
    const input = {
      prompt: 'fast',
      stream: true,
      sampling_params: { max_tokens: 40, stream_options: { include_usage: true } },
    };
    const { events } = await sseOf(input);
    const deltas = events.filter((e) => e.choices.length > 0);
    expect(deltas.length).toBeLessThan(40);
    expect(deltas.length).toBeGreaterThanOrEqual(10);
    expect(deltas.map((e) => e.choices[0].text).join('')).toBe(emu.generate(input)[0]);
    expect(events.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 40 } });
    emu.configure({ speculativeTokens: 0 });
    expect((await sseOf(input)).events.filter((e) => e.choices.length > 0)).toHaveLength(40);
  });

  it('the legacy worker FAILS a job whose sampling_params has an unknown key, with the plain exception text', async () => {
    emu = await startEmulator({ tokenDelayMs: 0, worker: 'legacy', speculativeTokens: 3 });
    const done = await finalStatus(
      emu,
      await submit(emu, { prompt: 'x', stream: true, sampling_params: { stream_options: { include_usage: true } } }),
    );
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe("Unexpected keyword argument 'stream_options'");
  });
});

describe('--reply-file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rpv-reply-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const markdown = '# Title\n\n```ts\nconst x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';

  it('answers with the text, cut by max_tokens (length) or whole (stop)', async () => {
    emu = await startEmulator({ tokenDelayMs: 0, replyText: markdown });
    const whole = (
      await finalStatus(emu, await submit(emu, chat('anything', { sampling_params: { max_tokens: 500 } })))
    ).output[0];
    expect(whole.choices[0]).toMatchObject({
      message: { content: markdown },
      finish_reason: 'stop',
      stop_reason: null,
    });
    const cut = (await finalStatus(emu, await submit(emu, { prompt: 'p', sampling_params: { max_tokens: 3 } })))
      .output[0];
    expect(markdown.startsWith(cut.choices[0].text)).toBe(true);
    expect(cut.choices[0].text.length).toBeLessThan(markdown.length);
    expect(cut.choices[0].finish_reason).toBe('length');
    expect(cut.usage.completion_tokens).toBe(3);
  });

  it('rpv emulate --reply-file reads the file', async () => {
    const file = join(dir, 'reply.md');
    writeFileSync(file, markdown);
    let out = '';
    const sink = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream;
    const ctrl = new AbortController();
    const running = runEmulateCommand(
      { port: '0', replyFile: file, tokenDelay: '0', quiet: true },
      { stdout: sink, stderr: { write: () => true } as unknown as NodeJS.WritableStream, env: {} },
      ctrl.signal,
    );
    for (let i = 0; i < 200 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 5));
    const base = out.trim();
    const res = await fetch(`${base}/ep/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL_ID, ...chat('x'), max_tokens: 400 }),
    });
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe(
      markdown,
    );
    ctrl.abort();
    await expect(running).resolves.toBe(0);
  });
});

describe('vLLM object fields', () => {
  it('stream chunks: no system_fingerprint, stop_reason only on the last chunk of a choice', async () => {
    emu = await startEmulator({ tokenDelayMs: 0 });
    const { events } = await sseOf(chat('fields', { stream: true, sampling_params: { max_tokens: 6 } }));
    expect(events.every((e) => !('system_fingerprint' in e))).toBe(true);
    const choices = events.flatMap((e) => e.choices);
    expect(choices.slice(0, -1).every((c: object) => !('stop_reason' in c))).toBe(true);
    expect(choices.at(-1)).toMatchObject({ finish_reason: 'length', stop_reason: null });
  });

  it('/v1/models is a vLLM ModelList with a model_permission entry', async () => {
    emu = await startEmulator({ tokenDelayMs: 0 });
    const r = await call(emu, 'GET', '/v2/ep1/openai/v1/models');
    expect(r.json.data[0]).toMatchObject({
      id: MODEL_ID,
      object: 'model',
      owned_by: 'vllm',
      root: MODEL_ID,
      parent: null,
      max_model_len: 8192,
    });
    expect(r.json.data[0].permission[0]).toMatchObject({
      object: 'model_permission',
      allow_sampling: true,
      organization: '*',
    });
  });
});
