import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { call, drainAll, finalStatus, submit } from './helpers.js';

let emu: Emulator;
afterEach(async () => {
  await emu?.close();
});

describe('/stream draining', () => {
  it('never repeats an item, and the drained items equal /status output', async () => {
    emu = await startEmulator({ worker: 'legacy', tokenDelayMs: 2 });
    const id = await submit(emu, { prompt: 'drain me', stream: true, sampling_params: { max_tokens: 120 } });
    const { items, replies } = await drainAll(emu, id);
    expect(replies.filter((r) => r.count > 0).length).toBeGreaterThan(1);
    const status = await call(emu, 'GET', `/v2/ep1/status/${id}`);
    expect(items).toEqual(status.json.output);
    expect(new Set(items.map((i) => JSON.stringify(i))).size).toBe(items.length);
    const after = await call(emu, 'GET', `/v2/ep1/stream/${id}`);
    expect(after.json).toEqual({ status: 'COMPLETED', stream: [] });
  });

  it('a terminal reply can carry the last items', async () => {
    emu = await startEmulator({ tokenDelayMs: 0 });
    const id = await submit(emu, { prompt: 'quick', stream: true, sampling_params: { max_tokens: 20 } });
    await finalStatus(emu, id);
    const r = await call(emu, 'GET', `/v2/ep1/stream/${id}`);
    expect(r.json.status).toBe('COMPLETED');
    expect(r.json.stream.length).toBeGreaterThan(0);
    expect(r.json.stream.every((s: { output: unknown }) => typeof s.output === 'string')).toBe(true);
  });

  it('holds an empty poll until wait passes, and wakes it as soon as an item arrives', async () => {
    emu = await startEmulator({ tokenDelayMs: 1, coldStartMs: 60_000, streamWaitMs: 300 });
    const id = await submit(emu, { prompt: 'held', stream: true });
    let t = Date.now();
    const empty = await call(emu, 'GET', `/v2/ep1/stream/${id}`);
    expect(Date.now() - t).toBeGreaterThanOrEqual(280);
    expect(empty.json).toEqual({ status: 'IN_QUEUE', stream: [] });
    t = Date.now();
    const explicitWait = await call(emu, 'GET', `/v2/ep1/stream/${id}?wait=1`);
    expect(Date.now() - t).toBeGreaterThanOrEqual(950);
    expect(explicitWait.json.stream).toEqual([]);

    emu.configure({ coldStartMs: 0, tokenDelayMs: 300 });
    const id2 = await submit(emu, { prompt: 'wake', stream: true, sampling_params: { max_tokens: 3 } }, 'ep2');
    t = Date.now();
    const woke = await call(emu, 'GET', `/v2/ep2/stream/${id2}?wait=5000`);
    const waited = Date.now() - t;
    expect(woke.json.stream.length).toBeGreaterThan(0);
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(2000);
  });

  it('two concurrent pollers split the items between them', async () => {
    emu = await startEmulator({ worker: 'legacy', tokenDelayMs: 3 });
    const id = await submit(emu, { prompt: 'split', stream: true, sampling_params: { max_tokens: 60 } });
    const [a, b] = await Promise.all([drainAll(emu, id), drainAll(emu, id)]);
    const status = await call(emu, 'GET', `/v2/ep1/status/${id}`);
    expect(a.items.length + b.items.length).toBe(status.json.output.length);
  });
});
