// `rpv status` without an ID: the recent jobs of the local record. Jobs whose last known status
// is not final are refreshed first, a few /status calls at once under a short deadline; what
// could not be refreshed in time is shown as last seen.
import { isTerminal } from '../../core/events.js';
import { neutralize } from '../../core/sanitize.js';
import { UsageError } from '../../core/errors.js';
import { recentJobs } from '../../data/journal.js';
import { jobJson, shownId } from '../../output/log-view.js';
import { localTime, maybeDuration, table } from '../../output/record-format.js';
import type { JobRecord } from '../../store/job-row.js';
import { commandContext } from '../context.js';
import type { CliIo } from '../io.js';
import { storedProfile } from '../job-id.js';
import { openRecordOrWarn, type OpenRecord } from './open-record.js';
import { recordSettings } from './settings.js';

/** At most this many jobs are refreshed per listing... */
export const REFRESH_MAX = 8;
/** ...this many at once... */
export const REFRESH_PARALLEL = 4;
/** ...within this deadline. */
export const REFRESH_DEADLINE_MS = 2500;

function limitOf(opts: Record<string, unknown>): number {
  const raw = String(opts.limit ?? '20');
  const limit = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || limit < 1 || limit > 1000) {
    throw new UsageError(`--limit must be a whole number from 1 to 1000 (got ${JSON.stringify(raw)})`);
  }
  return limit;
}

async function refresh(r: OpenRecord, job: JobRecord, io: CliIo, opts: Record<string, unknown>): Promise<boolean> {
  try {
    const ctx = commandContext({ ...opts, retries: '0', timeout: `${REFRESH_DEADLINE_MS}ms` }, io, {
      endpointOverride: opts.endpoint ? undefined : job.endpoint,
      baseUrlOverride: opts.baseUrl ? undefined : job.baseUrl,
      profileOverride: opts.profile ? undefined : storedProfile(io, job.profile),
    });
    const reply = (await ctx.client.status(job.jobId as string)) as Record<string, unknown>;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    const price = recordSettings({}, ctx.defaults).pricePerSecond;
    job.status = String(reply.status);
    job.statusSeenAt = new Date().toISOString();
    job.queueMs = num(reply.delayTime) ?? job.queueMs;
    job.executionMs = num(reply.executionTime) ?? job.executionMs;
    if (job.executionMs !== undefined && price !== undefined) job.costUsd = Math.round((job.executionMs / 1000) * price * 1e6) / 1e6;
    r.lib.updateJobById(r.store, job.jobId as string, { status: job.status, statusSeenAt: job.statusSeenAt, queueMs: job.queueMs, executionMs: job.executionMs, costUsd: job.costUsd });
    return true;
  } catch {
    return false;
  }
}

/** Refreshes up to REFRESH_MAX non-final jobs; returns the IDs that were refreshed. */
async function refreshAll(r: OpenRecord, jobs: JobRecord[], io: CliIo, opts: Record<string, unknown>): Promise<Set<string>> {
  const todo = jobs.filter((j) => j.jobId && !isTerminal(j.status)).slice(0, REFRESH_MAX);
  const done = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const job = todo[next++] as JobRecord;
      if (await refresh(r, job, io, opts)) done.add(job.jobId as string);
    }
  };
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, REFRESH_DEADLINE_MS).unref());
  await Promise.race([Promise.all(Array.from({ length: REFRESH_PARALLEL }, worker)), deadline]);
  return new Set(done);
}

function statusCell(job: JobRecord, stale: boolean): string {
  if (!stale) return job.status;
  return `${job.status} (last seen ${job.statusSeenAt ? localTime(job.statusSeenAt).slice(11) : '?'})`;
}

/** Runs the job list. */
export async function listJobs(io: CliIo, opts: Record<string, unknown>): Promise<number> {
  const limit = limitOf(opts);
  const warn = (line: string) => {
    if (!opts.quiet) io.stderr.write(`rpv: ${line}\n`);
  };
  const r = await openRecordOrWarn(io.env, warn, 'listing the old journal');
  if (!r) {
    const old = recentJobs(io.env, limit);
    if (opts.json) io.stdout.write(`${JSON.stringify(old)}\n`);
    else if (old.length > 0) {
      const rows = [['JOB', 'ENDPOINT', 'COMMAND', 'SUBMITTED', 'STATUS'], ...old.map((j) => [j.id, j.endpoint, j.command, localTime(j.submittedAt), j.status ?? '?'].map(neutralize))];
      io.stdout.write(`${table(rows)}\n`);
    }
    return 0;
  }
  const jobs = r.lib.queryJobs(r.store, { limit, withJobId: true, endpoint: opts.endpoint as string | undefined });
  const refreshed = await refreshAll(r, jobs, io, opts);
  const stale = (j: JobRecord) => !isTerminal(j.status) && !refreshed.has(j.jobId as string);
  if (opts.json) {
    const list = jobs.map((j) => {
      const { prompt: _p, reply: _r, ...rest } = jobJson(j);
      return { ...rest, stale: stale(j) };
    });
    io.stdout.write(`${JSON.stringify(list)}\n`);
    return 0;
  }
  if (jobs.length === 0) {
    io.stderr.write('rpv: no jobs in the local record yet\n');
    return 0;
  }
  const rows = [['JOB', 'ENDPOINT', 'COMMAND', 'SUBMITTED', 'STATUS', 'QUEUE', 'EXEC', 'TOK/S', 'COST~']];
  for (const j of jobs) {
    const cost = j.costUsd === undefined ? '-' : `$${j.costUsd.toFixed(j.costUsd >= 0.01 ? 4 : 6)}`;
    rows.push([shownId(j), j.endpoint, j.command, localTime(j.submittedAt), statusCell(j, stale(j)), maybeDuration(j.queueMs), maybeDuration(j.executionMs), j.tokensPerSecond === undefined ? '-' : j.tokensPerSecond.toFixed(1), cost].map(neutralize));
  }
  io.stdout.write(`${table(rows)}\n`);
  return 0;
}
