// `rpv log [job-id|path]`: the recorded jobs, newest first, or one in full; `rpv log path`
// prints where the record is.
import path from 'node:path';
import { dataDir } from '../../core/paths.js';
import { NotFoundError, RpvError, ExitCode } from '../../core/errors.js';
import type { ParsedFlags } from '../../core/flags/values.js';
import { jobDetail, jobJson, logTable } from '../../output/log-view.js';
import { openRecord, recordProblem } from '../record/open-record.js';
import { findRecorded } from '../record/job-ref.js';
import type { CliIo } from '../../core/io.js';

/** The record for a command that exists to read it: failing to open is the command's error. */
export async function requireRecord(io: CliIo) {
  try {
    return await openRecord(io.env);
  } catch (err) {
    throw new RpvError(recordProblem(io.env, err), ExitCode.internal, {
      hint: 'move the file away to start a new record',
    });
  }
}

/** `--since` (milliseconds, already checked) as an ISO time. */
export function sinceIso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(Date.now() - ms).toISOString();
}

/** Runs `log`. */
export async function runLog(args: unknown[], flags: ParsedFlags, io: CliIo): Promise<number> {
  const v = flags.values;
  const arg = args[0] as string | undefined;
  if (arg === 'path') {
    io.stdout.write(`${path.join(dataDir(io.env), 'rpv.db')}\n`);
    return ExitCode.ok;
  }
  const limit = v.n;
  const since = sinceIso(v.since);
  const r = await requireRecord(io);
  if (arg !== undefined) {
    const job = findRecorded(r, arg);
    if (!job)
      throw new NotFoundError(`no job ${JSON.stringify(arg)} in the local record`, { hint: 'list them: rpv log' });
    io.stdout.write(flags.common.json ? `${JSON.stringify(jobJson(job))}\n` : jobDetail(job));
    return ExitCode.ok;
  }
  const jobs = r.lib.queryJobs(r.store, { limit, endpoint: v.endpoint, since, search: v.search });
  if (flags.common.json) {
    io.stdout.write(`${JSON.stringify(jobs.map(jobJson))}\n`);
    return ExitCode.ok;
  }
  if (jobs.length === 0) {
    io.stderr.write('rpv: no jobs in the local record match\n');
    return ExitCode.ok;
  }
  io.stdout.write(`${logTable(jobs, io.stdout.columns ?? 120)}\n`);
  return ExitCode.ok;
}
