// Shared by the record's spawned-binary tests: reading rpv.db from outside rpv (the sqlite3
// command-line tool, as a user would; libsql when the tool is missing, which
// test/cli/record-files.test.ts then reports as a failure of its own).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Harness } from './harness.js';

/** Whether the sqlite3 command-line tool is on PATH. */
export function hasSqlite3(): boolean {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Rows of `sql` against `file`, as JSON objects. */
export function query(file: string, sql: string): Record<string, unknown>[] {
  if (hasSqlite3()) {
    const out = execFileSync('sqlite3', ['-json', file, sql], { encoding: 'utf8' });
    return out.trim() === '' ? [] : (JSON.parse(out) as Record<string, unknown>[]);
  }
  const Database = createRequire(import.meta.url)('libsql') as new (
    f: string,
    o?: object,
  ) => { prepare(s: string): { all(): Record<string, unknown>[] }; close(): void };
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(sql)
      .all()
      .map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== '_metadata')));
  } finally {
    db.close();
  }
}

/** `rpv log --json` for one endpoint, newest first. */
export async function logJson(
  h: Harness,
  ep: string,
  extra: string[] = [],
  env?: Record<string, string | undefined>,
): Promise<Record<string, unknown>[]> {
  const r = await h.run(['log', '--json', '--endpoint', ep, '-n', '1000', ...extra], { env: env ?? h.env(ep) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
}

/** The job as the emulator's own /status reports it. */
export async function serviceStatus(h: Harness, ep: string, id: string, key: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${h.emu.baseUrl}/${ep}/status/${id}`, { headers: { authorization: `Bearer ${key}` } });
  return (await res.json()) as Record<string, unknown>;
}
