// A job named on the command line: an exact ID, `--last` (the newest job in the record), or a
// unique prefix of at least 6 characters; and the endpoint, base URL and profile the record
// kept for it, so `rpv status <id>` and `rpv cancel <id>` work from any shell.
import { UsageError } from '../../core/errors.js';
import { estimateCost } from '../../core/gpu-prices.js';
import type { JobRecord } from '../../store/job-row.js';
import { checkJobId, journalOverrides, storedProfile } from '../job-id.js';
import type { CliIo } from '../../core/io.js';
import { openRecordOrWarn, type OpenRecord } from './open-record.js';

/** Shortest prefix that may stand for a job ID. */
const MIN_PREFIX = 6;

type Overrides = { endpointOverride?: string; baseUrlOverride?: string; profileOverride?: string };

/** The recorded job `ref` names (ID, unique prefix, or `#row`); a usage error when a prefix is ambiguous. */
export function findRecorded(r: OpenRecord, ref: string): JobRecord | undefined {
  const row = /^#(\d+)$/.exec(ref);
  if (row) return r.lib.jobByRow(r.store, Number(row[1]));
  checkJobId(ref);
  const exact = r.lib.jobById(r.store, ref);
  if (exact || ref.length < MIN_PREFIX) return exact;
  const ids = r.lib.jobIdsWithPrefix(r.store, ref, 4);
  if (ids.length > 1) {
    throw new UsageError(
      `job ID prefix "${ref}" is ambiguous: ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', ...' : ''}`,
      { hint: 'give more characters of the ID' },
    );
  }
  return ids[0] === undefined ? undefined : r.lib.jobById(r.store, ids[0]);
}

function overridesOf(io: CliIo, job: JobRecord | undefined, opts: Record<string, unknown>): Overrides {
  if (!job || opts.endpoint) return {};
  return {
    endpointOverride: job.endpoint,
    baseUrlOverride: opts.baseUrl ? undefined : job.baseUrl,
    profileOverride: opts.profile ? undefined : storedProfile(io, job.profile),
  };
}

/** The newest job with a job ID, for `--last`. */
function lastJob(r: OpenRecord): JobRecord | undefined {
  return r.lib.queryJobs(r.store, { limit: 1, withJobId: true })[0];
}

/** Resolves a job argument to its full ID and the settings recorded with it. */
export async function resolveJobRef(
  io: CliIo,
  raw: string | undefined,
  opts: Record<string, unknown>,
  warn: (line: string) => void,
): Promise<{ id: string; overrides: Overrides }> {
  if (raw === undefined && !opts.last)
    throw new UsageError('no job ID given', { hint: 'name one, or use --last for the newest job' });
  if (raw !== undefined && opts.last) throw new UsageError('give a job ID or --last, not both');
  if (raw !== undefined) checkJobId(raw);
  const r = await openRecordOrWarn(io.env, warn, 'job IDs are looked up in the old journal only');
  if (!r) {
    if (raw === undefined) throw new UsageError('--last needs the local record, which cannot be used');
    return { id: raw, overrides: journalOverrides(io, raw, opts) };
  }
  const job = raw === undefined ? lastJob(r) : findRecorded(r, raw);
  if (raw === undefined) {
    if (!job?.jobId) throw new UsageError('--last: no job in the local record yet');
    return { id: job.jobId, overrides: overridesOf(io, job, opts) };
  }
  return { id: job?.jobId ?? raw, overrides: overridesOf(io, job, opts) };
}

/** Notes a job's latest status (and timings from a status reply) for jobs in the record; never throws. */
export async function noteRecordedStatus(
  io: CliIo,
  id: string,
  reply: Record<string, unknown>,
  price?: number,
): Promise<void> {
  try {
    const r = await openRecordOrWarn(io.env, () => undefined);
    if (!r) return;
    const status = String(reply.status);
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    const fields: Partial<JobRecord> = {
      status,
      statusSeenAt: new Date().toISOString(),
      queueMs: num(reply.delayTime),
      executionMs: num(reply.executionTime),
    };
    if (typeof reply.workerId === 'string') fields.workerId = reply.workerId;
    const cost = estimateCost(fields.executionMs, price);
    if (cost !== undefined) fields.costUsd = cost;
    r.lib.updateJobById(r.store, id, fields);
  } catch {
    // The record never fails `status` or `cancel`.
  }
}
