// The local record through the built binary: every job lands in rpv.db with the timings the
// service reported; `rpv log` and `rpv stats` read them back; parallel processes lose nothing.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// Many spawned processes per test on a shared 2-core machine: the tests run one at a time,
// with room for a slow machine.
vi.setConfig({ testTimeout: 90_000 });
import { TEST_KEY } from '../helpers/cli.js';
import { harness, type Harness } from './harness.js';
import { logJson, serviceStatus } from './record-helpers.js';

let h: Harness;
let cold: Harness;
beforeAll(async () => {
  [h, cold] = await Promise.all([
    harness({ tokenDelayMs: 1 }),
    harness({ tokenDelayMs: 1, coldStartMs: 5300, idleTimeoutMs: 60_000 }),
  ]);
});
afterAll(async () => {
  await h?.close();
  await cold?.close();
});

/** Nearest rank, written out again here so the test does not trust the code under test. */
function rank(values: number[], p: number): number | null {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s[Math.max(1, Math.ceil((p / 100) * s.length)) - 1] ?? null;
}

describe('rpv log', () => {
  test('timings in log --json equal what the service reported', async () => {
    const ep = h.endpoint();
    for (const mode of [[], ['--no-stream'], ['--json']]) {
      const r = await h.run(['complete', ...mode, '--max-tokens', '6', `timings ${mode.join('')}`], { env: h.env(ep) });
      expect(r.code).toBe(0);
    }
    const jobs = await logJson(h, ep);
    expect(jobs).toHaveLength(3);
    for (const job of jobs) {
      const reported = await serviceStatus(h, ep, job.id as string, TEST_KEY);
      expect(reported.status).toBe('COMPLETED');
      expect(job.status).toBe('COMPLETED');
      expect(job.queueMs).toBe(reported.delayTime);
      expect(job.executionMs).toBe(reported.executionTime);
      expect(job.tokensOut).toBeGreaterThan(0);
      expect(job.totalMs as number).toBeGreaterThanOrEqual(job.executionMs as number);
      expect(job).toMatchObject({
        endpoint: ep,
        command: 'complete',
        route: 'native',
        profile: 'default',
        cached: false,
      });
      expect(job.prompt).toMatch(/^timings/);
      expect(typeof job.reply).toBe('string');
      expect(Date.parse(job.finishedAt as string)).toBeGreaterThanOrEqual(Date.parse(job.submittedAt as string));
    }
  });

  test('the table for people has a header, local times and a preview; one job in full', async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', '--max-tokens', '5', 'a prompt to preview'], { env: h.env(ep) });
    expect(r.code).toBe(0);
    const [job] = await logJson(h, ep);
    const table = await h.run(['log', '--endpoint', ep], { env: h.env(ep) });
    expect(table.code).toBe(0);
    const [head, row] = table.stdout.split('\n');
    expect(head).toMatch(/^WHEN\s+JOB\s+ENDPOINT\s+STATUS\s+QUEUE\s+EXEC\s+TTFT\s+TOTAL/);
    const d = new Date(job!.submittedAt as string);
    const local = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}`;
    expect(row).toContain(local);
    expect(row).toContain(job!.id as string);
    expect(row).toContain('a prompt to preview →');
    const prefix = (job!.id as string).slice(0, 8);
    const full = await h.run(['log', prefix], { env: h.env(ep) });
    expect(full.code).toBe(0);
    expect(full.stdout).toContain(`job         ${job!.id}`);
    expect(full.stdout).toContain(`--- reply\n${r.stdout}`);
  });

  test('--search, --since and -n filter; rpv log path names rpv.db in the data folder', async () => {
    const ep = h.endpoint();
    for (const p of ['alpha needle', 'beta', 'gamma'])
      expect((await h.run(['complete', '--max-tokens', '3', p], { env: h.env(ep) })).code).toBe(0);
    expect((await logJson(h, ep, ['--search', 'NEEDLE'])).map((j) => j.prompt)).toEqual(['alpha needle']);
    expect((await logJson(h, ep, ['-n', '2'])).map((j) => j.prompt)).toEqual(['gamma', 'beta']);
    expect(await logJson(h, ep, ['--since', '1h'])).toHaveLength(3);
    const path = await h.run(['log', 'path'], { env: h.env(ep) });
    expect(path.stdout).toBe(`${h.home.env.RPV_DATA_DIR}/rpv.db\n`);
  });

  test('every command is recorded: one chat turn, the OpenAI route, --detach', async () => {
    const ep = h.endpoint();
    expect((await h.run(['chat', '--max-tokens', '4', 'a chat turn'], { env: h.env(ep) })).code).toBe(0);
    expect(
      (await h.run(['complete', '--api', 'openai', '--max-tokens', '4', 'openai route'], { env: h.env(ep) })).code,
    ).toBe(0);
    const detached = await h.run(['complete', '--detach', '--max-tokens', '4', 'detached one'], { env: h.env(ep) });
    const jobs = await logJson(h, ep);
    expect(jobs).toHaveLength(3);
    const chat = jobs.find((j) => j.command === 'chat')!;
    expect(JSON.parse(chat.prompt as string)).toEqual([{ role: 'user', content: 'a chat turn' }]);
    expect(chat.status).toBe('COMPLETED');
    const openai = jobs.find((j) => j.route === 'openai')!;
    expect(openai).toMatchObject({ id: null, prompt: 'openai route', status: 'COMPLETED' });
    expect(typeof openai.reply).toBe('string');
    expect(jobs.find((j) => j.prompt === 'detached one')!.id).toBe(detached.stdout.trim());
    const byRow = await h.run(['log', `#${openai.row}`, '--json'], { env: h.env(ep) });
    expect(JSON.parse(byRow.stdout).prompt).toBe('openai route');
  });

  test('20 parallel rpv complete processes, on a record none of them has created yet, all end up in the log', async () => {
    const ep = h.endpoint();
    const env = { ...h.env(ep), RPV_DATA_DIR: `${h.home.dir}/parallel-data` };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.run(['complete', '--max-tokens', '3', `parallel ${i}`], { env, timeoutMs: 60_000 }),
      ),
    );
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const jobs = await logJson(h, ep, [], env);
    expect(jobs.map((j) => j.prompt).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `parallel ${i}`).sort());
    expect(new Set(jobs.map((j) => j.id)).size).toBe(20);
    expect(jobs.every((j) => j.status === 'COMPLETED')).toBe(true);
  }, 90_000);
});

describe('rpv stats', () => {
  test('--json percentiles equal a recomputation from the log', async () => {
    const ep = h.endpoint();
    for (let i = 0; i < 7; i++)
      expect((await h.run(['complete', '--max-tokens', String(2 + i), `stats ${i}`], { env: h.env(ep) })).code).toBe(0);
    const jobs = await logJson(h, ep);
    const r = await h.run(['stats', '--json', '--endpoint', ep], { env: h.env(ep) });
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout) as { since: string; endpoints: Record<string, any>[] };
    expect(Object.keys(stats)).toEqual(['since', 'endpoints']);
    expect(stats.endpoints).toHaveLength(1);
    const e = stats.endpoints[0]!;
    expect(Object.keys(e)).toEqual([
      'endpoint',
      'jobs',
      'failed',
      'cancelled',
      'coldStarts',
      'queueMs',
      'firstTokenMs',
      'executionMs',
      'totalMs',
      'tokensPerSecond',
      'costUsd',
    ]);
    expect(e).toMatchObject({ endpoint: ep, jobs: 7, failed: 0, cancelled: 0, coldStarts: 0, costUsd: null });
    for (const [field, col] of [
      ['queueMs', 'queueMs'],
      ['firstTokenMs', 'firstTokenMs'],
      ['executionMs', 'executionMs'],
      ['totalMs', 'totalMs'],
    ] as const) {
      const values = jobs.map((j) => j[col] as number);
      expect(e[field]).toEqual({ p50: rank(values, 50), p95: rank(values, 95), max: Math.max(...values) });
    }
    expect(e.tokensPerSecond.p50).toBeCloseTo(
      rank(
        jobs.map((j) => j.tokensPerSecond as number),
        50,
      )!,
      1,
    );
  });

  test('cold starts are counted on a cold endpoint; the terminal view says so in a sentence', async () => {
    const ep = cold.endpoint();
    const first = await cold.run(['complete', '--max-tokens', '3', 'cold one'], { env: cold.env(ep) });
    expect(first.code).toBe(0);
    const second = await cold.run(['complete', '--max-tokens', '3', 'warm one'], { env: cold.env(ep) });
    expect(second.code).toBe(0);
    const jobs = await logJson(cold, ep);
    const coldJob = jobs.find((j) => j.prompt === 'cold one')!;
    expect(coldJob.queueMs as number).toBeGreaterThan(5000);
    expect(jobs.find((j) => j.prompt === 'warm one')!.queueMs as number).toBeLessThan(5000);
    const r = await cold.run(['stats', '--json', '--endpoint', ep], { env: cold.env(ep) });
    expect(JSON.parse(r.stdout).endpoints[0]).toMatchObject({ jobs: 2, coldStarts: 1 });
    const text = await cold.run(['stats', '--endpoint', ep], { env: cold.env(ep) });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('1 of 2 jobs waited for a cold worker; median queue');
    expect(text.stdout).toMatch(/total time [▁▂▃▄▅▆▇█]{2}/);
  }, 30_000);
});
