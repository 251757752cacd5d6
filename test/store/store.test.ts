// The store itself: file and folder modes, WAL, migrations applied once (and added by other
// modules), jobs written and read field by field, the cache's expiry, the journal's import.
import { mkdtempSync, mkdirSync, rmSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openStore, migrate, type Store } from '../../src/store/db.js';
import { cacheGet, cachePut, cacheStats, cacheClear } from '../../src/store/cache.js';
import { insertJob, jobById, jobIdsWithPrefix, queryJobs, updateJobById } from '../../src/store/jobs.js';
import { importJournal, journalImported } from '../../src/store/import-journal.js';
import type { Migration } from '../../src/store/migrations.js';

const dirs: string[] = [];
const stores: Store[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'rpv-store-'));
  dirs.push(d);
  return d;
}
function open(dir: string): Store {
  const s = openStore(dir);
  stores.push(s);
  return s;
}
/** The first column of the first row. */
function one(s: Store, sql: string): unknown {
  const row = s.db.prepare(sql).get() as Record<string, unknown>;
  return Object.entries(row).find(([k]) => k !== '_metadata')?.[1];
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openStore', () => {
  test('creates rpv.db 0600 in a new 0700 folder, in WAL mode, schema version 1', () => {
    const dir = join(tmp(), 'a', 'data');
    const s = open(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(s.file).mode & 0o777).toBe(0o600);
    expect(one(s, 'PRAGMA journal_mode')).toBe('wal');
    expect(one(s, 'PRAGMA user_version')).toBe(1);
    expect(Number(one(s, 'PRAGMA busy_timeout'))).toBeGreaterThanOrEqual(5000);
  });

  test('a folder that already exists keeps the mode its owner gave it', () => {
    const dir = join(tmp(), 'mine');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    open(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o755);
  });

  test('opening twice applies nothing twice; a later module adds its migration', () => {
    const dir = tmp();
    open(dir).close();
    const s = open(dir);
    const extra: Migration[] = [{ version: 100, name: 'test table', up: 'CREATE TABLE t100 (x INTEGER)' }];
    migrate(s.db, extra);
    migrate(s.db, extra);
    expect(
      (s.db.prepare('SELECT version FROM rpv_migrations ORDER BY version').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    ).toEqual([1, 100]);
    expect(one(s, 'PRAGMA user_version')).toBe(100);
  });
});

describe('jobs', () => {
  test('insert, update by ID, read back; the same job ID twice is one row', () => {
    const s = open(tmp());
    insertJob(s, {
      jobId: 'abcdef-1',
      endpoint: 'ep',
      command: 'complete',
      submittedAt: '2026-12-01T10:00:00.000Z',
      status: 'IN_QUEUE',
      prompt: 'p',
    });
    insertJob(s, {
      jobId: 'abcdef-1',
      endpoint: 'ep',
      command: 'complete',
      submittedAt: '2026-12-01T10:00:00.000Z',
      status: 'IN_QUEUE',
    });
    expect(
      updateJobById(s, 'abcdef-1', { status: 'COMPLETED', queueMs: 41000.4, tokensPerSecond: 12.5, cached: false }),
    ).toBe(true);
    const job = jobById(s, 'abcdef-1');
    expect(job).toMatchObject({
      jobId: 'abcdef-1',
      status: 'COMPLETED',
      queueMs: 41000,
      tokensPerSecond: 12.5,
      cached: false,
      prompt: 'p',
    });
    expect(Object.keys(job!)).not.toContain('_metadata');
    expect(queryJobs(s)).toHaveLength(1);
  });

  test('prefixes: LIKE wildcards in the prefix are literal', () => {
    const s = open(tmp());
    for (const id of ['abc_de-1', 'abcXde-2'])
      insertJob(s, {
        jobId: id,
        endpoint: 'ep',
        command: 'c',
        submittedAt: new Date().toISOString(),
        status: 'COMPLETED',
      });
    expect(jobIdsWithPrefix(s, 'abc_de')).toEqual(['abc_de-1']);
    expect(jobIdsWithPrefix(s, 'abc').sort()).toEqual(['abcXde-2', 'abc_de-1']);
  });
});

describe('cache', () => {
  test('an entry answers until its TTL passes; stats count hits; clear empties it', () => {
    const s = open(tmp());
    const t0 = new Date('2026-12-01T00:00:00Z');
    cachePut(
      s,
      'k',
      'ep',
      { jobId: 'j', text: 'hello', choices: ['hello'], usage: { completionTokens: 1 } },
      60_000,
      t0,
    );
    expect(cacheGet(s, 'k', new Date(t0.getTime() + 59_000))?.text).toBe('hello');
    expect(cacheGet(s, 'k', new Date(t0.getTime() + 60_000))).toBeUndefined();
    expect(cacheGet(s, 'other', t0)).toBeUndefined();
    expect(cacheStats(s, t0)).toMatchObject({ entries: 1, hits: 1, expired: 0 });
    expect(cacheClear(s)).toBe(1);
    expect(cacheStats(s).entries).toBe(0);
  });
});

describe('journal import', () => {
  test('imports once per journal state and never overwrites what the record knows', () => {
    const s = open(tmp());
    insertJob(s, {
      jobId: 'known',
      endpoint: 'ep',
      command: 'complete',
      submittedAt: '2026-12-01T10:00:00.000Z',
      status: 'COMPLETED',
    });
    const journal = [
      {
        id: 'known',
        endpoint: 'old',
        baseUrl: 'b',
        command: 'complete',
        submittedAt: '2026-11-01T00:00:00.000Z',
        status: 'IN_QUEUE',
      },
      {
        id: 'new',
        endpoint: 'ep2',
        baseUrl: 'http://x/v2',
        profile: 'work',
        command: 'chat',
        submittedAt: '2026-11-02T00:00:00.000Z',
        status: 'COMPLETED',
      },
    ];
    expect(journalImported(s, '10:1')).toBe(false);
    expect(importJournal(s, journal, '10:1')).toBe(1);
    expect(journalImported(s, '10:1')).toBe(true);
    expect(jobById(s, 'known')).toMatchObject({ endpoint: 'ep', status: 'COMPLETED' });
    expect(jobById(s, 'new')).toMatchObject({
      endpoint: 'ep2',
      baseUrl: 'http://x/v2',
      profile: 'work',
      command: 'chat',
    });
    expect(importJournal(s, journal, '20:2')).toBe(0);
  });
});
