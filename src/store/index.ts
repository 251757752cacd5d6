// The local record's public face: what commands (and batch) import, always through a dynamic
// import() so the SQLite binding loads only for commands that use it.
export { openStore, storeFile, migrate, STORE_FILE, BUSY_TIMEOUT_MS, type Store, type Db } from './db.js';
export { migrations, addMigration, type Migration } from './migrations.js';
export {
  insertJob,
  updateJobRow,
  updateJobById,
  jobById,
  jobByRow,
  jobIdsWithPrefix,
  queryJobs,
  getMeta,
  setMeta,
  type JobQuery,
} from './jobs.js';
export type { JobRecord } from './job-row.js';
export { cacheGet, cachePut, cacheStats, cacheClear, cachePrune, type CachedAnswer, type CacheStats } from './cache.js';
export { endpointStats, COLD_START_MS, type EndpointStats } from './stats.js';
export { nearestRank, summarize } from './percentile.js';
export { importJournal, journalImported, type JournalEntry } from './import-journal.js';
