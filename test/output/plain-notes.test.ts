// Plain mode's notes (retries, stalls) on stderr never glue onto the text on stdout: where both
// streams share a terminal (`rpv complete hi | cat`), a note that comes while the text stops
// mid-line starts on a line of its own; stdout stays exactly the generated text.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../src/core/events.js';
import type { CliIo } from '../../src/core/io.js';
import { renderPlain } from '../../src/output/plain.js';

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
