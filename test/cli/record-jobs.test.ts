// The job list and job references through the built binary: `rpv status` without an ID reads
// the record and refreshes what is not final; `--last` and unique prefixes for status and
// cancel; the old jobs.jsonl joins the record once.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// Many spawned processes per test on a shared 2-core machine: the tests run one at a time,
// with room for a slow machine.
vi.setConfig({ testTimeout: 90_000 });
import { harness, onlyJob, type Harness } from './harness.js';
import { logJson } from './record-helpers.js';

let h: Harness;
let slow: Harness;
let broken: Harness;
beforeAll(async () => {
  [h, slow, broken] = await Promise.all([
    harness({ tokenDelayMs: 1 }),
    harness({ tokenDelayMs: 150 }),
    harness({ tokenDelayMs: 1 }),
  ]);
});
afterAll(async () => {
  await h?.close();
  await slow?.close();
  await broken?.close();
});

async function detach(x: Harness, ep: string, env = x.env(ep)): Promise<string> {
  const r = await x.run(['complete', '--detach', '--max-tokens', '5', 'detached'], { env });
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

async function finished(x: Harness, ep: string): Promise<void> {
  for (let i = 0; i < 200 && x.jobsOn(ep).some((j) => j.status !== 'COMPLETED'); i++)
    await new Promise((r) => setTimeout(r, 25));
}

/** Adds rows to a record directly (libsql), e.g. IDs that share a prefix. */
function addRows(file: string, ids: string[], endpoint: string): void {
  const Database = createRequire(import.meta.url)('libsql') as new (f: string) => {
    prepare(s: string): { run(...a: unknown[]): unknown };
    close(): void;
  };
  const db = new Database(file);
  for (const id of ids)
    db.prepare(
      "INSERT INTO jobs (job_id, endpoint, command, submitted_at, status) VALUES (?, ?, 'complete', ?, 'COMPLETED')",
    ).run(id, endpoint, new Date().toISOString());
  db.close();
}

describe('the job list', () => {
  test('refreshes jobs that were not final; header, local time, queue and exec columns', async () => {
    const ep = h.endpoint();
    const id = await detach(h, ep);
    await finished(h, ep);
    const [before] = await logJson(h, ep);
    expect(before!.status).not.toBe('COMPLETED');
    const list = await h.run(['status', '--json', '--endpoint', ep], { env: h.env(ep) });
    expect(list.code).toBe(0);
    const [job] = JSON.parse(list.stdout);
    expect(job).toMatchObject({ id, status: 'COMPLETED', stale: false, endpoint: ep });
    expect(job.executionMs).toEqual(expect.any(Number));
    expect(job).not.toHaveProperty('prompt');
    // The refresh was written back to the record.
    expect((await logJson(h, ep))[0]!.status).toBe('COMPLETED');
    const text = await h.run(['status', '--endpoint', ep], { env: h.env(ep) });
    const [head, row] = text.stdout.split('\n');
    expect(head).toMatch(/^JOB\s+ENDPOINT\s+COMMAND\s+SUBMITTED\s+STATUS\s+QUEUE\s+EXEC\s+TOK\/S\s+COST~$/);
    expect(row).toMatch(
      new RegExp(`^${id}\\s+${ep}\\s+complete\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+COMPLETED\\s+\\d+ms`),
    );
  });

  test('what cannot be refreshed is marked as last seen', async () => {
    const ep = broken.endpoint();
    await detach(broken, ep);
    await finished(broken, ep);
    broken.emu.setFaults([{ name: '500', route: 'status', count: Infinity }]);
    const list = await broken.run(['status', '--endpoint', ep], { env: broken.env(ep) });
    broken.emu.setFaults([]);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[1]).toMatch(/IN_(QUEUE|PROGRESS) \(last seen \d\d:\d\d:\d\d\)/);
    const json = await broken.run(['status', '--json', '--endpoint', ep], { env: broken.env(ep) });
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ status: 'COMPLETED', stale: false });
  });
});

describe('--last and prefixes', () => {
  test('status --last and a unique 6+ character prefix find the job and its endpoint from any shell', async () => {
    const ep = h.endpoint();
    const env = { ...h.env(ep), RPV_DATA_DIR: join(h.home.dir, 'last-data') };
    const id = await detach(h, ep, env);
    await finished(h, ep);
    const later = { ...env, RUNPOD_ENDPOINT_ID: undefined, RUNPOD_ENDPOINT_BASE_URL: undefined };
    const last = await h.run(['status', '--last', '--json'], { env: later });
    expect(last.code).toBe(0);
    expect(JSON.parse(last.stdout)).toMatchObject({ id, status: 'COMPLETED' });
    const prefixed = await h.run(['status', id.slice(0, 6), '--json'], { env: later });
    expect(prefixed.code).toBe(0);
    expect(JSON.parse(prefixed.stdout).id).toBe(id);
    const short = await h.run(['status', id.slice(0, 5), '--json'], { env: later });
    // Five characters are not a prefix: taken as an ID of its own, with no endpoint recorded for it.
    expect(short.code).toBe(3);
    expect(short.stderr).toMatch(/^rpv: .*endpoint/);
  });

  test('an ambiguous prefix is a usage error and sends nothing', async () => {
    const ep = h.endpoint();
    const data = join(h.home.dir, 'ambiguous-data');
    const env = { ...h.env(ep), RPV_DATA_DIR: data };
    expect((await h.run(['log', '--json'], { env })).code).toBe(0);
    addRows(join(data, 'rpv.db'), ['qqqqqq-one', 'qqqqqq-two'], ep);
    const r = await h.run(['status', 'qqqqqq'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rpv: job ID prefix "qqqqqq" is ambiguous: qqqqqq-(one|two), qqqqqq-(one|two)/);
    const c = await h.run(['cancel', 'qqqqqq'], { env });
    expect(c.code).toBe(2);
    expect(h.requestsOn(ep)).toHaveLength(0);
  });

  test('cancel --last cancels the newest job', async () => {
    const ep = slow.endpoint();
    const env = { ...slow.env(ep), RPV_DATA_DIR: join(slow.home.dir, 'cancel-last-data') };
    const r = await slow.run(['complete', '--detach', '--max-tokens', '200', 'long'], { env });
    const id = r.stdout.trim();
    const c = await slow.run(['cancel', '--last'], { env: { ...env, RUNPOD_ENDPOINT_ID: undefined } });
    expect(c.code).toBe(0);
    expect(c.stdout).toBe(`${id} CANCELLED\n`);
    expect(onlyJob(slow, ep).cancelled).toBe(true);
    const [job] = await logJson(slow, ep, [], env);
    expect(job!.status).toBe('CANCELLED');
  });
});

describe('the old journal', () => {
  test('jobs.jsonl is imported once and kept; status finds its endpoint', async () => {
    const ep = h.endpoint();
    const id = await detach(h, ep, { ...h.env(ep), RPV_DATA_DIR: join(h.home.dir, 'elsewhere') });
    const data = join(h.home.dir, 'journal-data');
    mkdirSync(data, { recursive: true });
    const line = {
      type: 'job',
      id,
      endpoint: ep,
      baseUrl: h.emu.baseUrl,
      profile: 'default',
      command: 'complete',
      submittedAt: new Date().toISOString(),
      status: 'IN_QUEUE',
    };
    writeFileSync(join(data, 'jobs.jsonl'), `${JSON.stringify(line)}\n`, { mode: 0o600 });
    const env = {
      ...h.env('unused'),
      RPV_DATA_DIR: data,
      RUNPOD_ENDPOINT_ID: undefined,
      RUNPOD_ENDPOINT_BASE_URL: undefined,
    };
    const r = await h.run(['status', id, '--wait', '--json'], { env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id, status: 'COMPLETED' });
    const [job] = await logJson(h, ep, [], env);
    expect(job).toMatchObject({ id, endpoint: ep, status: 'COMPLETED', command: 'complete' });
    expect(await logJson(h, ep, [], env)).toHaveLength(1);
  });
});
