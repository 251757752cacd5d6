// Writing and reading jobs in the record. Every function takes an open Store and is synchronous
// (libsql's API); callers decide what a failure means (for a command: one warning, never a stop).
import type { Store } from './db.js';
import { COLUMNS, fromRow, toColumn, type JobField, type JobRecord } from './job-row.js';

type Fields = Partial<Omit<JobRecord, 'rowId'>>;

function assignments(fields: Fields): { sql: string; values: (string | number | null)[] } {
  const names: string[] = [];
  const values: (string | number | null)[] = [];
  for (const field of Object.keys(COLUMNS) as JobField[]) {
    if (!(field in fields) || fields[field] === undefined) continue;
    names.push(COLUMNS[field]);
    values.push(toColumn(field, fields[field]));
  }
  return { sql: names.join(', '), values };
}

/** Adds a job (or, for a job ID already recorded, updates it); returns the row number. */
export function insertJob(store: Pick<Store, 'db'>, job: Omit<JobRecord, 'rowId'>): number {
  const { sql, values } = assignments(job);
  const marks = values.map(() => '?').join(', ');
  if (job.jobId !== undefined) {
    const update = sql
      .split(', ')
      .filter((c) => c !== 'job_id')
      .map((c) => `${c} = excluded.${c}`)
      .join(', ');
    const row = store.db
      .prepare(
        `INSERT INTO jobs (${sql}) VALUES (${marks}) ON CONFLICT(job_id) WHERE job_id IS NOT NULL DO UPDATE SET ${update} RETURNING id`,
      )
      .get(...values) as { id: number | bigint };
    return Number(row.id);
  }
  const result = store.db.prepare(`INSERT INTO jobs (${sql}) VALUES (${marks})`).run(...values);
  return Number(result.lastInsertRowid);
}

/** Changes fields of the job in row `rowId`. */
export function updateJobRow(store: Store, rowId: number, fields: Fields): void {
  const { sql, values } = assignments(fields);
  if (values.length === 0) return;
  const set = sql
    .split(', ')
    .map((c) => `${c} = ?`)
    .join(', ');
  store.db.prepare(`UPDATE jobs SET ${set} WHERE id = ?`).run(...values, rowId);
}

/** Changes fields of the job with that Runpod job ID; false when it is not in the record. */
export function updateJobById(store: Store, jobId: string, fields: Fields): boolean {
  const { sql, values } = assignments(fields);
  if (values.length === 0) return false;
  const set = sql
    .split(', ')
    .map((c) => `${c} = ?`)
    .join(', ');
  return store.db.prepare(`UPDATE jobs SET ${set} WHERE job_id = ?`).run(...values, jobId).changes > 0;
}

/** The job with exactly this ID. */
export function jobById(store: Store, jobId: string): JobRecord | undefined {
  const row = store.db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(jobId) as Record<string, unknown> | undefined;
  return row ? fromRow(row) : undefined;
}

/** The job in row `rowId`. */
export function jobByRow(store: Store, rowId: number): JobRecord | undefined {
  const row = store.db.prepare('SELECT * FROM jobs WHERE id = ?').get(rowId) as Record<string, unknown> | undefined;
  return row ? fromRow(row) : undefined;
}

/** Up to `limit` job IDs that start with `prefix` (to tell unique prefixes from ambiguous ones). */
export function jobIdsWithPrefix(store: Store, prefix: string, limit = 5): string[] {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = store.db
    .prepare("SELECT job_id FROM jobs WHERE job_id LIKE ? ESCAPE '\\' ORDER BY submitted_at DESC LIMIT ?")
    .all(`${escaped}%`, limit) as { job_id: string }[];
  return rows.map((r) => r.job_id);
}

/** Which jobs a listing wants. */
export interface JobQuery {
  limit?: number;
  endpoint?: string;
  /** ISO time: only jobs submitted at or after it. */
  since?: string;
  /** Case-insensitive text in the prompt, reply, error or job ID. */
  search?: string;
  /** Only jobs with a Runpod job ID (the job list of `status`). */
  withJobId?: boolean;
}

/** Jobs newest first, filtered. */
export function queryJobs(store: Store, q: JobQuery = {}): JobRecord[] {
  const where: string[] = [];
  const values: (string | number)[] = [];
  if (q.endpoint !== undefined) {
    where.push('endpoint = ?');
    values.push(q.endpoint);
  }
  if (q.since !== undefined) {
    where.push('submitted_at >= ?');
    values.push(q.since);
  }
  if (q.search !== undefined && q.search !== '') {
    where.push(
      "(instr(lower(coalesce(prompt, '')), lower(?)) > 0 OR instr(lower(coalesce(reply, '')), lower(?)) > 0 OR instr(lower(coalesce(error, '')), lower(?)) > 0 OR instr(lower(coalesce(job_id, '')), lower(?)) > 0)",
    );
    values.push(q.search, q.search, q.search, q.search);
  }
  if (q.withJobId) where.push('job_id IS NOT NULL');
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const limit = q.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(q.limit))}` : '';
  const rows = store.db
    .prepare(`SELECT * FROM jobs ${clause} ORDER BY submitted_at DESC, id DESC ${limit}`)
    .all(...values);
  return (rows as Record<string, unknown>[]).map(fromRow);
}

/** A meta value (small facts about the record itself, e.g. what was imported). */
export function getMeta(store: Store, key: string): string | undefined {
  // libsql's pluck() is not honoured by get(): columns are read by name everywhere.
  const row = store.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value?: unknown } | undefined;
  return typeof row?.value === 'string' ? row.value : undefined;
}

/** Sets a meta value. */
export function setMeta(store: Store, key: string, value: string): void {
  store.db
    .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
    .run(key, value);
}
