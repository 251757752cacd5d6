// The job runner against the emulator, both worker generations, with transport and job faults.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JobCancelledError, JobFailedError, ServiceUnavailableError, TimeoutError } from '../../../src/core/errors.js';
import type { JobEvent } from '../../../src/core/events.js';
import { closeHttp } from '../../../src/core/http.js';
import { runJob, waitForJob, type RunJobOptions } from '../../../src/core/job/native.js';
import { createClient } from '../../../src/core/runpod-client.js';
import { startEmulator, type Emulator, type FaultSpec, type WorkerGeneration } from '../../../src/emulator/index.js';

const KEY = 'rpa_EMULATORKEY_never_printed_42';
let emu: Emulator;
let logs: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ tokenDelayMs: 1, apiKey: KEY, streamWaitMs: 1000 });
});
afterAll(async () => {
  await emu.close();
  await closeHttp();
});
beforeEach(() => {
  emu.setFaults([]);
  logs = [];
});

// Retry waits are cut short so Retry-After: 1 does not slow the suite.
const quickSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, Math.min(ms, 5));
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

function client() {
  return createClient({
    baseUrl: emu.baseUrl,
    endpoint: 'ep-test',
    apiKey: KEY,
    sleep: quickSleep,
    log: (l) => logs.push(l),
  });
}

function input(stream: boolean, extra: Record<string, unknown> = {}) {
  return { prompt: 'Tell me about rivers', sampling_params: { max_tokens: 40, ...extra }, stream };
}

function opts(stream: boolean, extra: Partial<RunJobOptions> = {}, inp = input(stream)): RunJobOptions {
  return {
    client: client(),
    endpoint: 'ep-test',
    body: { input: inp },
    stream,
    streamWaitMs: 1000,
    healthOnQueue: false,
    ...extra,
  };
}

async function collect(gen: AsyncGenerator<JobEvent>, onEvent?: (e: JobEvent) => void): Promise<JobEvent[]> {
  const events: JobEvent[] = [];
  for await (const e of gen) {
    events.push(e);
    onEvent?.(e);
  }
  const terminal = events.filter((e) => e.type === 'done' || e.type === 'error' || e.type === 'cancelled');
  expect(terminal).toHaveLength(1);
  expect(events.at(-1)).toBe(terminal[0]);
  for (const line of logs) expect(line).not.toContain(KEY);
  return events;
}
const text = (events: JobEvent[], index = 0) =>
  events.flatMap((e) => (e.type === 'token' && e.index === index ? [e.text] : [])).join('');
const terminal = (events: JobEvent[]) => events.at(-1)!;

const WORKERS: WorkerGeneration[] = ['legacy', 'openai'];

describe.each(WORKERS)('%s worker', (worker) => {
  beforeEach(() => emu.configure({ worker }));

  it('streams exactly the generated text', async () => {
    const expected = emu.generate(input(true));
    const events = await collect(runJob(opts(true)));
    expect(text(events)).toBe(expected[0]);
    expect(terminal(events)).toMatchObject({ type: 'done', text: expected[0] });
    expect(emu.count('run')).toBeGreaterThan(0);
  });

  it('without streaming, prints the same text once', async () => {
    const expected = emu.generate(input(false));
    const events = await collect(runJob(opts(false)));
    expect(text(events)).toBe(expected[0]);
    expect(terminal(events)).toMatchObject({ type: 'done', text: expected[0] });
  });

  it('keeps choices apart with n = 2', async () => {
    const inp = input(true, { n: 2 });
    const expected = emu.generate(inp);
    const events = await collect(runJob(opts(true, { choices: 2 }, inp)));
    expect([text(events, 0), text(events, 1)]).toEqual(expected);
    expect(terminal(events)).toMatchObject({ type: 'done', choices: expected });
  });

  const streamFaults: FaultSpec['name'][] = ['429', '503', 'drop-after-drain', 'malformed-json', '502-html'];
  it.each(streamFaults)('a %s on /stream mid-way loses and doubles nothing', async (fault) => {
    const expected = emu.generate(input(true));
    const before = emu.count('run');
    let armed = false;
    const events = await collect(runJob(opts(true)), (e) => {
      if (e.type === 'token' && !armed) {
        armed = true;
        emu.setFaults([{ name: fault, route: 'stream' }]);
      }
    });
    expect(armed).toBe(true);
    expect(emu.requests().some((r) => r.fault === fault)).toBe(true);
    expect(text(events)).toBe(expected[0]);
    expect(terminal(events)).toMatchObject({ type: 'done', text: expected[0] });
    expect(emu.count('run') - before).toBe(1);
    const switched = logs.some((l) => l.includes('switching to /status'));
    expect(switched).toBe(!['429', '503'].includes(fault));
    expect(events.some((e) => e.type === 'retry')).toBe(['429', '503'].includes(fault));
  });

  it('a FAILED job is an error event with a readable message', async () => {
    emu.setFaults([{ name: worker === 'legacy' ? 'fail-legacy' : 'fail' }]);
    const events = await collect(runJob(opts(true)));
    const end = terminal(events);
    expect(end.type).toBe('error');
    const err = (end as Extract<JobEvent, { type: 'error' }>).error;
    expect(err).toBeInstanceOf(JobFailedError);
    expect(err.message).toMatch(/^job \S+ failed: .*Injected fault/);
    expect(err.message).not.toMatch(/None|\\n/);
    expect((end as Extract<JobEvent, { type: 'error' }>).partial[0]).toBe(text(events));
  });

  it('an error item inside a COMPLETED output is a failure', async () => {
    emu.setFaults([{ name: 'error-in-output' }]);
    const end = terminal(await collect(runJob(opts(true))));
    expect(end.type === 'error' && end.error).toBeInstanceOf(JobFailedError);
  });
});

describe('job faults and endings', () => {
  beforeEach(() => emu.configure({ worker: 'legacy' }));

  it('TIMED_OUT on the service is a TimeoutError', async () => {
    emu.setFaults([{ name: 'timeout' }]);
    const end = terminal(await collect(runJob(opts(true))));
    expect(end.type === 'error' && end.error).toBeInstanceOf(TimeoutError);
  });

  it('a job cancelled by someone else is a JobCancelledError', async () => {
    emu.setFaults([{ name: 'cancel-remote' }]);
    const end = terminal(await collect(runJob(opts(true))));
    expect(end.type === 'error' && end.error).toBeInstanceOf(JobCancelledError);
    expect(emu.count('cancel')).toBe(0);
  });

  it('a job that never ends is cancelled at the deadline', async () => {
    emu.setFaults([{ name: 'never-end' }]);
    const cancelsBefore = emu.count('cancel');
    const started = Date.now();
    const end = terminal(await collect(runJob(opts(true, { deadline: Date.now() + 300 }))));
    expect(end).toMatchObject({ type: 'cancelled', reason: 'timeout', confirmed: true });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(emu.count('cancel') - cancelsBefore).toBe(1);
  });

  it('a stuck queue shows the workers, then the deadline cancels it', async () => {
    emu.setFaults([{ name: 'stuck-queue' }]);
    const events = await collect(
      runJob(opts(true, { healthOnQueue: true, queueHintMs: 50, deadline: Date.now() + 400 })),
    );
    expect(events.some((e) => e.type === 'workers')).toBe(true);
    expect(terminal(events)).toMatchObject({ type: 'cancelled', reason: 'timeout' });
  });

  it('an abort cancels the job on the service exactly once', async () => {
    const ac = new AbortController();
    const cancelsBefore = emu.count('cancel');
    const events = await collect(runJob(opts(true, { signal: ac.signal })), (e) => {
      if (e.type === 'token') ac.abort('interrupted');
    });
    const end = terminal(events);
    expect(end).toMatchObject({ type: 'cancelled', reason: 'interrupted', confirmed: true });
    expect(emu.count('cancel') - cancelsBefore).toBe(1);
    const id = end.type === 'cancelled' ? end.jobId : undefined;
    expect(emu.jobs().find((j) => j.id === id)?.cancelled).toBe(true);
  });

  it('a reply lost after /run accepted the job is reported, never resubmitted', async () => {
    emu.setFaults([{ name: 'drop-after-accept', route: 'run' }]);
    const before = emu.count('run');
    const end = terminal(await collect(runJob(opts(true))));
    expect(end.type === 'error' && end.error).toBeInstanceOf(ServiceUnavailableError);
    expect(end.type === 'error' && end.error.message).toContain('may have been submitted');
    expect(emu.count('run') - before).toBe(1);
  });

  it('a 500 from /run is not retried', async () => {
    emu.setFaults([{ name: '500', route: 'run' }]);
    const before = emu.count('run');
    const end = terminal(await collect(runJob(opts(true))));
    expect(end.type).toBe('error');
    expect(emu.count('run') - before).toBe(1);
  });

  it('a 503 or 429 from /run is retried and the job still runs once', async () => {
    emu.setFaults([
      { name: '503', route: 'run' },
      { name: '429', route: 'run' },
    ]);
    const expected = emu.generate(input(true));
    const before = emu.count('run');
    const events = await collect(runJob(opts(true)));
    expect(text(events)).toBe(expected[0]);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
    expect(terminal(events)).toMatchObject({ type: 'done', retries: 2 });
    expect(emu.count('run') - before).toBe(3);
  });

  it('split UTF-8 in proxy slices: streamed text equals the final output', async () => {
    emu.configure({ worker: 'openai' });
    emu.setFaults([{ name: 'utf8-split' }]);
    const events = await collect(runJob(opts(true)));
    const end = terminal(events);
    expect(end.type).toBe('done');
    expect(end.type === 'done' && end.text).toBe(text(events));
  });

  it('waitForJob follows a job to its end by /status', async () => {
    const c = client();
    const { id } = await c.run({ input: input(false) });
    const expected = emu.generate(input(false));
    const events = await collect(waitForJob({ client: c, endpoint: 'ep-test', jobId: id, healthOnQueue: false }));
    expect(terminal(events)).toMatchObject({ type: 'done', jobId: id, text: expected[0] });
    expect(events.some((e) => e.type === 'token')).toBe(false);
  });
});

describe('a /stream poll that hangs', () => {
  beforeEach(() => emu.configure({ worker: 'openai' }));

  it('is checked on with /status once overdue: the job that ended meanwhile ends the run, text exact', async () => {
    emu.setFaults([{ name: 'hang', route: 'stream' } as FaultSpec]);
    const expected = emu.generate(input(true));
    const polls = emu.count('stream');
    const started = Date.now();
    const events = await collect(runJob(opts(true, { streamWaitMs: 300 })));
    // Without the check the poll runs to its timeout (its wait plus 15 s) before /status is read.
    expect(Date.now() - started).toBeLessThan(8000);
    expect(text(events)).toBe(expected[0]);
    expect(terminal(events)).toMatchObject({ type: 'done', text: expected[0] });
    expect(emu.count('stream') - polls).toBe(1);
  }, 20_000);
});
