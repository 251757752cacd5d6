// The official OpenAI Node SDK (a dev dependency nobody here wrote) against the emulator's
// /openai/v1 route: streaming and non-streaming chat and completions, models, and failures.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_ID, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { KEY } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator({ tokenDelayMs: 1, apiKey: KEY });
  client = new OpenAI({ apiKey: KEY, baseURL: `${emu.baseUrl}/sdk-ep/openai/v1`, maxRetries: 0, timeout: 10_000 });
});
afterAll(async () => {
  await emu.close();
});

const messages = [{ role: 'user' as const, content: 'Hello from the SDK 日本' }];
const chatInput = (body: object) => ({ openai_route: '/v1/chat/completions', openai_input: body });

describe('openai SDK', () => {
  it('lists the served model', async () => {
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toEqual([MODEL_ID]);
  });

  it('non-streamed chat: the exact text and usage', async () => {
    const body = { model: MODEL_ID, messages, max_tokens: 12 };
    const r = await client.chat.completions.create(body);
    expect(r.choices[0]!.message.content).toBe(emu.generate(chatInput(body))[0]);
    expect(r.choices[0]!.finish_reason).toBe('length');
    expect(r.usage?.completion_tokens).toBe(12);
  });

  it('streamed chat with include_usage: deltas join to the exact text, last chunk has usage', async () => {
    emu.configure({ speculativeTokens: 3 });
    const body = {
      model: MODEL_ID,
      messages,
      max_tokens: 30,
      stream: true as const,
      stream_options: { include_usage: true },
    };
    const stream = await client.chat.completions.create(body);
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    emu.configure({ speculativeTokens: 0 });
    expect(text).toBe(emu.generate(chatInput({ ...body, stream: true }))[0]);
    expect(finish).toBe('length');
    expect(usage?.completion_tokens).toBe(30);
  });

  it('completions, streamed and not', async () => {
    const body = { model: MODEL_ID, prompt: 'Once upon', max_tokens: 9 };
    const expected = emu.generate({ openai_route: '/v1/completions', openai_input: body })[0];
    expect((await client.completions.create(body)).choices[0]!.text).toBe(expected);
    let text = '';
    for await (const chunk of await client.completions.create({ ...body, stream: true }))
      text += chunk.choices[0]?.text ?? '';
    expect(text).toBe(expected);
  });

  it('reasoning arrives beside content (an extra field the SDK passes through)', async () => {
    emu.configure({ modelKind: 'reasoning', reasoningTokens: 5 });
    try {
      const body = { model: MODEL_ID, messages, max_tokens: 15 };
      const r = await client.chat.completions.create(body);
      const [planned] = emu.generateChoices(chatInput(body));
      expect((r.choices[0]!.message as unknown as { reasoning: string }).reasoning).toBe(planned!.reasoning);
      expect(r.choices[0]!.message.content).toBe(planned!.text);
    } finally {
      emu.configure({ modelKind: 'plain' });
    }
  });

  it('a stream that fails mid-way makes the SDK throw (not a silent truncated reply)', async () => {
    emu.setFaults([{ name: 'fail', route: 'openai' }]);
    const stream = await client.chat.completions.create({ model: MODEL_ID, messages, max_tokens: 60, stream: true });
    let text = '';
    const consume = async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    };
    await expect(consume()).rejects.toThrow(/Request to vLLM failed/);
    expect(text.length).toBeGreaterThan(0);
  });

  it("an unknown model throws an APIError with the worker's message", async () => {
    const err = await client.chat.completions.create({ model: 'nope', messages }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toMatch(/does not exist/);
  });
});
