// The OpenAI route runs through the same job lifecycle as a native job: retries are counted
// and reported the same way, the deadline and an abort end it with one `cancelled` event.
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../src/core/events.js';
import { closeHttp } from '../../../src/core/http.js';
import { runOpenAIJob } from '../../../src/core/job/openai.js';
import { createClient } from '../../../src/core/runpod-client.js';
import { MODEL_ID, startEmulator, type Emulator } from '../../../src/emulator/index.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  await closeHttp();
});

async function collect(events: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const out: JobEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

function job(e: Emulator, extra: { deadline?: number; signal?: AbortSignal } = {}) {
  const client = createClient({ baseUrl: e.baseUrl, endpoint: 'ep-oa', apiKey: 'k-oa', retries: 2 });
  return runOpenAIJob({
    client,
    path: 'completions',
    body: (model) => ({ model, prompt: 'hi', max_tokens: 30, stream: true }),
    model: MODEL_ID,
    stream: true,
    ...extra,
  });
}

describe('the OpenAI route on the shared lifecycle', () => {
  it('counts a retried 429 in the retry events and in done.retries', async () => {
    emu = await startEmulator({ port: 0, tokenDelayMs: 0, faults: [{ name: '429', route: 'openai', count: 1 }] });
    const events = await collect(job(emu));
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'done', retries: 1 });
    expect(events.filter((e) => e.type === 'done' || e.type === 'error' || e.type === 'cancelled')).toHaveLength(1);
  });

  it('ends at the deadline with one cancelled event carrying the partial text', async () => {
    emu = await startEmulator({ port: 0, tokenDelayMs: 100 });
    const events = await collect(job(emu, { deadline: Date.now() + 700 }));
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'cancelled', reason: 'timeout', confirmed: false });
    const streamed = events
      .filter((e) => e.type === 'token')
      .map((e) => (e as { text: string }).text)
      .join('');
    expect((last as { partial: string[] }).partial[0]).toBe(streamed);
  });

  it('an abort before the start sends nothing and ends as interrupted', async () => {
    emu = await startEmulator({ port: 0, tokenDelayMs: 0 });
    const ac = new AbortController();
    ac.abort('interrupted');
    const events = await collect(job(emu, { signal: ac.signal }));
    expect(events).toEqual([expect.objectContaining({ type: 'cancelled', reason: 'interrupted', confirmed: false })]);
    expect(emu.count('openai')).toBe(0);
  });
});
