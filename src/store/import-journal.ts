// The one-time import of the older `jobs.jsonl` journal: its jobs join the record once, and the
// journal file stays where it is. A journal that changed since (rpv wrote to it while the record
// could not be opened) is imported again; jobs already recorded are left as they are.
import type { Store } from './db.js';
import { getMeta, setMeta } from './jobs.js';

/** A job as the journal knew it. */
export interface JournalEntry {
  id: string;
  endpoint: string;
  baseUrl: string;
  profile?: string;
  command: string;
  submittedAt: string;
  status?: string;
  finishedAt?: string;
}

const META_KEY = 'journal-imported';

/** Whether the journal with this size and mtime was imported already. */
export function journalImported(store: Store, stamp: string): boolean {
  return getMeta(store, META_KEY) === stamp;
}

/** Inserts the journal's jobs that the record lacks, then remembers `stamp`; returns how many were new. */
export function importJournal(store: Store, jobs: readonly JournalEntry[], stamp: string): number {
  const insert = store.db.prepare(
    `INSERT INTO jobs (job_id, endpoint, base_url, profile, command, route, submitted_at, finished_at, status)
     VALUES (?, ?, ?, ?, ?, 'native', ?, ?, ?) ON CONFLICT(job_id) WHERE job_id IS NOT NULL DO NOTHING`,
  );
  let added = 0;
  store.db
    .transaction(() => {
      for (const j of jobs) {
        const r = insert.run(
          j.id,
          j.endpoint,
          j.baseUrl,
          j.profile ?? null,
          j.command,
          j.submittedAt,
          j.finishedAt ?? null,
          j.status ?? 'IN_QUEUE',
        );
        added += r.changes;
      }
      setMeta(store, META_KEY, stamp);
    })
    .immediate();
  return added;
}
