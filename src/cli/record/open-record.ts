// Opening the local record for a command: the store module (and the SQLite binding) loads only
// here, through a dynamic import; the old jobs.jsonl joins the record the first time; and any
// trouble (corrupt file, read-only folder) becomes one warning, never a failed command.
import fs from 'node:fs';
import { dataDir, type Env } from '../../core/paths.js';
import { journalFile, recentJobs } from '../../data/journal.js';

type StoreModule = typeof import('../../store/index.js');

/** An open record with the store module's functions at hand. */
export interface OpenRecord {
  store: import('../../store/index.js').Store;
  lib: StoreModule;
}

const opened = new Map<string, Promise<OpenRecord>>();

/** Loads the store module (its own chunk). */
function loadStoreModule(): Promise<StoreModule> {
  return import('../../store/index.js');
}

function journalStamp(env: Env): string | undefined {
  try {
    const st = fs.statSync(journalFile(env));
    return `${st.size}:${Math.round(st.mtimeMs)}`;
  } catch {
    return undefined;
  }
}

async function open(env: Env): Promise<OpenRecord> {
  const lib = await loadStoreModule();
  const store = lib.openStore(dataDir(env));
  const stamp = journalStamp(env);
  if (stamp !== undefined && !lib.journalImported(store, stamp)) {
    lib.importJournal(store, recentJobs(env, Number.MAX_SAFE_INTEGER), stamp);
  }
  return { store, lib };
}

/** The record of this data folder, opened once per process; rejects when it cannot be used. */
export function openRecord(env: Env): Promise<OpenRecord> {
  const dir = dataDir(env);
  let p = opened.get(dir);
  if (!p) {
    p = open(env);
    p.catch(() => undefined);
    opened.set(dir, p);
  }
  return p;
}

/** Whether this process has already opened (or begun opening) the record of this data folder. */
export function recordOpened(env: Env): boolean {
  return opened.has(dataDir(env));
}

/** One line saying why the record cannot be used (no path secrets: only the file and the reason). */
export function recordProblem(env: Env, err: unknown): string {
  const reason = err instanceof Error ? err.message.replace(/\s*\n\s*/g, ' ') : String(err);
  return `the local record ${dataDir(env)}/rpv.db cannot be used (${reason})`;
}

/** The record, or undefined after one warning through `warn`. */
export async function openRecordOrWarn(
  env: Env,
  warn: (line: string) => void,
  what = 'this job is not recorded',
): Promise<OpenRecord | undefined> {
  try {
    return await openRecord(env);
  } catch (err) {
    warn(`${recordProblem(env, err)}; ${what}`);
    return undefined;
  }
}
