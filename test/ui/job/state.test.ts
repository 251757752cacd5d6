import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../src/core/events.js';
import { initialLiveState, liveRate, liveReducer, type LiveAction, type LiveState } from '../../../src/ui/job/state.js';
import { ev } from '../fixtures.js';

const at = (now: number, event: JobEvent): LiveAction => ({ type: 'event', event, now });
const tokens = (now: number, ...texts: string[]): LiveAction => ({
  type: 'tokens',
  texts,
  count: 1,
  firstAt: now,
  lastAt: now,
  now,
});
const run = (actions: LiveAction[], state: LiveState = initialLiveState(0)) => actions.reduce(liveReducer, state);
const shown = (s: LiveState) =>
  s.items
    .map((i) => (i.kind === 'reply' ? i.text : i.kind === 'marker' || i.kind === 'title' ? `<${i.text}>` : ''))
    .join('') + s.tail;

describe('liveReducer', () => {
  it.each<[string, LiveAction[], Partial<LiveState>]>([
    ['submitted', [at(5, ev.submitted('j9'))], { phase: 'submitted', jobId: 'j9' }],
    ['queued', [at(5, ev.submitted()), at(9, ev.queued())], { phase: 'queued', status: 'IN_QUEUE', now: 9 }],
    ['running before any token', [at(5, ev.running())], { phase: 'generating', status: 'IN_PROGRESS' }],
    ['first token', [at(5, ev.queued()), tokens(700, 'Hi')], { phase: 'generating', firstTokenAt: 700, tail: 'Hi' }],
    ['tick', [{ type: 'tick', now: 1234 }], { now: 1234, phase: 'starting' }],
  ])('%s', (_name, actions, expected) => {
    expect(run(actions)).toMatchObject(expected);
  });

  it('keeps a retry pending with its deadline until progress is made', () => {
    const s = run([at(1000, ev.queued()), at(2000, ev.retry(2, 1200))]);
    expect(s.retry).toEqual({ reason: 'rate limited (429)', retry: 2, maxRetries: 4, until: 3200 });
    expect(run([{ type: 'tick', now: 2500 }], s).retry).toBeDefined();
    expect(run([at(3300, ev.running())], s).retry).toBeUndefined();
    expect(run([tokens(3300, 'x')], s).retry).toBeUndefined();
  });

  it('keeps the worker counts while queued and drops them once generating', () => {
    const s = run([at(0, ev.queued()), at(10, ev.workers(0, 0, 1))]);
    expect(s.workers).toEqual({ idle: 0, running: 0, initializing: 1 });
    expect(run([at(20, ev.running())], s).workers).toBeUndefined();
  });

  it('shows a stall until the next token', () => {
    const s = run([at(0, ev.running()), tokens(10, 'a'), at(20_000, ev.stall(15_000))]);
    expect(s.stall).toEqual({ idleMs: 15_000 });
    expect(run([tokens(20_100, 'b')], s).stall).toBeUndefined();
  });

  it('moves finished blocks into items and keeps the rest live', () => {
    const s = run([tokens(1, 'para one\n\npara two\n\npara thr')]);
    expect(s.items.map((i) => i.kind === 'reply' && i.text)).toEqual(['para one\n\npara two\n\n']);
    expect(s.tail).toBe('para thr');
  });

  it('neutralises escape sequences, even one cut between two tokens', () => {
    const s = run([tokens(1, 'safe \u001b]0;pwn'), tokens(2, 'ed\u0007text \u001b[2'), tokens(3, 'Jend')]);
    expect(s.tail).toBe('safe text end');
    expect(s.raw[0]).toContain('\u001b]0;pwned');
  });

  it('ends with everything committed, the usage and the outcome', () => {
    const s = run([tokens(1, 'Hello\n\nwor'), tokens(2, 'ld'), at(3, ev.done('Hello\n\nworld'))]);
    expect(s).toMatchObject({ phase: 'done', tail: '', usage: { promptTokens: 12, completionTokens: 34 } });
    expect(shown(s)).toBe('Hello\n\nworld');
    expect(s.final?.type).toBe('done');
  });

  it('shows the text of a job that streamed nothing (not streamed, or followed late)', () => {
    expect(shown(run([at(1, ev.done('all at once'))]))).toBe('all at once');
    expect(shown(run([tokens(1, 'part'), at(2, ev.done('another text'))]))).toBe('part');
    expect(shown(run([tokens(1, 'part'), at(2, ev.done('part and more'))]))).toBe('part and more');
  });

  it('labels each further choice', () => {
    const done = { ...ev.done('one'), choices: ['one', 'two', 'three'] };
    expect(shown(run([at(1, done)]))).toBe('one<choice 2>two<choice 3>three');
  });

  it('marks an interrupted reply and keeps its partial text', () => {
    const s = run([tokens(1, 'half a rep'), at(2, ev.cancelled('half a rep'))]);
    expect(shown(s)).toBe('half a rep<[interrupted]>');
    expect(s.phase).toBe('cancelled');
    expect(shown(run([at(2, ev.cancelled())]))).toBe('');
  });

  it('keeps the partial text of a failed job', () => {
    const s = run([at(2, ev.error('boom', 'partial out'))]);
    expect(s).toMatchObject({ phase: 'failed', tail: '' });
    expect(shown(s)).toBe('partial out');
  });

  it('ignores everything after the end but a resize', () => {
    const s = run([at(1, ev.done('x'))]);
    expect(liveReducer(s, tokens(2, 'late'))).toBe(s);
    expect(liveReducer(s, { type: 'layout', columns: 40, rows: 10 }).layout).toMatchObject({ columns: 40, rows: 10 });
  });

  it('commits more when the terminal gets shorter', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n');
    const tall = run([tokens(1, lines)], initialLiveState(0, { rows: 40 }));
    expect(tall.items).toHaveLength(0);
    const short = liveReducer(tall, { type: 'layout', columns: 80, rows: 10 });
    expect(short.items.length).toBeGreaterThan(0);
    expect(short.tail.split('\n').length).toBeLessThan(6);
  });

  it('estimates tokens/s from first to last token, preferring reported usage', () => {
    let s = run([
      { type: 'tokens', texts: ['a'], count: 1, firstAt: 1000, lastAt: 1000, now: 1000 },
      { type: 'tokens', texts: ['b'], count: 9, firstAt: 1100, lastAt: 3000, now: 3000 },
    ]);
    expect(liveRate(s)).toBe(5);
    s = run([at(3000, { type: 'usage', usage: { completionTokens: 40 }, at: 0 })], s);
    expect(liveRate(s)).toBe(20);
    expect(liveRate(run([tokens(5, 'x')]))).toBeUndefined();
  });
});
