// The schema of the local record, as an ordered list of migrations. Other modules (batch) add
// their own tables by pushing to `migrations` before they open the store; each migration runs
// once per database, recorded in `rpv_migrations`, and `PRAGMA user_version` mirrors the
// highest version applied so `sqlite3 rpv.db 'pragma user_version'` tells the schema at a glance.

/** One schema step: `version` is unique across all modules (core uses 1-99, batch 100-199). */
export interface Migration {
  version: number;
  name: string;
  /** SQL run inside the migration's transaction. */
  up: string;
}

const JOBS_V1 = `
CREATE TABLE jobs (
  id               INTEGER PRIMARY KEY,
  job_id           TEXT,
  endpoint         TEXT NOT NULL,
  base_url         TEXT,
  profile          TEXT,
  command          TEXT NOT NULL,
  route            TEXT,
  model            TEXT,
  submitted_at     TEXT NOT NULL,
  finished_at      TEXT,
  status           TEXT NOT NULL,
  status_seen_at   TEXT,
  retries          INTEGER,
  queue_ms         INTEGER,
  execution_ms     INTEGER,
  first_token_ms   INTEGER,
  total_ms         INTEGER,
  tokens_in        INTEGER,
  tokens_out       INTEGER,
  tokens_estimated INTEGER NOT NULL DEFAULT 0,
  tokens_per_second REAL,
  finish_reason    TEXT,
  cost_usd         REAL,
  cached           INTEGER NOT NULL DEFAULT 0,
  cached_from      TEXT,
  worker_id        TEXT,
  error            TEXT,
  prompt           TEXT,
  reply            TEXT
);
CREATE UNIQUE INDEX jobs_job_id ON jobs(job_id) WHERE job_id IS NOT NULL;
CREATE INDEX jobs_submitted_at ON jobs(submitted_at);
CREATE INDEX jobs_endpoint ON jobs(endpoint, submitted_at);
-- Covers everything rpv stats reads, so it never touches the rows with their text.
CREATE INDEX jobs_timings ON jobs(submitted_at, endpoint, cached, status, queue_ms, first_token_ms, execution_ms, total_ms, tokens_per_second, cost_usd);
CREATE TABLE cache (
  key         TEXT PRIMARY KEY,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  job_id      TEXT,
  endpoint    TEXT NOT NULL,
  answer      TEXT NOT NULL,
  bytes       INTEGER NOT NULL,
  hits        INTEGER NOT NULL DEFAULT 0,
  last_hit_at TEXT
);
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
);
`;

/** Every migration known to this process, in any order (they are applied by version). */
export const migrations: Migration[] = [{ version: 1, name: 'jobs, cache and meta', up: JOBS_V1 }];

/** Adds a module's migration once (a second call with the same version is ignored). */
export function addMigration(migration: Migration): void {
  const same = migrations.find((m) => m.version === migration.version);
  if (same && same.name !== migration.name) {
    throw new Error(`migration version ${migration.version} is taken by "${same.name}"`);
  }
  if (!same) migrations.push(migration);
}
