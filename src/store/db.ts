// Opens the local record: `rpv.db` in the data folder (0600, its folder 0700 when rpv creates
// it), WAL so readers never wait on writers, and a busy timeout so parallel rpv processes wait
// their turn instead of failing with SQLITE_BUSY. The only module that uses the SQLite binding
// (loaded by sqlite-binding.ts).
import fs from 'node:fs';
import path from 'node:path';
import { migrations, type Migration } from './migrations.js';
import { loadLibsql } from './sqlite-binding.js';

const Database = loadLibsql();

/** The open database handle (better-sqlite3's API, as libsql implements it). */
export type Db = InstanceType<typeof Database>;

/** An open store; `close` is safe to call twice. */
export interface Store {
  db: Db;
  file: string;
  close(): void;
}

/** File name of the record inside the data folder. */
export const STORE_FILE = 'rpv.db';

/** How long a write waits for another process's transaction before giving up. */
export const BUSY_TIMEOUT_MS = 15_000;

/** Where the record lives for a data folder. */
export function storeFile(dataDir: string): string {
  return path.join(dataDir, STORE_FILE);
}

// Only folders rpv creates itself get 0700; an existing folder keeps the mode its owner chose.
function ensureDataDir(dir: string): void {
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    fs.chmodSync(dir, 0o700);
  } catch {
    // A filesystem without POSIX modes.
  }
}

// The file is created 0600 before SQLite sees it; SQLite gives its -wal and -shm files the same mode.
function ensureFile(file: string): void {
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // Read-only folder or no POSIX modes: SQLite reports what matters when it opens.
  }
}

function applied(db: Db): Set<number> {
  const rows = db.prepare('SELECT version FROM rpv_migrations').all() as { version: number | bigint }[];
  return new Set(rows.map((r) => Number(r.version)));
}

/** Applies the registered migrations that this database has not seen, in version order. */
export function migrate(db: Db, list: readonly Migration[] = migrations): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS rpv_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  if (list.every((m) => applied(db).has(m.version))) return;
  // IMMEDIATE takes the write lock first, so two processes never run the same step.
  const run = db.transaction(() => {
    const done = applied(db);
    for (const m of [...list].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      db.exec(m.up);
      db.prepare('INSERT INTO rpv_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
      done.add(m.version);
    }
    db.exec(`PRAGMA user_version = ${Math.max(0, ...done)}`);
  });
  run.immediate();
}

/** Opens (creating if needed) and migrates the record in `dataDir`; throws when it cannot be used. */
export function openStore(dataDir: string): Store {
  ensureDataDir(dataDir);
  const file = storeFile(dataDir);
  ensureFile(file);
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  let closed = false;
  const close = () => {
    if (!closed) db.close();
    closed = true;
  };
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    migrate(db);
  } catch (err) {
    close();
    throw err;
  }
  return { db, file, close };
}
