import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  ExitCode,
  JobCancelledError,
  JobFailedError,
  ServiceUnavailableError,
  TimeoutError,
} from '../../../src/core/errors.js';
import type { JobEvent } from '../../../src/core/events.js';
import { followJob, runJob, waitForJob, type RunJobOptions } from '../../../src/core/job/native.js';
import { normalizeStatus, reconcileTexts } from '../../../src/core/job/tracker.js';
import { StreamLostError, type CallOptions, type RunpodClient } from '../../../src/core/runpod-client.js';
import type { JobStatusReply, StreamReply } from '../../../src/core/schemas.js';

type Step<T> = T | Error | ((signal?: AbortSignal) => Promise<T>);

/** A scripted client: each call takes the next step of its route (the last one repeats). */
class FakeClient implements RunpodClient {
  readonly endpoint = 'ep';
  calls: string[] = [];
  runSteps: Step<{ id: string; status: string }>[] = [{ id: 'job-1', status: 'IN_QUEUE' }];
  streamSteps: Step<StreamReply>[] = [];
  statusSteps: Step<JobStatusReply>[] = [];
  cancelSteps: Step<{ status: string }>[] = [{ status: 'CANCELLED' }];
  healthSteps: Step<{ jobs: object; workers: Record<string, number> }>[] = [
    { jobs: {}, workers: { idle: 0, running: 0, initializing: 1 } },
  ];
  retryOnStatus: string | undefined;

  private async take<T>(name: string, steps: Step<T>[], o?: CallOptions): Promise<T> {
    this.calls.push(name);
    const step = steps.length > 1 ? steps.shift()! : steps[0];
    if (step === undefined) throw new Error(`no script for ${name}`);
    if (this.retryOnStatus && name === 'status') {
      o?.onRetry?.({ operation: 'GET /status', attempt: 1, maxAttempts: 5, delayMs: 1, reason: this.retryOnStatus });
      this.retryOnStatus = undefined;
    }
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return (step as (s?: AbortSignal) => Promise<T>)(o?.signal);
    return step;
  }
  run = (_b: unknown, o?: CallOptions) => this.take('run', this.runSteps, o) as never;
  stream = (_id: string, _w: number, o?: CallOptions) => this.take('stream', this.streamSteps, o) as never;
  status = (_id: string, o?: CallOptions) => this.take('status', this.statusSteps, o) as never;
  cancel = (_id: string, o?: CallOptions) => this.take('cancel', this.cancelSteps, o) as never;
  health = (o?: CallOptions) => this.take('health', this.healthSteps, o) as never;
  runsync = () => Promise.reject(new Error('unused'));
  statusSync = () => Promise.reject(new Error('unused'));
  retry = () => Promise.reject(new Error('unused'));
  purgeQueue = () => Promise.reject(new Error('unused'));
  openaiModels = () => Promise.reject(new Error('unused'));
  openaiPost = () => Promise.reject(new Error('unused'));
  openaiStream = () => {
    throw new Error('unused');
  };
}

const batch = (tokens: string[], output = tokens.length) => ({ choices: [{ tokens }], usage: { input: 3, output } });
const streamReply = (status: string, ...outputs: unknown[]): StreamReply => ({
  status,
  stream: outputs.map((output) => ({ output })),
});
const statusReply = (status: string, extra: Partial<JobStatusReply> = {}): JobStatusReply => ({
  id: 'job-1',
  status,
  ...extra,
});
const hang = (signal?: AbortSignal) =>
  new Promise<never>((_r, reject) =>
    signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
  );

async function collect(gen: AsyncGenerator<JobEvent>): Promise<JobEvent[]> {
  const events: JobEvent[] = [];
  for await (const e of gen) events.push(e);
  const terminal = events.filter((e) => e.type === 'done' || e.type === 'error' || e.type === 'cancelled');
  expect(terminal).toHaveLength(1);
  expect(events.at(-1)).toBe(terminal[0]);
  return events;
}
const tokensOf = (events: JobEvent[], index = 0) =>
  events.flatMap((e) => (e.type === 'token' && e.index === index ? [e.text] : [])).join('');
const last = <T extends JobEvent['type']>(events: JobEvent[], type: T) =>
  events.filter((e): e is Extract<JobEvent, { type: T }> => e.type === type).at(-1);

function options(client: FakeClient, extra: Partial<RunJobOptions> = {}): RunJobOptions {
  return {
    client,
    endpoint: 'ep',
    body: { input: { prompt: 'x' } },
    stream: true,
    streamWaitMs: 1000,
    healthOnQueue: false,
    ...extra,
  };
}

const FULL = ['Hel', 'lo', ' wor', 'ld'];

describe('runJob, streaming', () => {
  it('submits, streams tokens in order, and ends with done carrying usage and timings', async () => {
    const c = new FakeClient();
    c.streamSteps = [
      streamReply('IN_QUEUE'),
      streamReply('IN_PROGRESS', batch(['Hel']), batch(['lo', ' wor'], 3)),
      streamReply('COMPLETED', batch(['ld'], 4)),
    ];
    c.statusSteps = [
      statusReply('COMPLETED', {
        delayTime: 40,
        executionTime: 900,
        workerId: 'w1',
        output: [batch(['Hel']), batch(['lo', ' wor'], 3), batch(['ld'], 4)],
      }),
    ];
    const events = await collect(runJob(options(c)));
    expect(events[0]).toMatchObject({ type: 'submitted', jobId: 'job-1', endpoint: 'ep' });
    expect(
      events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? `${e.status}/${e.phase}` : '')),
    ).toEqual(['IN_QUEUE/queued', 'IN_PROGRESS/generating', 'COMPLETED/done']);
    expect(tokensOf(events)).toBe(FULL.join(''));
    const done = last(events, 'done')!;
    expect(done).toMatchObject({
      text: 'Hello world',
      choices: ['Hello world'],
      usage: { promptTokens: 3, completionTokens: 4 },
      workerId: 'w1',
      retries: 0,
    });
    expect(done.timings).toMatchObject({ queueMs: 40, executionMs: 900 });
    expect(done.timings.firstTokenMs).toBeGreaterThanOrEqual(0);
    expect(last(events, 'status')).toMatchObject({ workerId: 'w1', delayTime: 40, executionTime: 900 });
    expect(c.calls).toEqual(['run', 'stream', 'stream', 'stream', 'status']);
  });

  it('after a lost /stream reply it reads /status only and emits the missing text once', async () => {
    const c = new FakeClient();
    c.streamSteps = [streamReply('IN_PROGRESS', batch(['Hel'])), new StreamLostError('GET /stream: connection reset')];
    c.statusSteps = [statusReply('IN_PROGRESS'), statusReply('COMPLETED', { output: FULL.map((t) => batch([t])) })];
    const events = await collect(runJob(options(c)));
    expect(tokensOf(events)).toBe('Hello world');
    expect(events.filter((e) => e.type === 'token').map((e) => (e.type === 'token' ? e.text : ''))).toEqual([
      'Hel',
      'lo world',
    ]);
    expect(c.calls).toEqual(['run', 'stream', 'stream', 'status', 'status']);
    expect(last(events, 'done')!.text).toBe('Hello world');
  });

  it('recovers SSE output cut mid-event by a lost reply', async () => {
    const ev = (t: string) =>
      `data: {"object":"text_completion","choices":[{"index":0,"text":${JSON.stringify(t)}}]}\n\n`;
    const whole = ev('Hi') + ev(' there') + ev(' friend') + 'data: [DONE]\n\n';
    const cut = [whole.slice(0, 90), whole.slice(90, 150), whole.slice(150)];
    const c = new FakeClient();
    c.streamSteps = [streamReply('IN_PROGRESS', cut[0]), new StreamLostError('lost')];
    c.statusSteps = [statusReply('COMPLETED', { output: cut })];
    const events = await collect(runJob(options(c)));
    expect(tokensOf(events)).toBe('Hi there friend');
    expect(last(events, 'done')!.text).toBe('Hi there friend');
  });

  it('emits a tail the stream never delivered (terminal reply short of chunks)', async () => {
    const c = new FakeClient();
    c.streamSteps = [streamReply('IN_PROGRESS', batch(['Hel'])), streamReply('COMPLETED')];
    c.statusSteps = [statusReply('COMPLETED', { output: FULL.map((t) => batch([t])) })];
    const events = await collect(runJob(options(c)));
    expect(tokensOf(events)).toBe('Hello world');
  });

  it('refuses to print text that contradicts the final output', async () => {
    const c = new FakeClient();
    c.streamSteps = [streamReply('IN_PROGRESS', batch(['Bye'])), streamReply('COMPLETED')];
    c.statusSteps = [statusReply('COMPLETED', { output: FULL.map((t) => batch([t])) })];
    const events = await collect(runJob(options(c)));
    const err = last(events, 'error')!;
    expect(err.error.exitCode).toBe(ExitCode.internal);
    expect(err.error.message).toContain('inconsistent');
    expect(err.partial).toEqual(['Bye']);
  });

  it('trusts the stream when the final status has no aggregated output', async () => {
    const c = new FakeClient();
    c.streamSteps = [streamReply('IN_PROGRESS', batch(['Hel'])), streamReply('COMPLETED', batch(['lo']))];
    c.statusSteps = [statusReply('COMPLETED')];
    const events = await collect(runJob(options(c)));
    expect(last(events, 'done')!.text).toBe('Hello');
  });

  it('a lost reply plus no aggregated output is an error, not silently short text', async () => {
    const c = new FakeClient();
    c.streamSteps = [streamReply('IN_PROGRESS', batch(['Hel'])), new StreamLostError('lost')];
    c.statusSteps = [statusReply('COMPLETED', { output: [] })];
    const events = await collect(runJob(options(c)));
    expect(last(events, 'error')!.error).toBeInstanceOf(ServiceUnavailableError);
  });

  it('FAILED → JobFailedError with the readable message and the partial text', async () => {
    const c = new FakeClient();
    c.streamSteps = [streamReply('IN_PROGRESS', batch(['Hel'])), streamReply('FAILED')];
    c.statusSteps = [
      statusReply('FAILED', {
        error: "{'message': 'vLLM returned HTTP 400: bad', 'type': 'worker_error', 'code': None}",
      }),
    ];
    const events = await collect(runJob(options(c)));
    const err = last(events, 'error')!;
    expect(err.error).toBeInstanceOf(JobFailedError);
    expect(err.error.message).toMatch(/^job job-1 failed: .*vLLM returned HTTP 400: bad/);
    expect(err.error.message).not.toContain("'type'");
    expect(err.error.jobId).toBe('job-1');
    expect(err.partial).toEqual(['Hel']);
    expect(last(events, 'status')).toMatchObject({ status: 'FAILED', phase: 'done' });
  });

  it.each([
    ['TIMED_OUT', TimeoutError, ExitCode.timedOut],
    ['CANCELLED', JobCancelledError, ExitCode.cancelled],
  ] as const)('%s → its typed error', async (status, type, code) => {
    const c = new FakeClient();
    c.streamSteps = [streamReply(status)];
    c.statusSteps = [statusReply(status)];
    const err = last(await collect(runJob(options(c))), 'error')!;
    expect(err.error).toBeInstanceOf(type);
    expect(err.error.exitCode).toBe(code);
  });

  it('COMPLETED with an error item in the output is a failure', async () => {
    const c = new FakeClient();
    c.streamSteps = [streamReply('COMPLETED')];
    c.statusSteps = [statusReply('COMPLETED', { output: [{ error: 'CUDA out of memory' }] })];
    const err = last(await collect(runJob(options(c))), 'error')!;
    expect(err.error).toBeInstanceOf(JobFailedError);
    expect(err.error.message).toContain('CUDA out of memory');
  });

  it('keeps choices apart (n > 1) and pads missing ones', async () => {
    const c = new FakeClient();
    const two = { choices: [{ tokens: ['a'] }, { tokens: ['b'] }], usage: { input: 1, output: 2 } };
    c.streamSteps = [streamReply('COMPLETED', two)];
    c.statusSteps = [statusReply('COMPLETED', { output: [two] })];
    const events = await collect(runJob(options(c, { choices: 3 })));
    expect(tokensOf(events, 0)).toBe('a');
    expect(tokensOf(events, 1)).toBe('b');
    expect(last(events, 'done')!.choices).toEqual(['a', 'b', '']);
  });

  it('estimates usage from the chunk count when the worker reports none', async () => {
    const c = new FakeClient();
    const sse =
      'data: {"object":"text_completion","choices":[{"index":0,"text":"Hi"}]}\n\ndata: {"object":"text_completion","choices":[{"index":0,"text":" there"}]}\n\ndata: [DONE]\n\n';
    c.streamSteps = [streamReply('COMPLETED', sse)];
    c.statusSteps = [statusReply('COMPLETED', { output: [sse] })];
    const done = last(await collect(runJob(options(c))), 'done')!;
    expect(done.text).toBe('Hi there');
    expect(done.usage).toEqual({ completionTokens: 2, estimated: true });
  });

  it('forwards the client retries as retry events and counts them', async () => {
    const c = new FakeClient();
    c.retryOnStatus = 'rate limited (429)';
    c.streamSteps = [streamReply('COMPLETED', batch(['x']))];
    c.statusSteps = [statusReply('COMPLETED', { output: [batch(['x'])] })];
    const events = await collect(runJob(options(c)));
    expect(last(events, 'retry')).toMatchObject({ reason: 'rate limited (429)', retry: 1, maxRetries: 4 });
    expect(last(events, 'done')!.retries).toBe(1);
  });

  it('emits stall once while generating without new text', async () => {
    const c = new FakeClient();
    const slowEmpty = async () => {
      await new Promise((r) => setTimeout(r, 40));
      return streamReply('IN_PROGRESS');
    };
    c.streamSteps = [
      streamReply('IN_PROGRESS', batch(['a'])),
      slowEmpty,
      slowEmpty,
      slowEmpty,
      streamReply('COMPLETED', batch(['b'])),
    ];
    c.statusSteps = [statusReply('COMPLETED', { output: [batch(['a']), batch(['b'])] })];
    const events = await collect(runJob(options(c, { stallMs: 60, streamWaitMs: 100 })));
    const stalls = events.filter((e) => e.type === 'stall');
    expect(stalls).toHaveLength(1);
    expect(stalls[0]).toMatchObject({ type: 'stall' });
    expect((stalls[0] as { idleMs: number }).idleMs).toBeGreaterThanOrEqual(60);
  });

  it('looks up workers once when the job stays queued', async () => {
    const c = new FakeClient();
    const queued = async () => {
      await new Promise((r) => setTimeout(r, 80));
      return streamReply('IN_QUEUE');
    };
    c.streamSteps = [queued, streamReply('COMPLETED', batch(['x']))];
    c.statusSteps = [statusReply('COMPLETED', { output: [batch(['x'])] })];
    const events = await collect(runJob(options(c, { healthOnQueue: true, queueHintMs: 20 })));
    expect(events.filter((e) => e.type === 'workers')).toEqual([
      expect.objectContaining({ idle: 0, running: 0, initializing: 1 }),
    ]);
    expect(c.calls.filter((x) => x === 'health')).toHaveLength(1);
  });

  it('never throws: an unexpected failure becomes an error event', async () => {
    const c = new FakeClient();
    c.streamSteps = [new TypeError('kaboom')];
    const err = last(await collect(runJob(options(c))), 'error')!;
    expect(err.error.message).toBe('internal error: kaboom');
    expect(err.jobId).toBe('job-1');
  });

  it('a failed /run is an error without a job ID', async () => {
    const c = new FakeClient();
    c.runSteps = [new ServiceUnavailableError('POST /run: connection reset; the job may have been submitted')];
    const events = await collect(runJob(options(c)));
    expect(events).toHaveLength(1);
    expect(last(events, 'error')!.error.message).toContain('may have been submitted');
    expect(c.calls).toEqual(['run']);
  });
});

describe('runJob, the next poll', () => {
  it('is sent only after the consumer has had the tokens of the answer before it', async () => {
    const c = new FakeClient();
    c.streamSteps = [
      streamReply('IN_PROGRESS', batch(['Hel'])),
      streamReply('IN_PROGRESS', batch(['lo', ' wor'], 3)),
      streamReply('COMPLETED', batch(['ld'], 4)),
    ];
    c.statusSteps = [
      statusReply('COMPLETED', { output: [batch(['Hel']), batch(['lo', ' wor'], 3), batch(['ld'], 4)] }),
    ];
    let text = '';
    const seenAtPoll: string[] = [];
    const stream = c.stream;
    c.stream = (id, w, o) => {
      seenAtPoll.push(text);
      return stream(id, w, o);
    };
    for await (const e of runJob(options(c))) if (e.type === 'token') text += e.text;
    expect(text).toBe('Hello world');
    expect(seenAtPoll).toEqual(['', 'Hel', 'Hello wor']);
  });
});

describe('runJob, aborts and deadlines', () => {
  it('an abort stops the poll at once, cancels the job and reports the reason', async () => {
    const c = new FakeClient();
    c.streamSteps = [streamReply('IN_PROGRESS', batch(['Hel'])), hang];
    const ac = new AbortController();
    const gen = runJob(options(c, { signal: ac.signal }));
    const events: JobEvent[] = [];
    for await (const e of gen) {
      events.push(e);
      if (e.type === 'token') ac.abort('pipe-closed');
    }
    expect(last(events, 'cancelled')).toMatchObject({
      jobId: 'job-1',
      reason: 'pipe-closed',
      confirmed: true,
      partial: ['Hel'],
    });
    expect(c.calls.filter((x) => x === 'cancel')).toHaveLength(1);
  });

  it('an unconfirmed cancel is reported as such', async () => {
    const c = new FakeClient();
    c.streamSteps = [hang];
    c.cancelSteps = [new ServiceUnavailableError('down')];
    const ac = new AbortController();
    setTimeout(() => ac.abort('interrupted'), 20);
    const events = await collect(runJob(options(c, { signal: ac.signal })));
    expect(last(events, 'cancelled')).toMatchObject({ reason: 'interrupted', confirmed: false });
  });

  it('the deadline cancels a job that never ends, with reason timeout', async () => {
    const c = new FakeClient();
    c.streamSteps = [streamReply('IN_PROGRESS', batch(['a'])), hang];
    const started = Date.now();
    const events = await collect(runJob(options(c, { deadline: Date.now() + 100 })));
    expect(last(events, 'cancelled')).toMatchObject({ reason: 'timeout', confirmed: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an abort before /run answered still cancels the job once its ID arrives', async () => {
    const c = new FakeClient();
    c.runSteps = [() => new Promise((r) => setTimeout(() => r({ id: 'late-1', status: 'IN_QUEUE' }), 80))];
    const ac = new AbortController();
    setTimeout(() => ac.abort('interrupted'), 10);
    const events = await collect(runJob(options(c, { signal: ac.signal })));
    expect(events[0]).toMatchObject({ type: 'submitted', jobId: 'late-1' });
    expect(last(events, 'cancelled')).toMatchObject({ jobId: 'late-1', confirmed: true });
    expect(c.calls).toEqual(['run', 'cancel']);
  });

  it('an already aborted signal sends nothing', async () => {
    const c = new FakeClient();
    const events = await collect(runJob(options(c, { signal: AbortSignal.abort('interrupted') })));
    expect(events).toEqual([expect.objectContaining({ type: 'cancelled', confirmed: false })]);
    expect(c.calls).toEqual([]);
  });

  it('stopping the iteration early stops polling without cancelling', async () => {
    const c = new FakeClient();
    c.streamSteps = [streamReply('IN_PROGRESS', batch(['a'])), hang];
    for await (const e of runJob(options(c))) if (e.type === 'token') break;
    expect(c.calls).not.toContain('cancel');
  });
});

describe('runJob, not streaming', () => {
  it('polls /status with a growing interval and emits the text once', async () => {
    const c = new FakeClient();
    c.statusSteps = [
      statusReply('IN_QUEUE'),
      statusReply('IN_PROGRESS'),
      statusReply('COMPLETED', { executionTime: 5, output: [batch(FULL, 4)] }),
    ];
    const events = await collect(runJob(options(c, { stream: false })));
    expect(events.filter((e) => e.type === 'token')).toHaveLength(1);
    expect(last(events, 'done')!.text).toBe('Hello world');
    expect(c.calls).toEqual(['run', 'status', 'status', 'status']);
  });
});

describe('followJob and waitForJob', () => {
  it('followJob on a finished job emits its whole output', async () => {
    const c = new FakeClient();
    c.statusSteps = [statusReply('COMPLETED', { output: [batch(['Hel', 'lo'])] })];
    const events = await collect(followJob({ client: c, endpoint: 'ep', jobId: 'job-1', healthOnQueue: false }));
    expect(tokensOf(events)).toBe('Hello');
    expect(c.calls).toEqual(['status']);
  });

  it('followJob joining mid-stream emits only what follows the part it saw', async () => {
    const c = new FakeClient();
    c.statusSteps = [statusReply('IN_PROGRESS'), statusReply('COMPLETED', { output: FULL.map((t) => batch([t])) })];
    c.streamSteps = [streamReply('IN_PROGRESS', batch(['lo'])), streamReply('COMPLETED')];
    const events = await collect(
      followJob({ client: c, endpoint: 'ep', jobId: 'job-1', healthOnQueue: false, streamWaitMs: 1000 }),
    );
    expect(tokensOf(events)).toBe('lo world');
    expect(last(events, 'done')!.text).toBe('Hello world');
  });

  it('waitForJob reports statuses and the result without token events', async () => {
    const c = new FakeClient();
    c.statusSteps = [statusReply('IN_PROGRESS'), statusReply('COMPLETED', { output: [batch(['ok'])] })];
    const events = await collect(waitForJob({ client: c, endpoint: 'ep', jobId: 'job-1', healthOnQueue: false }));
    expect(events.map((e) => e.type)).toEqual(['status', 'status', 'usage', 'done']);
    expect(last(events, 'done')!.text).toBe('ok');
  });
});

describe('reconcileTexts', () => {
  it.each([
    [['Hel'], ['Hello'], 'strict', { tails: [{ index: 0, text: 'lo' }], texts: ['Hello'] }],
    [['Hello'], ['Hello'], 'strict', { tails: [], texts: ['Hello'] }],
    [
      ['', 'b'],
      ['a', 'bc'],
      'strict',
      {
        tails: [
          { index: 0, text: 'a' },
          { index: 1, text: 'c' },
        ],
        texts: ['a', 'bc'],
      },
    ],
    [['Bye'], ['Hello'], 'strict', { inconsistent: 0 }],
    [['Hello!'], ['Hello'], 'strict', { inconsistent: 0 }],
    [['lo'], ['Hello world'], 'attach', { tails: [{ index: 0, text: ' world' }], texts: ['Hello world'] }],
    [['ab'], ['ab ab cd'], 'attach', { tails: [{ index: 0, text: ' ab cd' }], texts: ['ab ab cd'] }],
    [['b'], ['ab ab cd'], 'attach', { tails: [{ index: 0, text: ' cd' }], texts: ['ab ab cd'] }],
    [['zz'], ['Hello'], 'attach', { tails: [], texts: ['Hello'] }],
  ] as const)('%j vs %j (%s)', (emitted, full, mode, expected) => {
    expect(reconcileTexts(emitted, full, mode)).toEqual(expected);
  });

  it('normalizes statuses (RUNNING is IN_PROGRESS, unknown is undefined)', () => {
    expect(normalizeStatus('RUNNING')).toBe('IN_PROGRESS');
    expect(normalizeStatus('completed')).toBe('COMPLETED');
    expect(normalizeStatus('ERROR')).toBeUndefined();
    expect(normalizeStatus(null)).toBeUndefined();
  });
});

describe('listeners', () => {
  it('leaves no abort listener behind on a long-lived signal', async () => {
    const ac = new AbortController();
    for (let i = 0; i < 12; i++) {
      const c = new FakeClient();
      c.streamSteps = [streamReply('COMPLETED', batch(['x']))];
      c.statusSteps = [statusReply('COMPLETED', { output: [batch(['x'])] })];
      await collect(runJob(options(c, { signal: ac.signal })));
    }
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});

describe('runJob, an overdue /stream poll', () => {
  const later =
    <T>(ms: number, value: T) =>
    () =>
      new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

  it('a /status check still out when the poll answers starts no further checks after the job ends', async () => {
    const c = new FakeClient();
    // The poll answers at 3.2 s, just after the overdue check (at wait + 3 s) went out; that
    // check's /status answers at 3.5 s, after the poll.
    c.streamSteps = [
      later(3200, streamReply('IN_PROGRESS', batch(['Hel', 'lo']))),
      streamReply('COMPLETED', batch([' wor', 'ld'], 4)),
    ];
    c.statusSteps = [later(300, statusReply('IN_PROGRESS')), statusReply('COMPLETED')];
    const events = await collect(runJob(options(c, { streamWaitMs: 10 })));
    expect(tokensOf(events)).toBe(FULL.join(''));
    const statusCalls = c.calls.filter((n) => n === 'status').length;
    // Longer than a check interval: no check may come once the run is over.
    await new Promise((r) => setTimeout(r, 3600));
    expect(c.calls.filter((n) => n === 'status').length).toBe(statusCalls);
  }, 15_000);
});
