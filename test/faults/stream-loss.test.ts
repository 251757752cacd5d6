// A /stream reply lost in the middle of generation (the connection dropped before or after the
// service drained chunks): rpv recovers the missing text from the job's aggregated output, so
// what it prints equals what the worker produced, nothing lost and nothing twice.
import { afterAll, describe, expect, it } from 'vitest';
import type { TransportFaultName } from '../../src/emulator/index.js';
import { makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';
import { startFakeService } from '../property/fake-service.js';
import {
  closeAllRigs,
  expectedStdout,
  expectErrorShape,
  onlyJob,
  withRig,
  WORKERS,
  type FaultRig,
} from './fault-harness.js';

afterAll(closeAllRigs);

const ARGS = ['complete', '--max-tokens', '80', 'Tell me about the sea'];

/** Runs rpv and arms `fault` on /stream once generated text reached stdout. */
async function dropMidStream(r: FaultRig, fault: TransportFaultName, extra: string[] = [], seen = /\S/) {
  let armed = false;
  let out = '';
  const result = await r.run([...ARGS, ...extra], {
    onSpawn: (child) =>
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (armed || !seen.test(out)) return;
        armed = true;
        r.emu.setFaults([{ name: fault, route: 'stream' }]);
      }),
  });
  const fired = r.emu.requests().filter((q) => q.fault === fault);
  return { result, fired };
}

// --json prints nothing until the end, so the fault is armed after a few polls instead.
async function dropAfterPolls(r: FaultRig, fault: TransportFaultName, extra: string[]) {
  const timer = setInterval(() => {
    if (r.emu.count('stream') >= 2) {
      clearInterval(timer);
      r.emu.setFaults([{ name: fault, route: 'stream' }]);
    }
  }, 1);
  try {
    const result = await r.run([...ARGS, ...extra]);
    return { result, fired: r.emu.requests().filter((q) => q.fault === fault) };
  } finally {
    clearInterval(timer);
  }
}

describe.each(WORKERS)('%s worker', (worker) => {
  // Tokens slow enough that the job is still generating when the fault fires.
  const opts = { worker, tokenDelayMs: 6 };

  it.concurrent.each(['drop', 'drop-after-drain'] as const)(
    '%s mid-stream: stdout is still exactly the generated text',
    async (fault) => {
      await withRig(opts, async (r) => {
        const { result, fired } = await dropMidStream(r, fault);
        expect(fired, 'the fault fired').toHaveLength(1);
        expect(result.code).toBe(0);
        expect(result.stderr).toBe('');
        expect(result.stdout).toBe(expectedStdout(r.emu));
        // Recovery reads /status instead of resubmitting.
        expect(r.emu.count('run')).toBe(1);
        expect(r.emu.count('status')).toBeGreaterThanOrEqual(1);
        const job = onlyJob(r.emu);
        expect(job.status).toBe('COMPLETED');
        // drop-after-drain: the service handed out chunks rpv never saw; they came back from /status.
        if (fault === 'drop-after-drain') expect(fired[0]!.status).toBe(200);
      });
    },
  );

  it.concurrent('drop-after-drain with --json: the "text" field is exact', async () => {
    await withRig(opts, async (r) => {
      const { result, fired } = await dropAfterPolls(r, 'drop-after-drain', ['--json']);
      expect(fired).toHaveLength(1);
      expect(result.code).toBe(0);
      const out = JSON.parse(result.stdout) as { text: string; status: string };
      expect(out.status).toBe('COMPLETED');
      expect(out.text).toBe(r.emu.generate(onlyJob(r.emu).input)[0]);
    });
  });

  it.concurrent('drop-after-drain with --jsonl: the token events add up to the text once', async () => {
    await withRig(opts, async (r) => {
      const { result, fired } = await dropMidStream(r, 'drop-after-drain', ['--jsonl'], /"event":"token"/);
      expect(fired).toHaveLength(1);
      expect(result.code).toBe(0);
      const events = result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { event: string; text?: string });
      const text = events
        .filter((e) => e.event === 'token')
        .map((e) => e.text)
        .join('');
      expect(text).toBe(r.emu.generate(onlyJob(r.emu).input)[0]);
      expect(events.at(-1)?.event).toBe('done');
    });
  });
});

describe('when the lost text cannot be recovered', () => {
  it('a lost /stream reply and no aggregated output: says so, exit 8, prints only what it saw', async () => {
    const fake = await startFakeService();
    const home = makeHome();
    try {
      const chunk = (text: string) =>
        `data: ${JSON.stringify({ object: 'text_completion', choices: [{ index: 0, text }] })}\n\n`;
      fake.load({
        run: [{ status: 200, body: JSON.stringify({ id: 'job-lost', status: 'IN_QUEUE' }) }],
        stream: [
          { status: 200, body: JSON.stringify({ status: 'IN_PROGRESS', stream: [{ output: chunk('Hello') }] }) },
          { status: 0, body: '', drop: true },
        ],
        status: [{ status: 200, body: JSON.stringify({ id: 'job-lost', status: 'COMPLETED', output: [] }) }],
      });
      const r = await runRpv(['complete', 'hi'], {
        env: {
          ...home.env,
          RUNPOD_API_KEY: TEST_KEY,
          RUNPOD_ENDPOINT_ID: 'ep',
          RUNPOD_ENDPOINT_BASE_URL: fake.baseUrl,
        },
      });
      expect(r.code).toBe(8);
      expect(r.stdout).toBe('Hello\n');
      const line = expectErrorShape(r.stderr);
      expect(line).toContain('job-lost');
      expect(line).toMatch(/part of its streamed output was lost/);
      expect(fake.seen().filter((x) => x === 'run')).toHaveLength(1);
    } finally {
      await fake.close();
      home.dispose();
    }
  });
});
