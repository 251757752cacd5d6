// Capacity as a real endpoint has it: max workers x per-worker concurrency, per-worker cold
// start, idle scale-down, honest /health counters, delayTime growing in the queue, and a dying
// worker sending its jobs back to the queue.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { call, delay, finalStatus, submit } from './helpers.js';

let emu: Emulator;
afterEach(async () => {
  await emu?.close();
});

const job = (i: number) => ({ prompt: `capacity ${i}`, sampling_params: { max_tokens: 4 } });
const health = async (ep = 'ep1') => (await call(emu, 'GET', `/v2/${ep}/health`)).json;

describe('workers x concurrency', () => {
  it('runs at most workers x concurrency jobs; the rest wait IN_QUEUE with a growing delayTime', async () => {
    emu = await startEmulator({ workers: 2, concurrency: 2, jobDurationMs: 1000 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await submit(emu, job(i)));
    await delay(100);
    const h = await health();
    expect(h.jobs).toMatchObject({ inProgress: 4, inQueue: 2, completed: 0 });
    expect(h.workers).toMatchObject({ running: 2, idle: 0, initializing: 0 });
    const queued = ids.filter((id) => emu.jobs().find((j) => j.id === id)?.status === 'IN_QUEUE');
    expect(queued).toHaveLength(2);
    const first = (await call(emu, 'GET', `/v2/ep1/status/${queued[0]}`)).json;
    await delay(100);
    const later = (await call(emu, 'GET', `/v2/ep1/status/${queued[0]}`)).json;
    expect(later.status).toBe('IN_QUEUE');
    expect(later.delayTime).toBeGreaterThan(first.delayTime);
    const done = await Promise.all(ids.map((id) => finalStatus(emu, id)));
    expect(done.every((d) => d.status === 'COMPLETED')).toBe(true);
    const waited = done.filter((d) => queued.includes(d.id));
    // They were queued shortly after the first jobs began and waited for one of them to end (1 s).
    for (const d of waited) expect(d.delayTime).toBeGreaterThanOrEqual(600);
    const workers = new Set(done.map((d) => d.workerId));
    expect(workers.size).toBe(2);
    expect((await health()).jobs).toMatchObject({ completed: 6, inQueue: 0, inProgress: 0 });
  });

  it('adds workers only as the queue needs them, each with its own cold start, and removes idle ones', async () => {
    emu = await startEmulator({ workers: 3, concurrency: 1, coldStartMs: 800, idleTimeoutMs: 400, jobDurationMs: 300 });
    const a = await submit(emu, job(1));
    await delay(30);
    expect((await health()).workers).toMatchObject({ initializing: 1, running: 0, idle: 0 });
    const b = await submit(emu, job(2));
    const c = await submit(emu, job(3));
    await delay(30);
    expect((await health()).workers).toMatchObject({ initializing: 3 });
    const d = await submit(emu, job(4));
    await delay(30);
    expect((await health()).workers.initializing).toBe(3);
    const done = await Promise.all([a, b, c, d].map((id) => finalStatus(emu, id)));
    expect(done.map((x) => x.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(done[0].delayTime).toBeGreaterThanOrEqual(790);
    // No fourth worker: the fourth job waited for a slot on one of the three.
    expect(done[3].delayTime).toBeGreaterThanOrEqual(800);
    expect(done.slice(0, 3).map((x) => x.workerId)).toContain(done[3].workerId);
    await delay(1000);
    expect((await health()).workers).toMatchObject({ idle: 0, running: 0, initializing: 0, ready: 0 });
  });

  it('--workers 0 leaves every job IN_QUEUE; raising it with configure() starts them', async () => {
    emu = await startEmulator({ workers: 0, tokenDelayMs: 1 });
    const id = await submit(emu, job(0));
    await delay(80);
    expect((await health()).jobs.inQueue).toBe(1);
    emu.configure({ workers: 1 });
    expect((await finalStatus(emu, id)).status).toBe('COMPLETED');
  });

  it('lowering max workers retires idle workers at once: the next job waits', async () => {
    emu = await startEmulator({ workers: 1, tokenDelayMs: 1 });
    expect((await finalStatus(emu, await submit(emu, job(0)))).status).toBe('COMPLETED');
    expect((await health()).workers.idle).toBe(1);
    emu.configure({ workers: 0 });
    const id = await submit(emu, job(1));
    await delay(80);
    expect(await health()).toMatchObject({ jobs: { inQueue: 1 }, workers: { idle: 0, running: 0 } });
    emu.configure({ workers: 1 });
    expect((await finalStatus(emu, id)).status).toBe('COMPLETED');
  });

  it('each endpoint has its own workers', async () => {
    emu = await startEmulator({ workers: 1, concurrency: 1, jobDurationMs: 300 });
    await submit(emu, job(1), 'epA');
    await submit(emu, job(2), 'epB');
    await delay(80);
    expect((await health('epA')).jobs.inProgress).toBe(1);
    expect((await health('epB')).jobs.inProgress).toBe(1);
  });
});

describe('worker-crash', () => {
  it('sends the job back to the queue (retried counter), then it completes on a new worker', async () => {
    emu = await startEmulator({ tokenDelayMs: 5, faults: [{ name: 'worker-crash' }] });
    const input = { prompt: 'crash me', stream: true, sampling_params: { max_tokens: 30 } };
    const id = await submit(emu, input);
    await delay(60);
    const done = await finalStatus(emu, id);
    expect(done.status).toBe('COMPLETED');
    const view = emu.jobs().find((j) => j.id === id)!;
    expect(view.requeued).toBe(1);
    expect((await health()).jobs).toMatchObject({ retried: 1, completed: 1, failed: 0 });
    const text = (done.output as string[]).join('');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(text.split('data: [DONE]')).toHaveLength(2);
    expect(emu.requests().filter((r) => r.route === 'run')).toHaveLength(1);
  });
});
