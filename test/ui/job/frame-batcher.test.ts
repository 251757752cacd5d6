import { describe, expect, it } from 'vitest';
import { pumpJobEvents } from '../../../src/ui/job/event-pump.js';
import { FrameBatcher, type TokenBatch } from '../../../src/ui/job/frame-batcher.js';
import { startLiveJob } from '../../../src/ui/job/live-store.js';
import type { LiveAction } from '../../../src/ui/job/state.js';
import { EventQueue, ManualClock, ev } from '../fixtures.js';

describe('FrameBatcher', () => {
  it('hands on at most one batch per frame whatever the token rate', () => {
    const clock = new ManualClock();
    const batches: TokenBatch[] = [];
    const batcher = new FrameBatcher((b) => batches.push(b), clock, 33);
    for (let i = 0; i < 1000; i++) {
      batcher.add(0, 't');
      clock.advance(1); // 1000 tokens a second
    }
    batcher.flush();
    expect(batches.reduce((n, b) => n + b.count, 0)).toBe(1000);
    expect(batches.map((b) => b.texts[0]).join('')).toBe('t'.repeat(1000));
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(1000 / 33) + 2);
    expect(batches.length).toBeGreaterThan(20);
  });

  it('shows the first token at once, then waits for the frame', () => {
    const clock = new ManualClock();
    const batches: TokenBatch[] = [];
    const batcher = new FrameBatcher((b) => batches.push(b), clock, 33);
    batcher.add(0, 'a');
    expect(batches).toHaveLength(1);
    batcher.add(0, 'b');
    batcher.add(1, 'c');
    expect(batches).toHaveLength(1);
    clock.advance(32);
    expect(batches).toHaveLength(1);
    clock.advance(1);
    expect(batches[1]).toEqual({ texts: ['b', 'c'], count: 2, firstAt: 0, lastAt: 0 });
  });

  it('drops pending tokens and its timer on dispose', () => {
    const clock = new ManualClock();
    const batches: TokenBatch[] = [];
    const batcher = new FrameBatcher((b) => batches.push(b), clock, 33);
    batcher.add(0, 'a');
    batcher.add(0, 'b');
    batcher.dispose();
    clock.advance(100);
    expect(batches).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });
});

describe('pumpJobEvents', () => {
  it('flushes pending tokens before any other event, so order holds', async () => {
    const q = new EventQueue();
    const actions: LiveAction[] = [];
    q.push(ev.running(), ev.token('a'), ev.token('b'), ev.token('c'), ev.stall(5), ev.token('d'), ev.done('abcd'));
    const final = await pumpJobEvents(q, (a) => actions.push(a), { clock: new ManualClock() });
    expect(final?.type).toBe('done');
    const summary = actions.map((a) =>
      a.type === 'tokens' ? `tokens:${a.texts.join('')}` : a.type === 'event' ? a.event.type : a.type,
    );
    expect(summary).toEqual(['status', 'tokens:a', 'tokens:bc', 'stall', 'tokens:d', 'done']);
    expect(q.returned).toBe(true);
  });

  it('rejects when the stream ends without a terminal event', async () => {
    const q = new EventQueue();
    q.push(ev.running());
    q.end();
    await expect(pumpJobEvents(q, () => undefined)).rejects.toThrow(/ended without a result/);
  });

  it('lets go at once when detached, closing the stream', async () => {
    const q = new EventQueue();
    const detach = new AbortController();
    const pumping = pumpJobEvents(q, () => undefined, { detach: detach.signal });
    q.push(ev.running());
    detach.abort();
    await expect(pumping).resolves.toBeUndefined();
    expect(q.returned).toBe(true);
  });
});

describe('startLiveJob', () => {
  it('changes its state at most ~30 times a second for 1000 tokens a second, ticks included', async () => {
    const clock = new ManualClock();
    const q = new EventQueue();
    const job = startLiveJob(q, { clock });
    let updates = 0;
    job.store.subscribe(() => updates++);
    for (let i = 0; i < 1000; i++) {
      q.push(ev.token('x'));
      await new Promise((resolve) => setImmediate(resolve));
      clock.advance(1);
    }
    const state = job.store.getState();
    const shown = state.items.map((i) => (i.kind === 'reply' ? i.text : '')).join('') + state.tail;
    expect(shown.length).toBeGreaterThan(1000 - 33);
    expect(updates).toBeLessThanOrEqual(Math.ceil(1000 / 33) + 2);
    expect(updates).toBeGreaterThan(20);
    q.push(ev.done('x'.repeat(1000)));
    await job.result;
  });
});
