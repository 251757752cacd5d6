// One HTTP exchange goes wrong (rate limits, 5xx, HTML edge pages, truncated JSON, dropped
// connections): the built binary retries what is safe, prints exactly the generated text, and
// never submits a job twice. Retry-After waits cost real seconds, so cases run concurrently.
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeAllRigs,
  expectedStdout,
  expectErrorShape,
  onlyJob,
  retryNotes,
  withRig,
  WORKERS,
} from './fault-harness.js';

afterAll(closeAllRigs);

const ARGS = ['complete', '--max-tokens', '24', 'Tell me about rivers'];

describe.each(WORKERS)('%s worker: retried faults end with the exact text', (worker) => {
  it.concurrent('429 with Retry-After on /stream: waits the second it was told, then streams on', async () => {
    await withRig({ worker, faults: [{ name: '429', route: 'stream' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expectedStdout(emu));
      expectErrorShape(r.stderr, { error: false, retries: 4 });
      const notes = retryNotes(r.stderr);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ reason: 'rate limited (429)', attempt: 1 });
      expect(notes[0]!.ms).toBeGreaterThanOrEqual(1000);
      expect(emu.count('run')).toBe(1);
    });
  });

  it.concurrent('429 without Retry-After on /run: a short jittered backoff, one job', async () => {
    await withRig({ worker, faults: [{ name: '429-no-retry-after', route: 'run' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expectedStdout(emu));
      const notes = retryNotes(r.stderr);
      expect(notes).toHaveLength(1);
      expect(notes[0]!.ms).toBeLessThanOrEqual(250);
      expectErrorShape(r.stderr, { error: false, retries: 4 });
      expect(emu.count('run')).toBe(2);
      expect(emu.jobs()).toHaveLength(1);
    });
  });

  it.concurrent('429 with a Retry-After date on /run: waits until that date', async () => {
    await withRig({ worker, faults: [{ name: '429-date', route: 'run' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expectedStdout(emu));
      const notes = retryNotes(r.stderr);
      expect(notes).toHaveLength(1);
      // The date is 1-2 s ahead (whole seconds) when sent: far more than a first backoff (<= 250 ms).
      expect(notes[0]!.ms).toBeGreaterThanOrEqual(300);
      expect(notes[0]!.ms).toBeLessThanOrEqual(2100);
      expect(emu.count('run')).toBe(2);
      expect(emu.jobs()).toHaveLength(1);
    });
  });

  it.concurrent('503 twice on /status polls (--no-stream): retried, text exact', async () => {
    await withRig({ worker, faults: [{ name: '503', route: 'status', count: 2 }] }, async ({ emu, run }) => {
      const r = await run([...ARGS, '--no-stream']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expectedStdout(emu));
      expect(retryNotes(r.stderr).map((n) => n.reason)).toEqual([
        'service unavailable (503)',
        'service unavailable (503)',
      ]);
      expectErrorShape(r.stderr, { error: false, retries: 4 });
      expect(emu.count('run')).toBe(1);
    });
  });

  it.concurrent('503 twice on /stream polls: retried (nothing was drained), text exact', async () => {
    await withRig({ worker, faults: [{ name: '503', route: 'stream', count: 2 }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expectedStdout(emu));
      expect(retryNotes(r.stderr)).toHaveLength(2);
      expectErrorShape(r.stderr, { error: false, retries: 4 });
    });
  });

  it.concurrent('HTML 502 edge page on /run: refused before the service acted, so retried once', async () => {
    await withRig({ worker, faults: [{ name: '502-html', route: 'run' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expectedStdout(emu));
      expect(retryNotes(r.stderr).map((n) => n.reason)).toEqual(['HTML error page (502)']);
      expect(r.stderr).not.toContain('<');
      expect(emu.count('run')).toBe(2);
      expect(emu.jobs()).toHaveLength(1);
    });
  });

  it.concurrent('HTML 504 edge page on /status: retried, and the page never reaches the terminal', async () => {
    await withRig({ worker, faults: [{ name: '504-html', route: 'status' }] }, async ({ emu, run }) => {
      const r = await run([...ARGS, '--no-stream']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expectedStdout(emu));
      expect(retryNotes(r.stderr).map((n) => n.reason)).toEqual(['HTML error page (504)']);
      expect(r.stderr).not.toContain('<');
    });
  });

  it.concurrent('HTML 504 on /stream: the reply may have drained chunks, so the rest comes from /status', async () => {
    await withRig({ worker, faults: [{ name: '504-html', route: 'stream' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expectedStdout(emu));
      expect(r.stderr).toBe('');
      expect(emu.count('stream')).toBe(1);
      expect(emu.count('status')).toBeGreaterThanOrEqual(1);
    });
  });

  it.concurrent(
    '503 on the final /status after /stream said COMPLETED: one attempt, no retry wait, exit 0',
    async () => {
      await withRig({ worker, faults: [{ name: '503', route: 'status', count: Infinity }] }, async ({ emu, run }) => {
        const r = await run(ARGS);
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(expectedStdout(emu));
        expect(retryNotes(r.stderr)).toEqual([]);
        expect(emu.count('status')).toBe(1);
      });
    },
  );

  it.concurrent('malformed JSON from /status: retried as a poll, text exact', async () => {
    await withRig({ worker, faults: [{ name: 'malformed-json', route: 'status' }] }, async ({ emu, run }) => {
      const r = await run([...ARGS, '--no-stream']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expectedStdout(emu));
      expect(retryNotes(r.stderr).map((n) => n.reason)).toEqual(['malformed response (200)']);
    });
  });

  it.concurrent('malformed JSON from /stream: treated as a lost reply, text recovered exactly', async () => {
    await withRig({ worker, faults: [{ name: 'malformed-json', route: 'stream' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expectedStdout(emu));
      expect(r.stderr).toBe('');
    });
  });
});

describe('ambiguous /run failures are never repeated', () => {
  it.concurrent.each([
    ['500', 'internal server error (500)'],
    ['malformed-json', 'malformed response (200)'],
    ['drop-after-accept', 'connection reset'],
  ] as const)('%s on /run: exit 8, "may have been submitted", one submission', async (name, reason) => {
    await withRig({ worker: 'openai', faults: [{ name, route: 'run' }] }, async ({ emu, run }) => {
      const r = await run(ARGS);
      expect(r.code).toBe(8);
      expect(r.stdout).toBe('');
      const line = expectErrorShape(r.stderr, { error: true });
      expect(line).toContain(reason);
      expect(line).toContain('the job may have been submitted');
      // No ID came back, so the record cannot hold the job: the hint names what can see it.
      expect(r.stderr).toMatch(/\n {2}no job ID came back, so `rpv status` cannot list it: `rpv health` shows/);
      expect(r.stderr).toContain('Runpod console');
      expect(retryNotes(r.stderr)).toEqual([]);
      expect(emu.count('run')).toBe(1);
      // drop-after-accept: the job exists (and runs) although rpv never learned its ID.
      expect(emu.jobs()).toHaveLength(name === 'drop-after-accept' ? 1 : 0);
    });
  });
});

describe('failures that outlast the retries', () => {
  it.concurrent('503 on every /status poll: exit 8 after --retries, naming the job and how to find it', async () => {
    await withRig(
      { worker: 'legacy', faults: [{ name: '503', route: 'status', count: Infinity }] },
      async ({ emu, run }) => {
        const r = await run([...ARGS, '--no-stream', '--retries', '1']);
        expect(r.code).toBe(8);
        const id = onlyJob(emu).id;
        const line = expectErrorShape(r.stderr, { error: true, retries: 1 });
        expect(line).toContain('service unavailable (503)');
        expect(line).toContain(id);
        expect(retryNotes(r.stderr)).toHaveLength(1);
        // The job was submitted and still runs: resubmitting would duplicate it.
        expect(r.stderr).toContain(`rpv status ${id}`);
        expect(emu.count('run')).toBe(1);
      },
    );
  });

  it.concurrent('nothing listening: exit 8 at once (refused is not retried), naming the host', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await withRig({}, async ({ run }) => {
      const r = await run([...ARGS, '--retries', '1'], {
        env: { RUNPOD_ENDPOINT_BASE_URL: `http://127.0.0.1:${port}/v2` },
      });
      expect(r.code).toBe(8);
      const line = expectErrorShape(r.stderr, { error: true, retries: 0 });
      expect(line).toContain(`could not reach 127.0.0.1:${port}: connection refused`);
      expect(retryNotes(r.stderr)).toEqual([]);
    });
  });
});
