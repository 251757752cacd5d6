// The OpenAI route (`--api openai`) end to end through the built binary: cut-off streams, the
// service's own words in errors, job-only flags refused, and journal trouble warned about once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MODEL_ID } from '../../src/emulator/index.js';
import { runOpenAIJob } from '../../src/core/job/openai.js';
import type { JobEvent } from '../../src/core/events.js';
import type { RunpodClient } from '../../src/core/runpod-client.js';
import { expectOneError, harness, onlyJob, withNewline, type Harness } from './harness.js';

let h: Harness;
/** A separate emulator for fault tests (faults are emulator-wide), used one test at a time. */
let faulty: Harness;
beforeAll(async () => {
  [h, faulty] = await Promise.all([harness(), harness()]);
});
afterEach(() => faulty?.emu.setFaults([]));
afterAll(async () => {
  await h?.close();
  await faulty?.close();
});

const openaiJobs = (x: Harness, ep: string) =>
  x.jobsOn(ep).filter((j) => (j.input as { openai_route?: string }).openai_route);

describe('a stream cut off before [DONE]', () => {
  test('is exit 8 with the partial text printed, not a success', { timeout: 20_000 }, async () => {
    faulty.emu.setFaults([{ name: 'openai-stream-cut', route: 'openai' }]);
    const ep = faulty.endpoint();
    const r = await faulty.run(
      ['complete', '--api', 'openai', '--model', MODEL_ID, '--max-tokens', '40', 'cut me off'],
      {
        env: faulty.env(ep),
      },
    );
    expect(r.code).toBe(8);
    expectOneError(r, /the stream ended before the reply was complete/);
    const [full] = faulty.emu.generate(openaiJobs(faulty, ep)[0]!.input);
    // The emulator cuts its SSE at random offsets, so the failure may come before any text.
    expect(full!.startsWith(r.stdout.trimEnd())).toBe(true);
    expect(r.stdout.trimEnd().length).toBeLessThan(full!.length);
  });

  test('--json reports it as an error, not COMPLETED', { timeout: 20_000 }, async () => {
    faulty.emu.setFaults([{ name: 'openai-stream-cut', route: 'openai' }]);
    const ep = faulty.endpoint();
    const r = await faulty.run(
      ['complete', '--api', 'openai', '--json', '--model', MODEL_ID, '--max-tokens', '40', 'cut'],
      {
        env: faulty.env(ep),
      },
    );
    expect(r.code).toBe(8);
    const out = JSON.parse(r.stdout) as { status: string; error: { message: string; exitCode: number } };
    expect(out.status).not.toBe('COMPLETED');
    expect(out.error.exitCode).toBe(8);
    expect(out.error.message).toMatch(/stream ended before the reply was complete/);
  });
});

describe('errors on the OpenAI route', () => {
  test.concurrent("an unknown model: the worker's message, exit 5, --json FAILED", { timeout: 20_000 }, async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', '--api', 'openai', '--model', 'nope', 'hi'], { env: h.env(ep) });
    expect(r.code).toBe(5);
    expectOneError(r, /does not exist/);
    expect(r.stderr).not.toMatch(/internal server error/);
    const j = await h.run(['complete', '--api', 'openai', '--json', '--no-stream', '--model', 'nope', 'hi'], {
      env: h.env(ep),
    });
    expect(j.code).toBe(5);
    const out = JSON.parse(j.stdout) as { status: string; error: { message: string; exitCode: number } };
    expect(out.status).toBe('FAILED');
    expect(out.error.exitCode).toBe(5);
    expect(out.error.message).toMatch(/nope/);
  });

  test('an endpoint that lists no models is a NotFoundError naming --model', async () => {
    const client = {
      endpoint: 'ep',
      openaiModels: async () => ({ data: [] }),
    } as unknown as RunpodClient;
    const events: JobEvent[] = [];
    for await (const ev of runOpenAIJob({ client, path: 'completions', body: () => ({}), stream: true }))
      events.push(ev);
    const last = events.at(-1)!;
    expect(last.type).toBe('error');
    if (last.type !== 'error') return;
    expect(last.error.name).toBe('NotFoundError');
    expect(last.error.exitCode).toBe(4);
    expect(last.error.message).toBe('the endpoint lists no models; pass --model <name>');
  });
});

describe('job-only flags with --api openai', () => {
  test.concurrent.each([
    [['--detach'], '--detach', 'has no job ID'],
    [['--ttl', '1m'], '--ttl', 'takes no job policy'],
    [['--execution-timeout', '30s'], '--execution-timeout', 'takes no job policy'],
    [['--low-priority'], '--low-priority', 'takes no job policy'],
    [['--webhook', 'https://example.com/hook'], '--webhook', 'takes no job policy'],
  ])('%s is a usage error and nothing is sent', async (flags, flag, why) => {
    const ep = h.endpoint();
    const r = await h.run(['complete', '--api', 'openai', ...flags, 'hello'], { env: h.env(ep) });
    expect(r.code).toBe(2);
    expectOneError(r, new RegExp(`${flag} does not work with --api openai \\(the OpenAI route ${why}\\)`));
    expect(r.stdout).toBe('');
    expect(h.requestsOn(ep)).toEqual([]);
  });
});

test.concurrent(
  'a data folder that cannot be created: the job succeeds with one journal warning',
  { timeout: 20_000 },
  async () => {
    const ep = h.endpoint();
    const blocker = join(h.home.dir, `not-a-folder-${ep}`);
    writeFileSync(blocker, 'x');
    const r = await h.run(['complete', '--max-tokens', '8', 'journal this'], {
      env: h.env(ep, { RPV_DATA_DIR: blocker }),
    });
    expect(r.code).toBe(0);
    const [text] = h.emu.generate(onlyJob(h, ep).input);
    expect(r.stdout).toBe(withNewline(text!));
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rpv: warning: the local record .* cannot be used .*; this job is not recorded$/);
  },
);
