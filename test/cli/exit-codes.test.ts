// Every exit code `complete`, `status` and `cancel` can end with, through the built binary.
// Bad input sends nothing and prints one `rpv: ...` line (plus at most a hint), never a stack.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FaultSpec } from '../../src/emulator/index.js';
import { MISSING_ENDPOINT } from '../../src/emulator/index.js';
import { closedPort, expectOneError, harness, onlyJob, type Harness } from './harness.js';

const opened: Harness[] = [];
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close()));
});

/** A harness of its own: faults arm the next job of the whole emulator. */
async function own(faults: FaultSpec[] = [], opts: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  const h = await harness({ faults, ...opts });
  opened.push(h);
  return h;
}

describe('usage errors (exit 2) send nothing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await own();
  });
  afterAll(() => {
    expect(h.emu.requests()).toEqual([]);
  });

  const cases: [string, string[], string | undefined, RegExp][] = [
    ['an unknown flag', ['complete', '--no-such-flag', 'hi'], undefined, /--no-such-flag/],
    ['an out-of-range value', ['complete', '--temperature', '3', 'hi'], undefined, /--temperature.*0 and 2/],
    ['an out-of-range -n', ['complete', '-n', '0', 'hi'], undefined, /-n /],
    ['a bad duration', ['complete', '--timeout', 'soon', 'hi'], undefined, /--timeout/],
    ['no prompt at all', ['complete'], undefined, /no prompt/],
    ['a blank prompt on stdin', ['complete'], '  \n', /no prompt/],
    ['`-` with nothing on stdin', ['complete', '-'], '', /no prompt|stdin/],
    ['chat with no message', ['chat'], undefined, /no prompt|message/],
    ['a malformed job ID for status', ['status', 'bad/id'], undefined, /malformed job ID/],
    ['a malformed job ID for cancel', ['cancel', 'ok-id', 'not ok'], undefined, /malformed job ID/],
    ['a usage error with --verbose', ['complete', '-v', '--top-p', '0', 'hi'], undefined, /--top-p/],
  ];

  test.concurrent.each(cases)('%s', async (_label, args, stdin, pattern) => {
    const ep = h.endpoint();
    const r = await h.run(args, { env: h.env(ep), stdin });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneError(r, pattern);
    expect(h.requestsOn(ep)).toEqual([]);
  });
});

describe('configuration and authentication (exit 3)', () => {
  test.concurrent('no key: nothing is sent', async () => {
    const h = await own();
    const ep = h.endpoint();
    const r = await h.run(['complete', 'hi'], { env: h.env(ep, { RUNPOD_API_KEY: undefined }) });
    expect(r.code).toBe(3);
    expectOneError(r, /no API key/);
    expect(h.emu.requests()).toEqual([]);
  });

  test.concurrent('no endpoint: nothing is sent', async () => {
    const h = await own();
    const r = await h.run(['complete', 'hi'], { env: h.env('x', { RUNPOD_ENDPOINT_ID: undefined }) });
    expect(r.code).toBe(3);
    expectOneError(r, /no endpoint/);
    expect(h.emu.requests()).toEqual([]);
  });

  test.concurrent('a rejected key (401)', async () => {
    const h = await own([], { apiKey: 'the-right-key-0000' });
    const ep = h.endpoint();
    const r = await h.run(['complete', '-v', 'hi'], { env: h.env(ep) });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('    at ');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('rpv: '))).toHaveLength(1);
    const seen = h.requestsOn(ep);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((q) => q.status === 401 && q.auth === 'wrong')).toBe(true);
    expect(seen.filter((q) => q.route === 'run')).toHaveLength(1);
  });
});

describe('not found (exit 4)', () => {
  test.concurrent('an unknown job ID', async () => {
    const h = await own();
    const ep = h.endpoint();
    const r = await h.run(['status', 'no-such-job-123'], { env: h.env(ep) });
    expect(r.code).toBe(4);
    expectOneError(r, /no-such-job-123/);
    const c = await h.run(['cancel', 'no-such-job-456'], { env: h.env(ep) });
    expect(c.code).toBe(4);
    expectOneError(c, /no-such-job-456/);
  });

  test.concurrent('an unknown endpoint', async () => {
    const h = await own();
    const r = await h.run(['complete', 'hi'], { env: h.env(MISSING_ENDPOINT) });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expectOneError(r, /missing-endpoint/);
    expect(h.jobsOn(MISSING_ENDPOINT)).toEqual([]);
  });
});

describe('jobs that end badly', () => {
  test.concurrent.each([
    ['fail', 'openai', 5],
    ['fail-legacy', 'legacy', 5],
    ['error-in-output', 'openai', 5],
    ['timeout', 'openai', 6],
    ['cancel-remote', 'openai', 7],
  ] as const)('fault %s on the %s worker exits %i and names the job', async (fault, worker, code) => {
    const h = await own([{ name: fault }], { worker, tokenDelayMs: 1 });
    const ep = h.endpoint();
    const r = await h.run(['complete', '--max-tokens', '30', 'doomed'], { env: h.env(ep) });
    const job = onlyJob(h, ep);
    expect(job.fault).toBe(fault);
    expect(r.code).toBe(code);
    expectOneError(r, new RegExp(job.id));
    expect(h.requestsOn(ep).filter((q) => q.route === 'cancel')).toEqual([]);
    const status = await h.run(['status', job.id, '--wait'], { env: h.env(ep) });
    expect(status.code).toBe(code);
  });

  test.concurrent('--json still prints the object for a failed job', async () => {
    const h = await own([{ name: 'fail' }], { tokenDelayMs: 1 });
    const ep = h.endpoint();
    const r = await h.run(['complete', '--json', '--max-tokens', '30', 'doomed'], { env: h.env(ep) });
    expect(r.code).toBe(5);
    const out = JSON.parse(r.stdout) as { id: string; status: string; error: { exitCode: number } };
    expect(out).toMatchObject({ id: onlyJob(h, ep).id, status: 'FAILED', error: { exitCode: 5 } });
    expectOneError(r);
  });
});

describe('deadlines (exit 6)', () => {
  test.concurrent('--timeout 1s on a job that never ends cancels it first', async () => {
    const h = await own([{ name: 'never-end' }]);
    const ep = h.endpoint();
    const started = Date.now();
    const r = await h.run(['complete', '--timeout', '1s', 'forever'], { env: h.env(ep), timeoutMs: 10_000 });
    expect(r.code).toBe(6);
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(h.emu.count('cancel')).toBe(1);
    const job = onlyJob(h, ep);
    expect(job.cancelled).toBe(true);
    expectOneError(r, new RegExp(`timed out.*${job.id}`));
  });
});

describe('service unavailable (exit 8)', () => {
  test.concurrent('503 on every /stream call with --retries 1', async () => {
    const h = await own([{ name: '503', route: 'stream', count: Infinity }]);
    const ep = h.endpoint();
    const r = await h.run(['complete', '--retries', '1', '--max-tokens', '5', 'unavailable'], { env: h.env(ep) });
    expect(r.code).toBe(8);
    expect(r.stdout).toBe('');
    const streams = h.requestsOn(ep).filter((q) => q.route === 'stream');
    expect(streams.length).toBeGreaterThanOrEqual(2);
    expect(streams.every((q) => q.status === 503)).toBe(true);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('rpv: ') && !/retry \d/.test(l));
    expect(lines, r.stderr).toHaveLength(1);
    expect(r.stderr).not.toContain('    at ');
  });

  test.concurrent('a base URL pointing at a closed port', async () => {
    const h = await own();
    const ep = h.endpoint();
    const r = await h.run(['complete', '--retries', '1', 'nobody home'], {
      env: h.env(ep, { RUNPOD_ENDPOINT_BASE_URL: `http://127.0.0.1:${await closedPort()}/v2` }),
    });
    expect(r.code).toBe(8);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('rpv: ') && !/retry \d/.test(l));
    expect(lines, r.stderr).toHaveLength(1);
    expect(r.stderr).not.toContain('    at ');
  });
});
