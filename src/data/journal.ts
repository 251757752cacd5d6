// The local job journal: which jobs this machine submitted, to which endpoint, so `rpv status
// <id>` and `rpv cancel <id>` work from any shell later. JSON lines, appended, folded by ID on
// read, compacted when long. It has no field for the API key, on purpose. Every write holds the
// journal's lock: a compaction rewrites the file, and a line appended meanwhile by another
// process would go to the file it replaced and be lost.
import path from 'node:path';
import { withFileLock } from '../core/file-lock.js';
import { dataDir, type Env } from '../core/paths.js';
import { appendPrivate, ensurePrivateDir, readTextIfExists, writeFileAtomic } from '../core/private-fs.js';

/** One submitted job as the journal remembers it. */
export interface JournalJob {
  id: string;
  endpoint: string;
  baseUrl: string;
  profile?: string;
  /** The rpv command that submitted it, e.g. "complete". */
  command: string;
  /** ISO time of submission. */
  submittedAt: string;
  /** Last known status (IN_QUEUE, COMPLETED, ...). */
  status?: string;
  /** ISO time the job was seen ending. */
  finishedAt?: string;
}

/** A later change to a recorded job. */
export interface JournalUpdate {
  status: string;
  finishedAt?: string;
}

/** Past this many lines the journal is rewritten... */
export const JOURNAL_MAX_LINES = 2000;
/** ...keeping this many of the newest jobs. */
export const JOURNAL_KEEP_JOBS = 1000;

/** Where the journal lives. */
export function journalFile(env: Env): string {
  return path.join(dataDir(env), 'jobs.jsonl');
}

// Copy only known fields, so nothing extra (a key in a spread object, say) is ever written.
function jobLine(job: JournalJob): string {
  const line: Record<string, string> = { type: 'job', id: job.id, endpoint: job.endpoint, baseUrl: job.baseUrl };
  if (job.profile !== undefined) line['profile'] = job.profile;
  line['command'] = job.command;
  line['submittedAt'] = job.submittedAt;
  if (job.status !== undefined) line['status'] = job.status;
  if (job.finishedAt !== undefined) line['finishedAt'] = job.finishedAt;
  return `${JSON.stringify(line)}\n`;
}

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

/** Folds journal text into jobs, oldest first; corrupt or foreign lines are skipped. */
function fold(text: string): JournalJob[] {
  const jobs = new Map<string, JournalJob>();
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof entry !== 'object' || entry === null || !isText(entry['id'])) continue;
    const id = entry['id'];
    if (entry['type'] === 'job') {
      const { endpoint, baseUrl, command, submittedAt, profile, status, finishedAt } = entry;
      if (!isText(endpoint) || !isText(baseUrl) || !isText(command) || !isText(submittedAt)) continue;
      const job: JournalJob = { id, endpoint, baseUrl, command, submittedAt };
      if (isText(profile)) job.profile = profile;
      if (isText(status)) job.status = status;
      if (isText(finishedAt)) job.finishedAt = finishedAt;
      jobs.delete(id);
      jobs.set(id, job);
    } else if (entry['type'] === 'update') {
      const job = jobs.get(id);
      if (job === undefined || !isText(entry['status'])) continue;
      job.status = entry['status'];
      if (isText(entry['finishedAt'])) job.finishedAt = entry['finishedAt'];
    }
  }
  return [...jobs.values()];
}

function readJobs(env: Env): JournalJob[] {
  let text: string | undefined;
  try {
    text = readTextIfExists(journalFile(env));
  } catch {
    return [];
  }
  return text === undefined ? [] : fold(text);
}

function newestFirst(jobs: JournalJob[]): JournalJob[] {
  const indexed = jobs.map((job, index) => ({ job, index, at: Date.parse(job.submittedAt) || 0 }));
  indexed.sort((a, b) => b.at - a.at || b.index - a.index);
  return indexed.map((entry) => entry.job);
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

/** Rewrites the journal with one line per job for the newest JOURNAL_KEEP_JOBS jobs. */
function compact(env: Env, text: string): void {
  const keep = newestFirst(fold(text)).slice(0, JOURNAL_KEEP_JOBS).reverse();
  writeFileAtomic(journalFile(env), keep.map(jobLine).join(''));
}

/** Runs `fn` on the journal file while holding its lock (the folder is made first). */
function whileLocked(env: Env, fn: (file: string) => void): void {
  const file = journalFile(env);
  ensurePrivateDir(path.dirname(file));
  withFileLock(file, () => fn(file));
}

/** Records a submitted job; returns false instead of throwing when the disk refuses. */
export function recordJob(env: Env, job: JournalJob): boolean {
  try {
    whileLocked(env, (file) => {
      appendPrivate(file, jobLine(job));
      const text = readTextIfExists(file) ?? '';
      if (countLines(text) > JOURNAL_MAX_LINES) compact(env, text);
    });
    return true;
  } catch {
    return false;
  }
}

/** Notes a job's new status with one appended line; false instead of throwing on failure. */
export function updateJob(env: Env, id: string, update: JournalUpdate): boolean {
  const line: Record<string, string> = { type: 'update', id, status: update.status };
  if (update.finishedAt !== undefined) line['finishedAt'] = update.finishedAt;
  try {
    whileLocked(env, (file) => appendPrivate(file, `${JSON.stringify(line)}\n`));
    return true;
  } catch {
    return false;
  }
}

/** The most recently submitted jobs, newest first, with their last known status. */
export function recentJobs(env: Env, limit = 20): JournalJob[] {
  return newestFirst(readJobs(env)).slice(0, Math.max(0, limit));
}

/** The journal's record of one job, if this machine submitted it. */
export function findJob(env: Env, id: string): JournalJob | undefined {
  return readJobs(env).find((job) => job.id === id);
}
