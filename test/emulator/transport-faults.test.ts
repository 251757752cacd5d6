import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type FaultName } from '../../src/emulator/index.js';
import { AUTH, call, drainAll, finalStatus, submit } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ tokenDelayMs: 1, slowMs: 250 });
});
afterAll(async () => {
  await emu.close();
});

type Check = (r: Awaited<ReturnType<typeof call>>) => void;
const answered: [FaultName, Check][] = [
  [
    '429',
    (r) => (
      expect(r.status).toBe(429),
      expect(r.headers.get('retry-after')).toBe('1'),
      expect(r.json.error).toBeTruthy()
    ),
  ],
  ['429-no-retry-after', (r) => (expect(r.status).toBe(429), expect(r.headers.get('retry-after')).toBeNull())],
  [
    '429-date',
    (r) => (
      expect(r.status).toBe(429),
      expect(Date.parse(r.headers.get('retry-after')!)).toBeGreaterThan(Date.now() - 1000)
    ),
  ],
  ['500', (r) => (expect(r.status).toBe(500), expect(r.json.error).toBeTruthy())],
  [
    '503',
    (r) => (expect(r.status).toBe(503), expect(r.json).toBeUndefined(), expect(r.text.length).toBeGreaterThan(0)),
  ],
  [
    '502-html',
    (r) => (
      expect(r.status).toBe(502),
      expect(r.headers.get('content-type')).toMatch(/text\/html/),
      expect(r.text).toMatch(/<html[\s\S]*502/)
    ),
  ],
  [
    '504-html',
    (r) => (
      expect(r.status).toBe(504),
      expect(r.headers.get('content-type')).toMatch(/text\/html/),
      expect(r.text).toContain('504')
    ),
  ],
  [
    'malformed-json',
    (r) => (expect(r.status).toBe(200), expect(r.text.startsWith('{')).toBe(true), expect(r.json).toBeUndefined()),
  ],
];

describe('transport faults', () => {
  it.each(answered)('%s fires exactly `count` times, then requests pass', async (name, check) => {
    emu.setFaults([{ name, count: 2 }]);
    check(await call(emu, 'GET', '/v2/ep1/health'));
    check(await call(emu, 'GET', '/v2/ep1/health'));
    const ok = await call(emu, 'GET', '/v2/ep1/health');
    expect(ok.status).toBe(200);
    expect(ok.json.workers).toBeTypeOf('object');
    expect(
      emu
        .requests()
        .slice(-3)
        .map((r) => r.fault),
    ).toEqual([name, name, undefined]);
  });

  it('drop destroys the connection without an answer, only on the route asked for', async () => {
    emu.setFaults([{ name: 'drop', route: 'status' }]);
    expect((await call(emu, 'GET', '/v2/ep1/health')).status).toBe(200);
    await expect(call(emu, 'GET', '/v2/ep1/status/abc')).rejects.toThrow();
    expect((await call(emu, 'GET', '/v2/ep1/status/abc')).status).toBe(404);
    expect(emu.requests().at(-2)).toMatchObject({ route: 'status', status: 0, fault: 'drop' });
  });

  it('slow delays the answer; hang never answers until the client gives up', async () => {
    emu.setFaults([{ name: 'slow' }, { name: 'hang' }]);
    const t = Date.now();
    expect((await call(emu, 'GET', '/v2/ep1/health')).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    const hung = fetch(`${emu.baseUrl}/ep1/health`, { headers: AUTH, signal: AbortSignal.timeout(200) });
    await expect(hung).rejects.toThrow();
    expect((await call(emu, 'GET', '/v2/ep1/health')).status).toBe(200);
  });

  it('drop-after-accept creates the job but the client never learns its ID', async () => {
    emu.setFaults([{ name: 'drop-after-accept' }]);
    const before = emu.jobs().length;
    await expect(call(emu, 'POST', '/v2/ep1/run', { input: { prompt: 'lost' } })).rejects.toThrow();
    expect(emu.jobs().length).toBe(before + 1);
    expect(emu.requests().at(-1)).toMatchObject({ route: 'run', status: 0, fault: 'drop-after-accept' });
    expect(emu.requests().at(-1)?.jobId).toBe(emu.jobs().at(-1)?.id);
  });

  it('drop-after-drain loses the drained items; /status output still has them', async () => {
    emu.configure({ worker: 'legacy', tokenDelayMs: 5 });
    const id = await submit(emu, { prompt: 'nasty', stream: true, sampling_params: { max_tokens: 40 } });
    emu.setFaults([{ name: 'drop-after-drain', count: 1 }]);
    await expect(call(emu, 'GET', `/v2/ep1/stream/${id}?wait=3000`)).rejects.toThrow();
    const lost = emu.jobs().find((j) => j.id === id)!.drainedItems;
    expect(lost).toBeGreaterThan(0);
    const { items } = await drainAll(emu, id);
    const done = await finalStatus(emu, id);
    expect(items.length).toBe(done.output.length - lost);
    expect(done.output.slice(lost)).toEqual(items);
    emu.configure({ worker: 'openai', tokenDelayMs: 1 });
  });
});
