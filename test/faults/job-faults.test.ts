// The job itself goes wrong (FAILED in each worker generation's error shape, an error inside a
// COMPLETED output, TIMED_OUT, cancelled by someone else, split UTF-8, a cold start), run
// through the built binary: the contract exit code, a readable one-line error, and stdout that
// holds only text the worker really produced.
import { afterAll, describe, expect, it } from 'vitest';
import { OutputDecoder } from '../../src/core/output-decoder.js';
import { TEST_KEY } from '../helpers/cli.js';
import { closeAllRigs, expectedStdout, expectErrorShape, onlyJob, withRig, WORKERS } from './fault-harness.js';

afterAll(closeAllRigs);

const ARGS = ['complete', '--max-tokens', '40', 'Tell me about mountains'];

/** stdout printed before a failure: a prefix of the generated text, plus the closing newline. */
function expectPartial(stdout: string, generated: string): void {
  if (stdout === '') return;
  expect(stdout.endsWith('\n')).toBe(true);
  const body = generated.startsWith(stdout) ? stdout : stdout.slice(0, -1);
  expect(generated.startsWith(body), `"${stdout}" is not a prefix of the generated text`).toBe(true);
}

/** No Python repr residue: quotes around keys, None, escaped JSON, dict braces. */
function expectReadable(line: string): void {
  expect(line).not.toMatch(/\{'|'\}|': |\bNone\b|\\"|\{"error"/);
}

describe.each(WORKERS)('%s worker', (worker) => {
  it.concurrent('fail (proxy worker_error repr): exit 5 with the vLLM message, readable', async () => {
    await withRig({ worker, faults: [{ name: 'fail' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(5);
      const job = onlyJob(emu);
      expect(job.status).toBe('FAILED');
      const line = expectErrorShape(r.stderr);
      expect(line).toContain(`job ${job.id} failed`);
      expect(line).toContain('Injected fault: the request was rejected mid-generation.');
      expectReadable(line);
      expectPartial(r.stdout, emu.generate(job.input)[0]!);
    });
  });

  it.concurrent('fail-legacy (legacy engine error repr): exit 5, readable', async () => {
    await withRig({ worker, faults: [{ name: 'fail-legacy' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(5);
      const line = expectErrorShape(r.stderr);
      expect(line).toContain('Injected fault: engine error mid-generation');
      expectReadable(line);
      expectPartial(r.stdout, emu.generate(onlyJob(emu).input)[0]!);
    });
  });

  it.concurrent('error-in-output (old SDK: COMPLETED with an error item): exit 5', async () => {
    await withRig({ worker, faults: [{ name: 'error-in-output' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(5);
      expect(onlyJob(emu).status).toBe('COMPLETED');
      const line = expectErrorShape(r.stderr);
      expect(line).toContain('Injected fault: error yielded as output');
      expectReadable(line);
      expectPartial(r.stdout, emu.generate(onlyJob(emu).input)[0]!);
    });
  });

  it.concurrent('TIMED_OUT on the service: exit 6 with a hint, no cancel sent', async () => {
    await withRig({ worker, faults: [{ name: 'timeout' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(6);
      const line = expectErrorShape(r.stderr);
      expect(line).toContain('timed out');
      expect(r.stderr).toMatch(/\n {2}\S/);
      expect(emu.count('cancel')).toBe(0);
      expectPartial(r.stdout, emu.generate(onlyJob(emu).input)[0]!);
    });
  });

  it.concurrent('cancelled by someone else: exit 7', async () => {
    await withRig({ worker, faults: [{ name: 'cancel-remote' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(7);
      const job = onlyJob(emu);
      expect(job.cancelled).toBe(false);
      const line = expectErrorShape(r.stderr);
      expect(line).toContain(`job ${job.id} was cancelled`);
      expect(emu.count('cancel')).toBe(0);
      expectPartial(r.stdout, emu.generate(job.input)[0]!);
    });
  });

  it.concurrent('cold start: the job waits IN_QUEUE, the text is exact and queueMs covers the wait', async () => {
    await withRig({ worker, coldStartMs: 1200 }, async ({ emu, run }) => {
      const r = await run([...ARGS, '--json']);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { text: string; timings: { queueMs: number; totalMs: number } };
      expect(`${out.text}\n`).toBe(expectedStdout(emu));
      // Node timers may fire a millisecond before Date.now() says the delay is over.
      expect(out.timings.queueMs).toBeGreaterThanOrEqual(1195);
      expect(out.timings.totalMs).toBeGreaterThanOrEqual(out.timings.queueMs);
    });
  });

  it.concurrent('cold start in plain mode: nothing but the text on stdout', async () => {
    await withRig({ worker, coldStartMs: 800 }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expectedStdout(emu));
      expect(r.stderr).toBe('');
    });
  });
});

describe('split UTF-8 in proxy stream slices', () => {
  it.concurrent('U+FFFD passes through exactly as the worker produced it, no crash', async () => {
    await withRig({ worker: 'openai', faults: [{ name: 'utf8-split' }] }, async ({ emu, run }) => {
      const r = await run(['complete', '--max-tokens', '80', 'Tell me about mountains']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('\uFFFD');
      // What the worker produced: its aggregated output, decoded.
      const job = onlyJob(emu);
      const res = await fetch(`${emu.baseUrl}/ep-faults/status/${job.id}`, {
        headers: { authorization: `Bearer ${TEST_KEY}` },
      });
      const { output } = (await res.json()) as { output: unknown[] };
      const decoder = new OutputDecoder();
      for (const item of output) decoder.push(item);
      decoder.end();
      const produced = decoder.texts[0]!;
      expect(r.stdout).toBe(`${produced}\n`);
      // And it is the generated text with the split characters replaced, nothing else changed.
      const pattern = produced
        .split(/\uFFFD+/u)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^\\x00-\\x7F]');
      expect(emu.generate(job.input)[0]).toMatch(new RegExp(`^${pattern}$`, 'u'));
    });
  });
});

describe('job policy flags reach the /run body', () => {
  it.concurrent('--execution-timeout, --ttl, --low-priority and --webhook', async () => {
    await withRig({ worker: 'openai' }, async ({ emu, run }) => {
      const r = await run([
        ...ARGS,
        '--execution-timeout',
        '90s',
        '--ttl',
        '2h',
        '--low-priority',
        '--webhook',
        'https://hooks.example.com/rpv?x=1',
      ]);
      expect(r.code).toBe(0);
      const job = onlyJob(emu);
      expect(job.policy).toEqual({ executionTimeout: 90_000, ttl: 7_200_000, lowPriority: true });
      expect(job.webhook).toBe('https://hooks.example.com/rpv?x=1');
    });
  });

  it.concurrent('without policy flags no policy or webhook is sent', async () => {
    await withRig({ worker: 'legacy' }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(0);
      expect(onlyJob(emu).policy).toBeUndefined();
      expect(onlyJob(emu).webhook).toBeUndefined();
    });
  });
});
