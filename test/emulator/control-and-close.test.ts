import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { AUTH, call, finalStatus, submit } from './helpers.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('/_emulator control routes', () => {
  it('reads requests and jobs, arms faults, configures, and generates', async () => {
    emu = await startEmulator({ tokenDelayMs: 0 });
    const noAuth = {};
    const faults = await call(
      emu,
      'POST',
      '/_emulator/faults',
      [{ name: '503', route: 'health', count: 'inf' }],
      noAuth,
    );
    expect(faults.json.faults).toEqual([{ name: '503', route: 'health', count: 'inf' }]);
    for (let i = 0; i < 3; i++) expect((await call(emu, 'GET', '/v2/ep1/health')).status).toBe(503);
    expect((await call(emu, 'POST', '/_emulator/faults', [{ name: 'bogus' }], noAuth)).status).toBe(400);
    await call(emu, 'POST', '/_emulator/faults', [], noAuth);

    expect((await call(emu, 'POST', '/_emulator/config', { worker: 'legacy' }, noAuth)).status).toBe(200);
    expect((await call(emu, 'POST', '/_emulator/config', { tokenDelayMs: -1 }, noAuth)).status).toBe(400);
    const input = { prompt: 'ctl', sampling_params: { max_tokens: 4 } };
    const id = await submit(emu, input);
    const done = await finalStatus(emu, id);
    const gen = await call(emu, 'POST', '/_emulator/generate', input, noAuth);
    expect(done.output[0].choices[0].tokens).toEqual(gen.json.texts);

    const reqs = await call(emu, 'GET', '/_emulator/requests', undefined, noAuth);
    expect(reqs.json.map((r: { route: string }) => r.route)).toEqual([
      'health',
      'health',
      'health',
      'run',
      'status-sync',
    ]);
    expect(reqs.json[3]).toMatchObject({ method: 'POST', status: 200, auth: 'bearer', jobId: id });
    const jobs = await call(emu, 'GET', '/_emulator/jobs', undefined, noAuth);
    expect(jobs.json).toEqual([
      expect.objectContaining({ id, status: 'COMPLETED', input, cancelled: false, outputItems: 1 }),
    ]);
  });
});

// Tracks timers and immediates created by emulator code (by call stack) until they fire or are cleared.
function trackEmulatorTimers() {
  const live = new Map<unknown, string>();
  let created = 0;
  const real = { setTimeout, clearTimeout, setImmediate, clearImmediate };
  const fromEmulator = () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    return stack.includes('src/emulator/');
  };
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
    fn: (...a: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const h = real.setTimeout(() => (live.delete(h), fn(...args)), ms);
    if (fromEmulator()) {
      live.set(h, 'timeout');
      created++;
    }
    return h;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation(
    ((h: NodeJS.Timeout) => (live.delete(h), real.clearTimeout(h))) as typeof clearTimeout,
  );
  vi.spyOn(globalThis, 'setImmediate').mockImplementation(((fn: (...a: unknown[]) => void, ...args: unknown[]) => {
    const h = real.setImmediate(() => (live.delete(h), fn(...args)));
    if (fromEmulator()) {
      live.set(h, 'immediate');
      created++;
    }
    return h;
  }) as typeof setImmediate);
  vi.spyOn(globalThis, 'clearImmediate').mockImplementation(
    ((h: NodeJS.Immediate) => (live.delete(h), real.clearImmediate(h))) as typeof clearImmediate,
  );
  return {
    created: () => created,
    stop: () => {
      vi.restoreAllMocks();
      return [...live.values()];
    },
  };
}

describe('close()', () => {
  it('ends held polls, hung requests, running jobs and cold-start timers promptly', async () => {
    const timers = trackEmulatorTimers();
    emu = await startEmulator({ tokenDelayMs: 50, coldStartMs: 30_000, faults: [{ name: 'hang', route: 'health' }] });
    const queued = await submit(emu, { prompt: 'never starts' });
    emu.configure({ coldStartMs: 0 });
    const running = await submit(emu, { prompt: 'runs', stream: true, sampling_params: { max_tokens: 5_000 } }, 'ep2');
    const held = fetch(`${emu.baseUrl}/ep1/stream/${queued}?wait=60000`, { headers: AUTH }).then(
      () => 'answered',
      () => 'dropped',
    );
    const hung = fetch(`${emu.baseUrl}/ep1/health`, { headers: AUTH }).then(
      () => 'answered',
      () => 'dropped',
    );
    const sync = fetch(`${emu.baseUrl}/ep2/status-sync/${running}?wait=60000`, { headers: AUTH }).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(emu.jobs().map((j) => j.status)).toEqual(['IN_QUEUE', 'IN_PROGRESS']);
    const t = Date.now();
    await emu.close();
    const outcomes = await Promise.all([held, hung, sync]);
    expect(Date.now() - t).toBeLessThan(1000);
    expect(outcomes.every((o) => o === 'dropped' || o === 'answered')).toBe(true);
    expect(outcomes[1]).toBe('dropped');
    await expect(fetch(`${emu.url}/v2/ep1/health`, { headers: AUTH })).rejects.toThrow();
    await emu.close();
    const left = timers.stop();
    expect(timers.created()).toBeGreaterThan(3);
    expect(left).toEqual([]);
  });
});
