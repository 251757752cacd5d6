// Deadlines: --timeout bounds the whole command (a job that never ends, a queue that never
// moves, a hung poll, a /run that is rate limited past the deadline) and cancels the job it
// submitted; a stall while generating is reported as a `stall` event.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../src/core/events.js';
import { closeHttp, toHttpFailure } from '../../src/core/http.js';
import { classify, mayRetry, type Failure } from '../../src/core/retry.js';
import { runJob } from '../../src/core/job/native.js';
import { createClient } from '../../src/core/runpod-client.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { closeAllRigs, expectErrorShape, onlyJob, retryNotes, until, withRig, WORKERS } from './fault-harness.js';

afterAll(closeAllRigs);

const ARGS = ['complete', '--max-tokens', '40', 'Tell me about glaciers'];

describe.each(WORKERS)('%s worker: --timeout cancels and exits 6', (worker) => {
  it.concurrent('never-end with --timeout 1s: the job is cancelled on the service', async () => {
    await withRig({ worker, faults: [{ name: 'never-end' }] }, async ({ emu, run }) => {
      const started = Date.now();
      const r = await run([...ARGS, '--timeout', '1s']);
      const took = Date.now() - started;
      expect(r.code).toBe(6);
      expect(took).toBeGreaterThanOrEqual(900);
      expect(took).toBeLessThan(5000);
      const job = onlyJob(emu);
      expect(emu.count('cancel')).toBe(1);
      expect(job.cancelled).toBe(true);
      expect(job.status).toBe('CANCELLED');
      const line = expectErrorShape(r.stderr);
      expect(line).toMatch(/timed out/);
      expect(line).toContain(job.id);
      expect(r.stdout).toBe('');
    });
  });

  it.concurrent('stuck-queue with --timeout 1s: cancelled while still IN_QUEUE', async () => {
    await withRig({ worker, faults: [{ name: 'stuck-queue' }] }, async ({ emu, run }) => {
      const r = await run([...ARGS, '--timeout', '1s']);
      expect(r.code).toBe(6);
      expect(emu.count('cancel')).toBe(1);
      expect(onlyJob(emu).cancelled).toBe(true);
      expectErrorShape(r.stderr);
    });
  });
});

describe('--timeout bounds every wait', () => {
  it.concurrent('a hung /status poll (--no-stream) is cut at the deadline and the job cancelled', async () => {
    await withRig({ worker: 'openai', faults: [{ name: 'hang', route: 'status' }] }, async ({ emu, run }) => {
      const started = Date.now();
      const r = await run([...ARGS, '--no-stream', '--timeout', '1500ms']);
      expect(r.code).toBe(6);
      expect(Date.now() - started).toBeLessThan(6000);
      expect(emu.count('cancel')).toBe(1);
      expectErrorShape(r.stderr);
    });
  });

  it.concurrent('/run rate limited past the deadline: exit 6 at the deadline, no submission after it', async () => {
    await withRig(
      { worker: 'openai', faults: [{ name: '429', route: 'run', count: Infinity }] },
      async ({ emu, run }) => {
        const started = Date.now();
        const r = await run([...ARGS, '--timeout', '1500ms']);
        const took = Date.now() - started;
        expect(r.code).toBe(6);
        // Retry-After is 1 s: one retry fits before the deadline, a second one does not (no grace
        // period stretches a retry wait past the deadline).
        expect(emu.count('run')).toBeLessThanOrEqual(2);
        expect(took).toBeLessThan(5000);
        expect(emu.jobs()).toHaveLength(0);
        expectErrorShape(r.stderr);
        expect(retryNotes(r.stderr).length).toBeLessThanOrEqual(2);
      },
    );
  });
});

describe('stall detection (in-process: the threshold is 30 s in the CLI)', () => {
  let emu: Emulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
    await closeHttp();
  });

  it('a job generating nothing emits one stall event, then the deadline cancels it', async () => {
    emu = await startEmulator({ port: 0, tokenDelayMs: 1, streamWaitMs: 1000, faults: [{ name: 'never-end' }] });
    const client = createClient({ baseUrl: emu.baseUrl, endpoint: 'ep-stall', apiKey: 'k-stall-test' });
    const events: JobEvent[] = [];
    const input = { prompt: 'x', sampling_params: { max_tokens: 5 }, stream: true };
    for await (const e of runJob({
      client,
      endpoint: 'ep-stall',
      body: { input },
      stream: true,
      streamWaitMs: 200,
      stallMs: 300,
      healthOnQueue: false,
      deadline: Date.now() + 2500,
    })) {
      events.push(e);
    }
    const stalls = events.filter((e) => e.type === 'stall');
    expect(stalls).toHaveLength(1);
    expect(stalls[0]).toMatchObject({ type: 'stall' });
    expect((stalls[0] as { idleMs: number }).idleMs).toBeGreaterThanOrEqual(300);
    const statusAt = events.findIndex((e) => e.type === 'status' && e.status === 'IN_PROGRESS');
    expect(statusAt).toBeGreaterThanOrEqual(0);
    expect(events.indexOf(stalls[0]!)).toBeGreaterThan(statusAt);
    expect(events.at(-1)).toMatchObject({ type: 'cancelled', reason: 'timeout', confirmed: true });
    await until(() => emu!.jobs()[0]?.cancelled === true, 2000, 'the cancel');
  });
});

describe('connect timeout versus a timeout after sending', () => {
  const asFailure = (code: string, answered: boolean): Failure => {
    const f = toHttpFailure(Object.assign(new Error(code), { code }), { timedOut: false, answered });
    return { kind: 'network', netKind: f.kind, sent: f.sent };
  };

  it('a connect timeout never reached the service: transient, and safe to repeat even for /run', () => {
    const f = asFailure('UND_ERR_CONNECT_TIMEOUT', false);
    expect(f).toEqual({ kind: 'network', netKind: 'timeout', sent: false });
    expect(classify(f)).toMatchObject({ retry: true, reason: 'connect timeout', ambiguous: false });
    expect(mayRetry('run', f)).toBe(true);
  });

  it('a reply that timed out after the request was sent is ambiguous: polled again, never resubmitted', () => {
    const f = asFailure('UND_ERR_HEADERS_TIMEOUT', false);
    expect(f).toEqual({ kind: 'network', netKind: 'timeout', sent: true });
    expect(classify(f)).toMatchObject({ retry: true, reason: 'request timed out', ambiguous: true });
    expect(mayRetry('status', f)).toBe(true);
    expect(mayRetry('run', f)).toBe(false);
    expect(mayRetry('stream', f)).toBe(false);
  });
});
