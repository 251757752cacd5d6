import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JOURNAL_KEEP_JOBS,
  JOURNAL_MAX_LINES,
  findJob,
  journalFile,
  recentJobs,
  recordJob,
  updateJob,
  type JournalJob,
} from '../../src/data/journal.js';

let root: string;
let env: Record<string, string>;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rpv-journal-'));
  env = { RPV_DATA_DIR: path.join(root, 'data') };
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function job(n: number, extra: Partial<JournalJob> = {}): JournalJob {
  return {
    id: `job-${n}`,
    endpoint: 'ep',
    baseUrl: 'http://127.0.0.1:1/v2',
    command: 'complete',
    submittedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    ...extra,
  };
}

describe('journal', () => {
  it('folds updates into jobs and lists them newest first', () => {
    recordJob(env, job(1, { profile: 'work', status: 'IN_QUEUE' }));
    recordJob(env, job(2));
    recordJob(env, job(3));
    updateJob(env, 'job-1', { status: 'IN_PROGRESS' });
    updateJob(env, 'job-1', { status: 'COMPLETED', finishedAt: '2026-01-01T00:01:00.000Z' });
    updateJob(env, 'unknown', { status: 'FAILED' });
    expect(recentJobs(env).map((j) => j.id)).toEqual(['job-3', 'job-2', 'job-1']);
    expect(findJob(env, 'job-1')).toEqual({
      ...job(1, { profile: 'work' }),
      status: 'COMPLETED',
      finishedAt: '2026-01-01T00:01:00.000Z',
    });
    expect(findJob(env, 'unknown')).toBeUndefined();
    expect(recentJobs(env, 2).map((j) => j.id)).toEqual(['job-3', 'job-2']);
  });

  it('is empty when there is no file', () => {
    expect(recentJobs(env)).toEqual([]);
    expect(findJob(env, 'x')).toBeUndefined();
  });

  it('skips corrupt lines, including a cut-off last line', () => {
    recordJob(env, job(1));
    fs.appendFileSync(journalFile(env), 'not json\n{"type":"job","id":3}\nnull\n{"type":"update","id":"job-1","sta');
    recordJob(env, job(2));
    updateJob(env, 'job-2', { status: 'FAILED' });
    expect(recentJobs(env)).toEqual([job(2, { status: 'FAILED' }), job(1)]);
  });

  it('never writes fields it does not know, such as a key', () => {
    const sneaky = { ...job(1), apiKey: 'should-not-be-stored' } as JournalJob;
    recordJob(env, sneaky);
    expect(fs.readFileSync(journalFile(env), 'utf8')).not.toContain('should-not-be-stored');
  });

  it.runIf(process.platform !== 'win32')('keeps the folder 0700 and the file 0600', () => {
    recordJob(env, job(1));
    expect(fs.statSync(path.dirname(journalFile(env))).mode & 0o777).toBe(0o700);
    expect(fs.statSync(journalFile(env)).mode & 0o777).toBe(0o600);
  });

  it('rewrites itself with the newest jobs once it grows past the line limit', () => {
    const total = JOURNAL_MAX_LINES;
    const lines = Array.from({ length: total }, (_, i) => `${JSON.stringify({ type: 'job', ...job(i) })}\n`);
    fs.mkdirSync(path.dirname(journalFile(env)), { recursive: true });
    fs.writeFileSync(journalFile(env), lines.join(''));
    updateJob(env, `job-${total - 1}`, { status: 'COMPLETED' });
    expect(recentJobs(env, 5000)).toHaveLength(total);
    recordJob(env, job(total));
    const kept = fs.readFileSync(journalFile(env), 'utf8').trimEnd().split('\n');
    expect(kept).toHaveLength(JOURNAL_KEEP_JOBS);
    const jobs = recentJobs(env, 5000);
    expect(jobs[0]?.id).toBe(`job-${total}`);
    expect(jobs.at(-1)?.id).toBe(`job-${total - JOURNAL_KEEP_JOBS + 1}`);
    expect(findJob(env, `job-${total - 1}`)?.status).toBe('COMPLETED');
    expect(findJob(env, 'job-0')).toBeUndefined();
  });
});
