// Runpod's own JS client (runpod-sdk, a dev dependency nobody here wrote) against the
// emulator's native routes: run, status, stream, cancel, health, purge-queue, runsync.
import runpodSdk from 'runpod-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { delay, KEY } from './helpers.js';

let emu: Emulator;
let endpoint: NonNullable<ReturnType<ReturnType<typeof runpodSdk>['endpoint']>>;
beforeAll(async () => {
  emu = await startEmulator({ tokenDelayMs: 2, apiKey: KEY, worker: 'legacy' });
  endpoint = runpodSdk(KEY, { baseUrl: emu.baseUrl }).endpoint('sdk-ep')!;
});
afterAll(async () => {
  await emu.close();
});

const input = { prompt: 'runpod sdk', stream: true, sampling_params: { max_tokens: 40 } };

describe('runpod-sdk', () => {
  it('run then stream: the batches join to the exact text; status says COMPLETED', async () => {
    const started = (await endpoint.run({ input })) as { id: string; status: string };
    expect(started.status).toBe('IN_QUEUE');
    let text = '';
    for await (const item of endpoint.stream(started.id)) {
      const batch = (item as { output: { choices: { tokens: string[] }[] } }).output;
      text += batch.choices[0]!.tokens.join('');
    }
    expect(text).toBe(emu.generate(input)[0]);
    const status = (await endpoint.status(started.id)) as unknown as {
      status: string;
      completed: boolean;
      succeeded: boolean;
      output: unknown[];
    };
    expect(status).toMatchObject({ status: 'COMPLETED', completed: true, succeeded: true });
    expect(status.output.length).toBeGreaterThan(1);
  });

  it('cancel stops a running job; health counts it', async () => {
    const started = (await endpoint.run({ input: { prompt: 'long', sampling_params: { max_tokens: 5000 } } })) as {
      id: string;
    };
    await delay(50);
    const cancelled = (await endpoint.cancel(started.id)) as { id: string; status: string };
    expect(cancelled).toMatchObject({ id: started.id, status: 'CANCELLED' });
    expect(emu.jobs().find((j) => j.id === started.id)?.cancelled).toBe(true);
    const health = (await endpoint.health()) as { jobs: Record<string, number>; workers: Record<string, number> };
    expect(health.jobs).toMatchObject({ completed: 1, inProgress: 0, inQueue: 0 });
    expect(health.workers.idle).toBeGreaterThanOrEqual(1);
  });

  it('purgeQueue removes queued jobs; runSync waits for the result', async () => {
    emu.configure({ workers: 0 });
    await endpoint.run({ input: { prompt: 'queued' } });
    expect(await endpoint.purgeQueue()).toEqual({ removed: 1, status: 'completed' });
    emu.configure({ workers: 3 });
    const sync = (await endpoint.runSync(
      { input: { prompt: 'sync', sampling_params: { max_tokens: 5 } } },
      10_000,
    )) as {
      status: string;
      output: { choices: { tokens: string[] }[] }[];
    };
    expect(sync.status).toBe('COMPLETED');
    expect(sync.output[0]!.choices[0]!.tokens.join('')).toBe(
      emu.generate({ prompt: 'sync', sampling_params: { max_tokens: 5 } })[0],
    );
  });

  it('a wrong key is a 401 the SDK reports as a status', async () => {
    const bad = runpodSdk('wrong-key', { baseUrl: emu.baseUrl }).endpoint('sdk-ep')!;
    const r = await bad.health().then(
      (v) => v,
      (e: unknown) => ({ thrown: String(e) }),
    );
    expect(JSON.stringify(r)).toMatch(/401/);
  });
});
