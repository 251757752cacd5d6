// A stall is still reported after rpv switched from /stream to /status (a lost /stream reply):
// a job that generates nothing while it is polled emits one `stall` event (in-process, as the
// CLI threshold is 30 s).
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../src/core/events.js';
import { closeHttp } from '../../src/core/http.js';
import { runJob } from '../../src/core/job/native.js';
import { createClient } from '../../src/core/runpod-client.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  await closeHttp();
});

describe('stall after the switch to /status', () => {
  it('a job generating nothing, followed on /status, emits a stall event', async () => {
    emu = await startEmulator({
      port: 0,
      tokenDelayMs: 1,
      streamWaitMs: 200,
      faults: [{ name: 'never-end' }, { name: 'drop', route: 'stream' }],
    });
    const client = createClient({ baseUrl: emu.baseUrl, endpoint: 'ep-stall2', apiKey: 'k-stall-test', retries: 0 });
    const events: JobEvent[] = [];
    const input = { prompt: 'x', sampling_params: { max_tokens: 5 }, stream: true };
    for await (const e of runJob({
      client,
      endpoint: 'ep-stall2',
      body: { input },
      stream: true,
      streamWaitMs: 200,
      stallMs: 300,
      healthOnQueue: false,
      deadline: Date.now() + 3000,
    })) {
      events.push(e);
    }
    expect(
      emu
        .requests()
        .some(
          (q) =>
            (q as { route?: string }).route === 'status' ||
            String((q as { path?: string }).path ?? '').includes('/status/'),
        ),
    ).toBe(true);
    expect(events.filter((e) => e.type === 'stall').length).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)).toMatchObject({ type: 'cancelled', reason: 'timeout' });
  }, 15_000);
});
