// A mid-generation failure on the OpenAI route strikes only once some answer text is out: a
// client always sees a complete content event before the error event, whatever the byte slicing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_ID, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { KEY } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ tokenDelayMs: 0, apiKey: KEY });
});
afterAll(async () => {
  await emu.close();
});

// The content deltas of every complete event before the error event, and whether one came.
async function streamUntilError(): Promise<{ text: string; failed: boolean }> {
  const res = await fetch(`${emu.baseUrl}/ep1/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: MODEL_ID,
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 60,
      stream: true,
    }),
  });
  const raw = await res.text();
  let text = '';
  for (const event of raw.split('\n\n')) {
    const data = event.replace(/^data: /, '');
    if (data === '' || data === '[DONE]') continue;
    const parsed = JSON.parse(data) as { error?: unknown; choices?: { delta?: { content?: string } }[] };
    if (parsed.error !== undefined) return { text, failed: true };
    text += parsed.choices?.[0]?.delta?.content ?? '';
  }
  return { text, failed: false };
}

describe('OpenAI-route mid-generation failure', () => {
  it('always follows some answer text, for 40 differently sliced jobs', { timeout: 30_000 }, async () => {
    for (let i = 0; i < 40; i++) {
      emu.setFaults([{ name: 'fail', route: 'openai' }]);
      const { text, failed } = await streamUntilError();
      expect(failed).toBe(true);
      expect(text.length, `job ${i}`).toBeGreaterThan(0);
    }
  });
});
