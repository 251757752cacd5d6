// Plain mode's notes (retries, stalls) on stderr never glue onto the text on stdout: where both
// streams share a terminal (`rpv complete hi | cat`), a note that comes while the text stops
// mid-line starts on a line of its own; stdout stays exactly the generated text.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobEvent } from '../../src/core/events.js';
import type { CliIo } from '../../src/core/io.js';
import { QUEUE_NOTE_MS, renderPlain } from '../../src/output/plain.js';

function sharedTerminal(): { io: CliIo; screen: () => string; stdout: () => string; stderr: () => string } {
  let screen = '';
  let out = '';
  let err = '';
  const stream = (add: (t: string) => void) =>
    new Writable({ write: (chunk: Buffer, _enc, done) => (add(chunk.toString()), done()) });
  const stdout = stream((t) => ((out += t), (screen += t)));
  const stderr = stream((t) => ((err += t), (screen += t)));
  const io = { stdin: process.stdin, stdout, stderr, env: {}, stdoutIsTTY: false, stdinIsTTY: false };
  return {
    io: { ...io, signal: new AbortController().signal },
    screen: () => screen,
    stdout: () => out,
    stderr: () => err,
  };
}

const token = (text: string): JobEvent => ({ type: 'token', index: 0, text, at: 0 });
const retry: JobEvent = {
  type: 'retry',
  operation: 'GET /stream',
  retry: 1,
  maxRetries: 4,
  delayMs: 500,
  reason: 'connection reset',
  at: 0,
};
const stall: JobEvent = { type: 'stall', idleMs: 30_000, at: 0 };
const done = (text: string): JobEvent => ({
  type: 'done',
  jobId: 'job-1',
  status: 'COMPLETED',
  text,
  choices: [text],
  usage: {},
  timings: { totalMs: 10 },
  retries: 1,
  at: 0,
});

async function* events(list: JobEvent[]): AsyncGenerator<JobEvent> {
  for (const ev of list) yield ev;
}

const opts = { raw: false, stats: false, quiet: false, choices: 1 };

describe('plain mode notes', () => {
  it('a note while the text is mid-line starts a line of its own; stdout is the text exactly', async () => {
    const t = sharedTerminal();
    await renderPlain(events([token('Once upon'), retry, token(' a time.\nThe end'), stall, done('')]), t.io, opts);
    expect(t.stdout()).toBe('Once upon a time.\nThe end\n');
    const lines = t.screen().split('\n');
    expect(lines[0]).toBe('Once upon');
    expect(lines[1]).toMatch(/^rpv: .*connection reset/);
    expect(lines[2]).toBe(' a time.');
    expect(lines[3]).toBe('The end');
    expect(lines[4]).toMatch(/^rpv: no output for 30.0s/);
  });

  it('a note after a whole line, or two notes in a row, add no blank line', async () => {
    const t = sharedTerminal();
    await renderPlain(events([token('one line\n'), retry, stall, token('two'), done('')]), t.io, opts);
    expect(t.stdout()).toBe('one line\ntwo\n');
    expect(t.stderr()).not.toMatch(/^\n/);
    expect(t.stderr()).not.toContain('\n\n');
    expect(
      t
        .screen()
        .split('\n')
        .filter((l) => l === ''),
    ).toEqual(['']);
  });

  it('-q writes no note and no line break for one', async () => {
    const t = sharedTerminal();
    await renderPlain(events([token('mid'), retry, token('dle'), done('')]), t.io, { ...opts, quiet: true });
    expect(t.screen()).toBe('middle\n');
  });
});

/** Events handed over one at a time, so timers can run between them. */
function feed(): { events: AsyncIterable<JobEvent>; push: (ev: JobEvent) => void } {
  const queue: JobEvent[] = [];
  let wake: (() => void) | undefined;
  return {
    push(ev) {
      queue.push(ev);
      wake?.();
    },
    events: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (queue.length > 0) yield queue.shift()!;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    },
  };
}

const status = (phase: 'queued' | 'generating'): JobEvent => ({
  type: 'status',
  jobId: 'job-1',
  status: phase === 'queued' ? 'IN_QUEUE' : 'IN_PROGRESS',
  phase,
  at: 0,
});

describe('queue notes (stdout redirected, stderr a terminal)', () => {
  afterEach(() => vi.useRealTimers());

  it('a long wait in the queue is said on stderr, and so is the start; stdout holds only the text', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const t = sharedTerminal();
    const f = feed();
    const done_ = renderPlain(f.events, t.io, { ...opts, queueNotes: true });
    f.push(status('queued'));
    await vi.advanceTimersByTimeAsync(QUEUE_NOTE_MS + 3000);
    expect(t.stderr()).toMatch(/^rpv: in queue for 2\.0s, waiting for a worker \(a cold start can take minutes\)\n$/);
    f.push(status('generating'));
    f.push(token('hello\n'));
    f.push(done(''));
    await done_;
    expect(t.stderr()).toMatch(/\nrpv: generating \(waited 5\.0s in the queue\)\n$/);
    expect(t.stdout()).toBe('hello\n');
  });

  it('a short wait says nothing; without queueNotes a long one says nothing either', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    for (const [queueNotes, waitMs] of [
      [true, QUEUE_NOTE_MS - 500],
      [false, QUEUE_NOTE_MS + 3000],
    ] as const) {
      const t = sharedTerminal();
      const f = feed();
      const end = renderPlain(f.events, t.io, { ...opts, queueNotes });
      f.push(status('queued'));
      await vi.advanceTimersByTimeAsync(waitMs);
      f.push(status('generating'));
      f.push(token('hi\n'));
      f.push(done(''));
      await end;
      expect(t.stderr()).toBe('');
    }
  });
});
