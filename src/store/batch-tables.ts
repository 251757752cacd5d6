// The batch part of the local record: one row per batch, one row per request line with its
// state (pending, submitting, submitted + job ID, done, failed), written before and after each
// step so a crashed `rpv batch` resumes exactly. It opens rpv.db through the shared opener (store/db.ts).
import { openStore, type Db } from './db.js';
import type { JobRecord } from './job-row.js';
import { insertJob } from './jobs.js';

export type { Db } from './db.js';

/** A request line's state. */
export type RequestState = 'pending' | 'submitting' | 'submitted' | 'done' | 'failed';

/** Creates the batch tables and indexes if missing; safe to call on every start. */
function ensureBatchTables(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS batches (
      id TEXT PRIMARY KEY,
      input_hash TEXT NOT NULL,
      input_name TEXT,
      output_path TEXT NOT NULL,
      endpoint TEXT NOT NULL,
      flags TEXT NOT NULL,
      lines INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      finished_at TEXT
    );
    CREATE TABLE IF NOT EXISTS batch_requests (
      batch_id TEXT NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
      line_no INTEGER NOT NULL,
      custom_id TEXT NOT NULL,
      state TEXT NOT NULL,
      job_id TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      maybe_duplicate INTEGER NOT NULL DEFAULT 0,
      error_code TEXT,
      error_message TEXT,
      submitted_at INTEGER,
      finished_at INTEGER,
      delay_ms INTEGER,
      execution_ms INTEGER,
      worker_id TEXT,
      prompt_tokens INTEGER,
      completion_tokens INTEGER,
      reply_text TEXT,
      shape TEXT,
      PRIMARY KEY (batch_id, line_no)
    );
    CREATE UNIQUE INDEX IF NOT EXISTS batch_requests_custom_id ON batch_requests(batch_id, custom_id);
    CREATE INDEX IF NOT EXISTS batch_requests_state ON batch_requests(batch_id, state);
  `);
}

/** Opens `<dataDir>/rpv.db` (WAL, busy timeout, 0600 file in a 0700 folder) with the batch tables. */
export function openBatchDb(dataDir: string): Db {
  const { db } = openStore(dataDir);
  db.pragma('foreign_keys = ON');
  ensureBatchTables(db);
  return db;
}

/** What the batch row says. */
export interface BatchRow {
  id: string;
  lines: number;
  createdAt: string;
  finishedAt: string | null;
}

/** Counts per state of one batch. */
export type StateCounts = Record<RequestState, number>;

/** One request's row, as the runner needs it on resume. */
export interface RequestRow {
  lineNo: number;
  customId: string;
  state: RequestState;
  jobId: string | null;
  maybeDuplicate: boolean;
  /** JSON of the request's shape (chat or completion, model, max tokens), set at submission. */
  shape: string | null;
  /** Epoch ms of the last /run sent for it. */
  submittedAt: number | null;
}

/** The timings and result of a finished request. */
export interface FinishedFields {
  state: 'done' | 'failed';
  jobId: string | null;
  errorCode?: string;
  errorMessage?: string;
  delayMs?: number;
  executionMs?: number;
  workerId?: string;
  promptTokens?: number;
  completionTokens?: number;
  replyText?: string;
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

type Stmt = { run(...params: unknown[]): { changes: number }; get(...params: unknown[]): unknown };

/** Typed queries on the batch tables (prepared once per process). */
export class BatchStore {
  private readonly stmt;
  private seenInsert: Stmt | undefined;
  private seenFind: Stmt | undefined;
  private seenPending = 0;

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.stmt = {
      findBatch: p('SELECT id, lines, created_at, finished_at FROM batches WHERE id = ?'),
      insertBatch: p(
        'INSERT INTO batches (id, input_hash, input_name, output_path, endpoint, flags, lines, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      counts: p('SELECT state, COUNT(*) AS n FROM batch_requests WHERE batch_id = ? GROUP BY state'),
      byState: p(
        'SELECT line_no, custom_id, state, job_id, maybe_duplicate, shape, submitted_at FROM batch_requests WHERE batch_id = ? AND state = ? ORDER BY line_no',
      ),
      line: p(
        'SELECT line_no, custom_id, state, job_id, maybe_duplicate, shape, submitted_at FROM batch_requests WHERE batch_id = ? AND line_no = ?',
      ),
      byCustomId: p(
        'SELECT line_no, custom_id, state, job_id, maybe_duplicate, shape, submitted_at FROM batch_requests WHERE batch_id = ? AND custom_id = ?',
      ),
      submitting: p(
        "UPDATE batch_requests SET state = 'submitting', attempts = attempts + 1, submitted_at = ?, shape = ? WHERE batch_id = ? AND line_no = ?",
      ),
      submitted: p("UPDATE batch_requests SET state = 'submitted', job_id = ? WHERE batch_id = ? AND line_no = ?"),
      pending: p(
        "UPDATE batch_requests SET state = 'pending', job_id = NULL, maybe_duplicate = maybe_duplicate OR ? WHERE batch_id = ? AND line_no = ?",
      ),
      finished: p(
        'UPDATE batch_requests SET state = ?, job_id = ?, error_code = ?, error_message = ?, finished_at = ?, delay_ms = ?, execution_ms = ?, worker_id = ?, prompt_tokens = ?, completion_tokens = ?, reply_text = ? WHERE batch_id = ? AND line_no = ?',
      ),
      markDone: p(
        "UPDATE batch_requests SET state = ? WHERE batch_id = ? AND custom_id = ? AND state NOT IN ('done', 'failed')",
      ),
      touch: p('UPDATE batches SET updated_at = ?, finished_at = ? WHERE id = ?'),
      duplicates: p('SELECT COUNT(*) AS n FROM batch_requests WHERE batch_id = ? AND maybe_duplicate = 1'),
    };
  }

  /** The batch with this identity, if an earlier run created it. */
  findBatch(id: string): BatchRow | undefined {
    const row = this.stmt.findBatch.get(id) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    return {
      id: String(row.id),
      lines: num(row.lines),
      createdAt: String(row.created_at),
      finishedAt: str(row.finished_at),
    };
  }

  /** Starts the validation pass: an empty per-connection table of the custom_ids seen so far. */
  beginSeen(): void {
    this.db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS batch_seen (custom_id TEXT PRIMARY KEY, line_no INTEGER NOT NULL); DELETE FROM temp.batch_seen;',
    );
    this.seenInsert = this.db.prepare('INSERT OR IGNORE INTO temp.batch_seen (custom_id, line_no) VALUES (?, ?)');
    this.seenFind = this.db.prepare('SELECT line_no FROM temp.batch_seen WHERE custom_id = ?');
    this.db.exec('BEGIN');
    this.seenPending = 0;
  }

  /** Records one line's custom_id; returns the earlier line holding the same ID, if any. */
  addSeen(customId: string, lineNo: number): number | undefined {
    if (!this.seenInsert || !this.seenFind) throw new Error('beginSeen() first');
    const changes = this.seenInsert.run(customId, lineNo).changes;
    if (++this.seenPending >= 5000) {
      this.db.exec('COMMIT; BEGIN');
      this.seenPending = 0;
    }
    if (changes > 0) return undefined;
    return num((this.seenFind.get(customId) as Record<string, unknown>).line_no);
  }

  /** Ends the validation pass (keeps the table for createBatch). */
  endSeen(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
  }

  /** Creates the batch and one pending row per line seen by the validation pass, in one transaction. */
  createBatch(meta: {
    id: string;
    inputHash: string;
    inputName: string;
    outputPath: string;
    endpoint: string;
    flags: string;
  }): number {
    const now = new Date().toISOString();
    let count = 0;
    this.db.transaction(() => {
      this.stmt.insertBatch.run(
        meta.id,
        meta.inputHash,
        meta.inputName,
        meta.outputPath,
        meta.endpoint,
        meta.flags,
        0,
        now,
        now,
      );
      count = this.db
        .prepare(
          "INSERT INTO batch_requests (batch_id, line_no, custom_id, state) SELECT ?, line_no, custom_id, 'pending' FROM temp.batch_seen",
        )
        .run(meta.id).changes;
      this.db.prepare('UPDATE batches SET lines = ? WHERE id = ?').run(count, meta.id);
    })();
    this.db.exec('DELETE FROM temp.batch_seen');
    return count;
  }

  /** How many rows are in each state. */
  counts(batchId: string): StateCounts {
    const out: StateCounts = { pending: 0, submitting: 0, submitted: 0, done: 0, failed: 0 };
    for (const r of this.stmt.counts.all(batchId) as Record<string, unknown>[])
      out[String(r.state) as RequestState] = num(r.n);
    return out;
  }

  /** Every row in `state`, in line order. */
  inState(batchId: string, state: RequestState): RequestRow[] {
    return (this.stmt.byState.all(batchId, state) as Record<string, unknown>[]).map(toRow);
  }

  /** One row by line number. */
  line(batchId: string, lineNo: number): RequestRow | undefined {
    const r = this.stmt.line.get(batchId, lineNo) as Record<string, unknown> | undefined;
    return r ? toRow(r) : undefined;
  }

  /** One row by custom_id. */
  byCustomId(batchId: string, customId: string): RequestRow | undefined {
    const r = this.stmt.byCustomId.get(batchId, customId) as Record<string, unknown> | undefined;
    return r ? toRow(r) : undefined;
  }

  /** Before /run: the line is being submitted (a crash now means the reply may be lost). */
  markSubmitting(batchId: string, lineNo: number, at: number, shape: string): void {
    this.stmt.submitting.run(at, shape, batchId, lineNo);
  }

  /** After /run: the job ID is known. */
  markSubmitted(batchId: string, lineNo: number, jobId: string): void {
    this.stmt.submitted.run(jobId, batchId, lineNo);
  }

  /** Back to pending (refused, cancelled by Ctrl-C, retry-failed); `maybeDuplicate` sticks once set. */
  markPending(batchId: string, lineNo: number, maybeDuplicate: boolean): void {
    this.stmt.pending.run(maybeDuplicate ? 1 : 0, batchId, lineNo);
  }

  /** A finished job of the batch in the job log (`rpv log`, `rpv stats`, `rpv status`). */
  recordJob(job: Omit<JobRecord, 'rowId'>): void {
    insertJob({ db: this.db }, job);
  }

  /** After the result line was written: done or failed, with timings and the reply text. */
  markFinished(batchId: string, lineNo: number, f: FinishedFields): void {
    this.stmt.finished.run(
      f.state,
      f.jobId,
      f.errorCode ?? null,
      f.errorMessage ?? null,
      Date.now(),
      f.delayMs ?? null,
      f.executionMs ?? null,
      f.workerId ?? null,
      f.promptTokens ?? null,
      f.completionTokens ?? null,
      f.replyText ?? null,
      batchId,
      lineNo,
    );
  }

  /** Reconciliation: a line found in the output file is answered, whatever the row said. */
  markAnswered(batchId: string, customIds: readonly { customId: string; failed: boolean }[]): number {
    let changed = 0;
    this.db.transaction(() => {
      for (const c of customIds)
        changed += this.stmt.markDone.run(c.failed ? 'failed' : 'done', batchId, c.customId).changes;
    })();
    return changed;
  }

  /** `--retry-failed`: every failed line goes back to pending; returns how many. */
  resetFailed(batchId: string): number {
    return this.db
      .prepare(
        "UPDATE batch_requests SET state = 'pending', job_id = NULL, error_code = NULL, error_message = NULL WHERE batch_id = ? AND state = 'failed'",
      )
      .run(batchId).changes;
  }

  /** Runs `fn` in one transaction (many small updates at once). */
  transaction(fn: () => void): void {
    this.db.transaction(fn)();
  }

  /** Lines that may have run twice (a /run reply lost, then resubmitted). */
  possibleDuplicates(batchId: string): number {
    return num((this.stmt.duplicates.get(batchId) as Record<string, unknown>).n);
  }

  /** Stamps the batch's update (and finish) time. */
  touch(batchId: string, finished: boolean): void {
    const now = new Date().toISOString();
    this.stmt.touch.run(now, finished ? now : null, batchId);
  }
}

function toRow(r: Record<string, unknown>): RequestRow {
  return {
    lineNo: num(r.line_no),
    customId: String(r.custom_id),
    state: String(r.state) as RequestState,
    jobId: str(r.job_id),
    maybeDuplicate: num(r.maybe_duplicate) === 1,
    shape: str(r.shape),
    submittedAt: r.submitted_at === null || r.submitted_at === undefined ? null : num(r.submitted_at),
  };
}
