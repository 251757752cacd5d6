// `rpv log [job-id|path]`: the recorded jobs, newest first, or one in full; `rpv log path`
// prints where the record is.
import path from 'node:path';
import { dataDir } from '../../config/paths.js';
import { parseDuration } from '../../core/duration.js';
import { NotFoundError, RpvError, ExitCode, UsageError } from '../../core/errors.js';
import { jobDetail, jobJson, logTable } from '../../output/log-view.js';
import { openRecord, recordProblem } from '../record/open-record.js';
import { findRecorded } from '../record/job-ref.js';
import type { CliIo } from '../io.js';

/** The record for a command that exists to read it: failing to open is the command's error. */
export async function requireRecord(io: CliIo) {
  try {
    return await openRecord(io.env);
  } catch (err) {
    throw new RpvError(recordProblem(io.env, err), ExitCode.internal, { hint: 'move the file away to start a new record' });
  }
}

function count(raw: unknown): number {
  const text = String(raw ?? '20').trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 100000) throw new UsageError(`-n must be a whole number from 1 to 100000 (got ${JSON.stringify(text)})`);
  return n;
}

/** `--since 7d` as an ISO time. */
export function sinceIso(raw: unknown, fallback?: string): string | undefined {
  const text = raw === undefined ? fallback : String(raw);
  if (text === undefined) return undefined;
  return new Date(Date.now() - parseDuration(text, '--since')).toISOString();
}

/** Runs `log`. */
export async function runLog(args: unknown[], opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const arg = args[0] as string | undefined;
  if (arg === 'path') {
    io.stdout.write(`${path.join(dataDir(io.env), 'rpv.db')}\n`);
    return 0;
  }
  const limit = count(opts.n);
  const since = sinceIso(opts.since);
  const r = await requireRecord(io);
  if (arg !== undefined) {
    const job = findRecorded(r, arg);
    if (!job) throw new NotFoundError(`no job ${JSON.stringify(arg)} in the local record`, { hint: 'list them: rpv log' });
    io.stdout.write(opts.json ? `${JSON.stringify(jobJson(job))}\n` : jobDetail(job));
    return 0;
  }
  const jobs = r.lib.queryJobs(r.store, { limit, endpoint: opts.endpoint as string | undefined, since, search: opts.search as string | undefined });
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(jobs.map(jobJson))}\n`);
    return 0;
  }
  if (jobs.length === 0) {
    io.stderr.write('rpv: no jobs in the local record match\n');
    return 0;
  }
  io.stdout.write(`${logTable(jobs, io.stdout.columns ?? 120)}\n`);
  return 0;
}
