// The built binary writes the local record on a thread of its own: the SQLite binding never
// loads on the main thread of a streamed `complete` (its start-up would hold up the first
// tokens), and the job is still recorded whole, including when the record cannot be opened.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { harness, type Harness } from './harness.js';
import { logJson } from './record-helpers.js';

vi.setConfig({ testTimeout: 60_000 });

const PRELOAD = fileURLToPath(new URL('../helpers/note-sqlite-thread.mjs', import.meta.url));

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokenDelayMs: 2 });
});
afterAll(async () => {
  await h?.close();
});

function notesEnv(ep: string, notes: string, extra: Record<string, string> = {}) {
  return h.env(ep, { NODE_OPTIONS: `--import ${pathToFileURL(PRELOAD).href}`, RPV_TEST_THREAD_NOTES: notes, ...extra });
}

test('a streamed complete loads SQLite only on the record thread, and the job is recorded whole', async () => {
  const ep = h.endpoint();
  const notes = join(h.home.dir, `notes-${ep}`);
  const r = await h.run(['complete', '--max-tokens', '12', 'thread please'], { env: notesEnv(ep, notes) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(readFileSync(notes, 'utf8').trim().split('\n')).toEqual(['worker']);
  const [row] = await logJson(h, ep);
  expect(row).toMatchObject({ status: 'COMPLETED', command: 'complete', prompt: 'thread please' });
  expect(row?.reply).toBe(r.stdout.replace(/\n$/, ''));
  expect(row?.tokensOut).toBe(12);
});

test('a record the thread cannot open gives one warning; the reply is printed and the job still listed', async () => {
  const ep = h.endpoint();
  const data = join(h.home.dir, `unusable-${ep}`);
  mkdirSync(data, { recursive: true, mode: 0o700 });
  writeFileSync(join(data, 'rpv.db'), 'this is not a database, just text that fills the header. '.repeat(40));
  chmodSync(join(data, 'rpv.db'), 0o600);
  const notes = join(h.home.dir, `notes-${ep}`);
  const env = notesEnv(ep, notes, { RPV_DATA_DIR: data });
  const r = await h.run(['complete', '--max-tokens', '4', 'unusable record'], { env });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/\S/);
  const warnings = r.stderr.split('\n').filter((l) => l.includes('rpv.db'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/local record .*rpv\.db cannot be used .*this job is not recorded/);
  expect(readFileSync(notes, 'utf8')).not.toMatch(/main/);
  // The journal fallback keeps the job ID for `rpv status` and `rpv cancel`.
  const jobId = h.jobsOn(ep)[0]?.id;
  expect(jobId).toBeDefined();
  expect(readFileSync(join(data, 'jobs.jsonl'), 'utf8')).toContain(jobId);
});

test('a cache hit, whose lookup opened the record on the main thread, records there and starts no thread', async () => {
  const ep = h.endpoint();
  const args = ['complete', '--cache', '--temperature', '0', '--max-tokens', '6', 'cached thread'];
  const first = await h.run(args, { env: h.env(ep) });
  expect(first.code).toBe(0);
  const notes = join(h.home.dir, `notes-${ep}`);
  const hit = await h.run(args, { env: notesEnv(ep, notes) });
  expect(hit.stderr).toBe('');
  expect(hit.code).toBe(0);
  expect(hit.stdout).toBe(first.stdout);
  expect(h.jobsOn(ep)).toHaveLength(1);
  expect(readFileSync(notes, 'utf8').trim().split('\n')).toEqual(['main']);
  const [row] = await logJson(h, ep);
  expect(row).toMatchObject({ status: 'COMPLETED', cached: true });
});
