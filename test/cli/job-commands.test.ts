// `--detach`, `status` (one job, --wait, --json, the journal list), `cancel` and `health` through
// the built binary. Later commands find the job's endpoint and base URL in the journal.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_KEY } from '../helpers/cli.js';
import { harness, onlyJob, type Harness } from './harness.js';

let h: Harness;
/** Slow tokens, so a job is still running when we cancel it. */
let slow: Harness;
beforeAll(async () => {
  [h, slow] = await Promise.all([harness({ worker: 'openai', tokenDelayMs: 1 }), harness({ tokenDelayMs: 200 })]);
});
afterAll(async () => {
  await h?.close();
  await slow?.close();
});

/** The environment of a later shell: key and folders only, no endpoint and no base URL. */
function laterShell(harnessed: Harness): Record<string, string | undefined> {
  return { ...harnessed.env('unused'), RUNPOD_ENDPOINT_ID: undefined, RUNPOD_ENDPOINT_BASE_URL: undefined };
}

async function detach(harnessed: Harness, ep: string, prompt: string, maxTokens = 10): Promise<string> {
  const r = await harnessed.run(['complete', '--detach', '--max-tokens', String(maxTokens), prompt], {
    env: harnessed.env(ep),
  });
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  const job = onlyJob(harnessed, ep);
  expect(r.stdout).toBe(`${job.id}\n`);
  return job.id;
}

describe('detach, then status from another shell', () => {
  test.concurrent('--detach prints only the job ID; status --wait exits 0 and shows the text', async () => {
    const ep = h.endpoint();
    const id = await detach(h, ep, 'detached prompt');
    const r = await h.run(['status', id, '--wait'], { env: laterShell(h) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [text] = h.emu.generate(onlyJob(h, ep).input);
    expect(r.stdout).toContain('COMPLETED');
    expect(r.stdout).toContain(id);
    expect(r.stdout).toContain(text);
    expect(h.requestsOn(ep).filter((q) => q.route === 'cancel')).toHaveLength(0);
  });

  test.concurrent('status <id> --json prints the service status object', async () => {
    const ep = h.endpoint();
    const id = await detach(h, ep, 'json status prompt', 6);
    const waited = await h.run(['status', id, '--wait', '--json'], { env: laterShell(h) });
    expect(waited.code).toBe(0);
    const r = await h.run(['status', id, '--json'], { env: laterShell(h) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const res = await fetch(`${h.emu.baseUrl}/${ep}/status/${id}`, {
      headers: { authorization: `Bearer ${TEST_KEY}` },
    });
    const direct = (await res.json()) as Record<string, unknown>;
    expect(JSON.parse(r.stdout)).toEqual(direct);
    expect(JSON.parse(waited.stdout)).toEqual(direct);
    expect(direct.status).toBe('COMPLETED');
  });

  test.concurrent('status without an ID lists a job this machine submitted', async () => {
    const ep = h.endpoint();
    const r0 = await h.run(['complete', '--max-tokens', '4', 'listed prompt'], { env: h.env(ep) });
    expect(r0.code).toBe(0);
    const id = onlyJob(h, ep).id;
    const r = await h.run(['status'], { env: laterShell(h) });
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith(id));
    expect(line, r.stdout).toBeDefined();
    expect(line).toContain(ep);
    expect(line).toContain('complete');
    expect(line).toContain('COMPLETED');
    const asJson = await h.run(['status', '--json'], { env: laterShell(h) });
    const listed = (JSON.parse(asJson.stdout) as { id: string; endpoint: string }[]).find((j) => j.id === id);
    expect(listed).toMatchObject({ id, endpoint: ep, status: 'COMPLETED' });
  });
});

describe('status --follow', () => {
  test.concurrent('prints the rest of a job and leaves its journal entry as submitted', async () => {
    const ep = h.endpoint();
    const id = await detach(h, ep, 'follow me', 8);
    const r = await h.run(['status', id, '--follow'], { env: laterShell(h) });
    expect(r.code).toBe(0);
    const [text] = h.emu.generate(onlyJob(h, ep).input);
    expect(r.stdout).toBe(text!.endsWith('\n') ? text : `${text}\n`);
    const list = await h.run(['status', '--json'], { env: laterShell(h) });
    const entry = (JSON.parse(list.stdout) as { id: string; command: string; status?: string }[]).find(
      (j) => j.id === id,
    );
    expect(entry).toMatchObject({ command: 'complete', status: 'COMPLETED' });
  });

  test.concurrent('an unknown job is not added to the journal', async () => {
    const ep = h.endpoint();
    const r = await h.run(['status', 'no-such-job-1', '--follow'], { env: h.env(ep) });
    expect(r.code).toBe(4);
    const list = await h.run(['status', '--json'], { env: h.env(ep) });
    expect(list.stdout).not.toContain('no-such-job-1');
  });
});

describe('cancel', () => {
  test.concurrent('cancels a running job, prints its status and the service saw the cancel', async () => {
    const ep = slow.endpoint();
    const id = await detach(slow, ep, 'a long job', 200);
    const r = await slow.run(['cancel', id], { env: laterShell(slow) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${id} CANCELLED\n`);
    const cancels = slow.requestsOn(ep).filter((q) => q.route === 'cancel');
    expect(cancels).toHaveLength(1);
    expect(cancels[0]!.jobId).toBe(id);
    const job = onlyJob(slow, ep);
    expect(job.cancelled).toBe(true);
    expect(job.status).toBe('CANCELLED');
    const list = await slow.run(['status'], { env: laterShell(slow) });
    expect(list.stdout.split('\n').find((l) => l.startsWith(id))).toMatch(/\sCANCELLED\s/);
    const status = await slow.run(['status', id, '--wait'], { env: laterShell(slow) });
    expect(status.code).toBe(7);
    expect(status.stdout).toContain('CANCELLED');
  });
});

describe('cancel of a job that had already ended', () => {
  test.concurrent('says it was already COMPLETED and nothing was cancelled; exit 0; --json says so', async () => {
    const ep = h.endpoint();
    const id = await detach(h, ep, 'quick job', 3);
    for (let i = 0; i < 100 && onlyJob(h, ep).status !== 'COMPLETED'; i++) await new Promise((r) => setTimeout(r, 50));
    const r = await h.run(['cancel', id], { env: laterShell(h) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${id} already COMPLETED; nothing to cancel\n`);
    const j = await h.run(['cancel', id, '--json'], { env: laterShell(h) });
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual({ id, status: 'COMPLETED', alreadyEnded: true });
    expect(onlyJob(h, ep).status).toBe('COMPLETED');
  });
});

describe('health', () => {
  test.concurrent('prints worker and job counters, and the object with --json', async () => {
    const ep = h.endpoint();
    expect((await h.run(['complete', '--max-tokens', '3', 'count me'], { env: h.env(ep) })).code).toBe(0);
    const r = await h.run(['health'], { env: h.env(ep) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const [workers, jobs, ...rest] = r.stdout.trimEnd().split('\n');
    expect(rest).toEqual([]);
    expect(workers).toMatch(/^workers\s+.*idle \d+/);
    expect(jobs).toMatch(/^jobs\s+.*completed 1\b/);
    const j = await h.run(['health', '--json'], { env: h.env(ep) });
    expect(j.code).toBe(0);
    const res = await fetch(`${h.emu.baseUrl}/${ep}/health`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    expect(JSON.parse(j.stdout)).toEqual(await res.json());
    expect(JSON.parse(j.stdout)).toMatchObject({
      jobs: { completed: 1, failed: 0 },
      workers: { idle: expect.any(Number) },
    });
  });
});
