// Scripted JobEvent streams and fake terminal streams for the UI tests.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/core/io.js';
import type { JobEvent, Timings } from '../../src/core/events.js';
import { JobFailedError } from '../../src/core/errors.js';

/** An async iterable the test pushes events into, one at a time. */
export class EventQueue implements AsyncIterable<JobEvent> {
  private items: JobEvent[] = [];
  private waiters: ((r: IteratorResult<JobEvent>) => void)[] = [];
  private ended = false;
  returned = false;

  push(...events: JobEvent[]): void {
    for (const event of events) {
      const waiter = this.waiters.shift();
      if (waiter) waiter({ value: event, done: false });
      else this.items.push(event);
    }
  }

  end(): void {
    this.ended = true;
    for (const waiter of this.waiters.splice(0)) waiter({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<JobEvent> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item) return Promise.resolve({ value: item, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.waiters.push(resolve));
      },
      return: () => {
        this.returned = true;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

const timings = (extra: Partial<Timings> = {}): Timings => ({ totalMs: 2000, ...extra });

/** Builders for each event, with plausible defaults. */
export const ev = {
  submitted: (jobId = 'job-1'): JobEvent => ({ type: 'submitted', jobId, endpoint: 'ep', at: 0 }),
  queued: (jobId = 'job-1'): JobEvent => ({ type: 'status', jobId, status: 'IN_QUEUE', phase: 'queued', at: 0 }),
  running: (jobId = 'job-1'): JobEvent => ({
    type: 'status',
    jobId,
    status: 'IN_PROGRESS',
    phase: 'generating',
    at: 0,
  }),
  token: (text: string, index = 0): JobEvent => ({ type: 'token', index, text, at: 0 }),
  retry: (retry: number, delayMs: number, reason = 'rate limited (429)'): JobEvent => ({
    type: 'retry',
    operation: 'stream',
    retry,
    maxRetries: 4,
    delayMs,
    reason,
    at: 0,
  }),
  stall: (idleMs: number): JobEvent => ({ type: 'stall', idleMs, at: 0 }),
  workers: (idle: number, running: number, initializing: number): JobEvent => ({
    type: 'workers',
    idle,
    running,
    initializing,
    at: 0,
  }),
  done: (text: string, extra: Partial<Timings> = {}, jobId = 'job-1'): Extract<JobEvent, { type: 'done' }> => ({
    type: 'done',
    jobId,
    status: 'COMPLETED',
    text,
    choices: [text],
    usage: { promptTokens: 12, completionTokens: 34 },
    timings: timings({ queueMs: 1100, executionMs: 2900, firstTokenMs: 1500, tokensPerSecond: 88.2, ...extra }),
    retries: 0,
    at: 0,
  }),
  error: (message = 'worker ran out of memory', partial = ''): Extract<JobEvent, { type: 'error' }> => ({
    type: 'error',
    error: new JobFailedError(message, { error: message }, { hint: 'try a smaller --max-tokens', jobId: 'job-1' }),
    jobId: 'job-1',
    partial: [partial],
    timings: timings(),
    retries: 0,
    at: 0,
  }),
  cancelled: (partial = ''): Extract<JobEvent, { type: 'cancelled' }> => ({
    type: 'cancelled',
    jobId: 'job-1',
    reason: 'interrupted',
    confirmed: true,
    partial: [partial],
    timings: timings(),
    retries: 0,
    at: 0,
  }),
};

/** Waits until `check` passes (polling), or throws its last error after `ms`. */
export async function until(check: () => void, ms = 2000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() - start > ms) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/** A terminal-like stdout that records everything written. */
export class FakeTty extends PassThrough {
  isTTY = true;
  columns: number;
  rows: number;
  output = '';
  constructor(columns = 80, rows = 24) {
    super();
    this.columns = columns;
    this.rows = rows;
    this.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    });
  }
}

/** A raw-mode capable stdin the test writes keys into (the shape Ink reads). */
export class FakeStdin extends EventEmitter {
  isTTY = true;
  private queue: string[] = [];
  setRawMode(): this {
    return this;
  }
  setEncoding(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  read(): string | null {
    return this.queue.shift() ?? null;
  }
  write(data: string): void {
    this.queue.push(data);
    this.emit('readable');
  }
}

/** A CliIo over fake terminal streams. */
export function fakeIo(columns = 80, rows = 24): CliIo & { stdout: FakeTty; stdin: FakeStdin & CliIo['stdin'] } {
  const stdout = new FakeTty(columns, rows);
  const stderr = new FakeTty(columns, rows);
  const stdin = new FakeStdin() as unknown as FakeStdin & CliIo['stdin'];
  return {
    stdout,
    stderr,
    stdin,
    env: {},
    stdoutIsTTY: true,
    stdinIsTTY: true,
    signal: new AbortController().signal,
  };
}

/** A clock the test moves by hand; timers run in time order as it advances. */
export class ManualClock {
  private time = 0;
  private seq = 0;
  private timers: { at: number; id: number; fn: () => void }[] = [];

  now = (): number => this.time;

  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.timers.push({ at: this.time + Math.max(0, ms), id, fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };

  /** Number of timers waiting. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}
