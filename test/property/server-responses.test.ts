// Bad input from the service side: whatever /run, /stream, /status and /cancel answer (random
// JSON, wrong types, truncated bodies, SSE fragments, HTML, random status codes, dropped
// sockets), the job runner never throws and ends with exactly one terminal event whose text is
// exactly the tokens it emitted; a spawned sample ends with a one-line error and a contract code.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpvError } from '../../src/core/errors.js';
import type { JobEvent } from '../../src/core/events.js';
import { closeHttp } from '../../src/core/http.js';
import { runJob } from '../../src/core/job/native.js';
import { createClient } from '../../src/core/runpod-client.js';
import { makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';
import { expectErrorShape } from '../faults/fault-harness.js';
import { startFakeService, type FakeService } from './fake-service.js';
import { scenario } from './service-arbitraries.js';

const CONTRACT_CODES = new Set([0, 1, 3, 4, 5, 6, 7, 8]);
let fake: FakeService;

beforeAll(async () => {
  fake = await startFakeService();
});
afterAll(async () => {
  await fake.close();
  await closeHttp();
});

type Terminal = Extract<JobEvent, { type: 'done' | 'error' | 'cancelled' }>;
const noWait = async (): Promise<void> => {};

async function collect(events: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const out: JobEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('the job runner against a hostile service (in-process)', () => {
  it('never throws, ends with one terminal event, and its text is exactly the tokens it emitted', async () => {
    await fc.assert(
      fc.asyncProperty(scenario(), async (s) => {
        fake.load(s.script);
        const client = createClient({
          baseUrl: fake.baseUrl,
          endpoint: 'ep-prop',
          apiKey: TEST_KEY,
          retries: s.retries,
          sleep: noWait,
        });
        const events = await collect(
          runJob({
            client,
            endpoint: 'ep-prop',
            body: { input: { prompt: 'p' } },
            stream: s.stream,
            streamWaitMs: 1000,
            healthOnQueue: false,
            deadline: Date.now() + 8000,
          }),
        );
        const terminal = events.filter(
          (e): e is Terminal => e.type === 'done' || e.type === 'error' || e.type === 'cancelled',
        );
        expect(terminal).toHaveLength(1);
        const last = terminal[0]!;
        expect(events.at(-1)).toBe(last);
        for (const e of events) if (e.type === 'token') expect(e.text).not.toBe('');
        const retries = events.filter((e) => e.type === 'retry').length;
        if (last.type === 'cancelled')
          throw new Error(`nothing aborted this run, yet it was cancelled: ${JSON.stringify(last)}`);
        expect(last.retries).toBe(retries);
        const emitted: string[] = [];
        for (const e of events) if (e.type === 'token') emitted[e.index] = (emitted[e.index] ?? '') + e.text;
        if (last.type === 'done') {
          last.choices.forEach((c, i) => expect(c).toBe(emitted[i] ?? ''));
          expect(last.text).toBe(last.choices[0]);
        } else {
          expect(last.error).toBeInstanceOf(RpvError);
          expect(CONTRACT_CODES.has(last.error.exitCode)).toBe(true);
          expect(last.error.exitCode).not.toBe(0);
          // A wrapped unexpected exception means the runner crashed on this input.
          expect(last.error.message).not.toMatch(/^internal error:/);
          expect(last.error.message).not.toContain('\n');
          const said = `${last.error.message} ${last.error.hint ?? ''}`;
          expect(said).not.toContain(TEST_KEY);
          expect(said).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
          last.partial.forEach((p, i) => expect(p).toBe(emitted[i] ?? ''));
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});

describe('the built binary against a hostile service (spawned sample)', () => {
  const home = makeHome();
  afterAll(() => home.dispose());

  it('ends with a contract exit code, a one-line error, and never the key', async () => {
    // Real waits here: Retry-After is absent, zero or garbage.
    await fc.assert(
      fc.asyncProperty(scenario(fc.constantFrom(undefined, '0', 'later')), async (s) => {
        fake.load(s.script);
        const args = [
          'complete',
          '--retries',
          String(s.retries),
          '--timeout',
          '8s',
          ...(s.stream ? [] : ['--no-stream']),
          'hello',
        ];
        const r = await runRpv(args, {
          timeoutMs: 12_000,
          env: {
            ...home.env,
            RUNPOD_API_KEY: TEST_KEY,
            RUNPOD_ENDPOINT_ID: 'ep-prop',
            RUNPOD_ENDPOINT_BASE_URL: fake.baseUrl,
          },
        });
        expect(r.code === null ? -1 : CONTRACT_CODES.has(r.code)).toBe(true);
        // stdout is the product (a worker may echo anything); diagnostics never carry the key.
        expect(r.stderr).not.toContain(TEST_KEY);
        expect(r.stderr).not.toContain(TEST_KEY.slice(4, 20));
        expectErrorShape(r.stderr, { error: r.code !== 0, retries: s.retries });
        if (r.code !== 0) expect(r.stderr).not.toMatch(/^rpv: internal error:/m);
        // Whatever the service sent, nothing it said can drive the terminal.
        expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
        if (r.code === 0) expect(r.stdout.endsWith('\n')).toBe(true);
      }),
      { numRuns: 15 },
    );
  }, 60_000);
});
