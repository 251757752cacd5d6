// `rpv status` without an ID: the recent jobs of the local record. Jobs whose last known status
// is not final are refreshed first, a few /status calls at once under a short deadline; what
// could not be refreshed in time is shown as last seen.
import { isTerminal } from '../../core/events.js';
import { oneLine } from '../../core/sanitize.js';
import type { CommonFlags, ParsedFlags } from '../../core/flags/values.js';
import { recentJobs } from '../../data/journal.js';
import { jobJson, shownId } from '../../output/log-view.js';
import { localTime, maybeDuration, table } from '../../output/record-format.js';
import type { JobRecord } from '../../store/job-row.js';
import { commandContext } from '../context.js';
import { warnerFor, type CliIo } from '../../core/io.js';
import { storedProfile } from '../job-id.js';
import { openRecordOrWarn, type OpenRecord } from './open-record.js';
import { recordSettings } from './settings.js';

/** At most this many jobs are refreshed per listing... */
const REFRESH_MAX = 8;
/** ...this many at once... */
const REFRESH_PARALLEL = 4;
/** ...within this deadline. */
const REFRESH_DEADLINE_MS = 2500;

// A refresh is one quick try: no retries, and the listing's own short deadline.
function refreshFlags(flags: ParsedFlags): ParsedFlags {
  const quick = (c: CommonFlags): CommonFlags => ({ ...c, retries: 0, timeoutMs: REFRESH_DEADLINE_MS });
  return {
    ...flags,
    common: quick(flags.common),
    withProfile: (defaults) => {
      const w = flags.withProfile(defaults);
      return { ...w, common: quick(w.common) };
    },
  };
}

async function refresh(r: OpenRecord, job: JobRecord, io: CliIo, flags: ParsedFlags): Promise<boolean> {
  try {
    const v = flags.values;
    const ctx = commandContext(refreshFlags(flags), io, {
      endpointOverride: v.endpoint ? undefined : job.endpoint,
      baseUrlOverride: v.baseUrl ? undefined : job.baseUrl,
      profileOverride: v.profile ? undefined : storedProfile(io, job.profile),
    });
    const reply = (await ctx.client.status(job.jobId as string)) as Record<string, unknown>;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    const price = recordSettings({}, ctx.defaults).pricePerSecond;
    job.status = String(reply.status);
    job.statusSeenAt = new Date().toISOString();
    job.queueMs = num(reply.delayTime) ?? job.queueMs;
    job.executionMs = num(reply.executionTime) ?? job.executionMs;
    if (job.executionMs !== undefined && price !== undefined)
      job.costUsd = Math.round((job.executionMs / 1000) * price * 1e6) / 1e6;
    r.lib.updateJobById(r.store, job.jobId as string, {
      status: job.status,
      statusSeenAt: job.statusSeenAt,
      queueMs: job.queueMs,
      executionMs: job.executionMs,
      costUsd: job.costUsd,
    });
    return true;
  } catch {
    return false;
  }
}

/** Refreshes up to REFRESH_MAX non-final jobs; returns the IDs that were refreshed. */
async function refreshAll(r: OpenRecord, jobs: JobRecord[], io: CliIo, flags: ParsedFlags): Promise<Set<string>> {
  const todo = jobs.filter((j) => j.jobId && !isTerminal(j.status)).slice(0, REFRESH_MAX);
  const done = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const job = todo[next++] as JobRecord;
      if (await refresh(r, job, io, flags)) done.add(job.jobId as string);
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
export async function listJobs(io: CliIo, flags: ParsedFlags): Promise<number> {
  const limit = flags.values.limit;
  const warn = warnerFor(io, flags.common.quiet);
  const r = await openRecordOrWarn(io.env, warn, 'listing the old journal');
  if (!r) {
    const old = recentJobs(io.env, limit);
    if (flags.common.json) io.stdout.write(`${JSON.stringify(old)}\n`);
    else if (old.length > 0) {
      const rows = [
        ['JOB', 'ENDPOINT', 'COMMAND', 'SUBMITTED', 'STATUS'],
        ...old.map((j) => [j.id, j.endpoint, j.command, localTime(j.submittedAt), j.status ?? '?'].map(oneLine)),
      ];
      io.stdout.write(`${table(rows)}\n`);
    }
    return 0;
  }
  const jobs = r.lib.queryJobs(r.store, { limit, withJobId: true, endpoint: flags.values.endpoint });
  const refreshed = await refreshAll(r, jobs, io, flags);
  const stale = (j: JobRecord) => !isTerminal(j.status) && !refreshed.has(j.jobId as string);
  if (flags.common.json) {
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
    rows.push(
      [
        shownId(j),
        j.endpoint,
        j.command,
        localTime(j.submittedAt),
        statusCell(j, stale(j)),
        maybeDuration(j.queueMs),
        maybeDuration(j.executionMs),
        j.tokensPerSecond === undefined ? '-' : j.tokensPerSecond.toFixed(1),
        cost,
      ].map(oneLine),
    );
  }
  io.stdout.write(`${table(rows)}\n`);
  return 0;
}
