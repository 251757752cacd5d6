// `rpv status [job-id]`: one job (its status, timings, worker and readable output or error),
// or the recent jobs from the local record.
import { decodeOutput } from '../../core/output-decoder.js';
import { redactJobEvents } from '../../core/redact-events.js';
import { followJob, waitForJob } from '../../core/job/native.js';
import { ExitCode, UsageError } from '../../core/errors.js';
import { exitCodeOf, terminalStatus } from '../../output/outcome.js';
import { formatStatus } from '../../output/status.js';
import { statusText } from '../../output/status-text.js';
import { commandContext } from '../context.js';
import { outputMode } from '../../output/mode.js';
import { render } from '../render.js';
import type { ParsedFlags } from '../../core/flags/values.js';
import { listJobs } from '../record/job-list.js';
import { noteRecordedStatus, resolveJobRef } from '../record/job-ref.js';
import { recordSettings } from '../record/settings.js';
import { warnerFor, type CliIo } from '../../core/io.js';

const STATUS_EXIT: Record<string, number> = {
  COMPLETED: ExitCode.ok,
  FAILED: ExitCode.jobFailed,
  TIMED_OUT: ExitCode.timedOut,
  CANCELLED: ExitCode.cancelled,
};

/** Runs `status`. */
export async function runStatus(args: unknown[], flags: ParsedFlags, io: CliIo): Promise<number> {
  const rawId = args[0] as string | undefined;
  if (rawId === undefined && !flags.values.last) {
    const needsId = (['wait', 'follow', 'text'] as const).filter((f) => flags.values[f] === true);
    if (needsId.length > 0)
      throw new UsageError(`--${needsId[0]} needs a job ID`, {
        hint: 'e.g. rpv status <job-id> --wait; `rpv status` alone lists the recent jobs',
      });
    return listJobs(io, flags);
  }
  if (flags.values.text === true && flags.common.json)
    throw new UsageError('--text and --json cannot be combined', {
      hint: 'use one: --text prints only the output text',
    });
  const warn = warnerFor(io, flags.common.quiet);
  const { id, overrides } = await resolveJobRef(io, rawId, flags.values, warn);
  const ctx = commandContext(flags, io, overrides);
  const price = recordSettings({}, ctx.defaults).pricePerSecond;

  if (flags.values.follow) {
    // Following only watches: the journal keeps what submitted the job, and learns its new status.
    const events = redactJobEvents(
      followJob({
        client: ctx.client,
        endpoint: ctx.endpoint,
        jobId: id,
        signal: io.signal,
        deadline: ctx.deadline,
        cancelOnAbort: false,
      }),
      ctx.secrets,
    );
    const terminal = await render(events, outputMode(flags.common, io), flags, io, 1, undefined, 'following the job…');
    if (terminal.type !== 'cancelled') await noteRecordedStatus(io, id, { status: terminalStatus(terminal) });
    return exitCodeOf(terminal);
  }

  if (flags.values.wait) {
    const { waitWithSpinner } = await import('../wait-spinner.js');
    const reply = await waitWithSpinner(
      waitForJob({
        client: ctx.client,
        endpoint: ctx.endpoint,
        jobId: id,
        signal: io.signal,
        deadline: ctx.deadline,
        cancelOnAbort: false,
      }),
      () => ctx.client.status(id),
      io,
      flags.common.quiet,
    );
    if (reply === undefined) return io.signal.reason === 'pipe-closed' ? ExitCode.ok : ExitCode.interrupted;
    if (!('id' in reply) && typeof reply.exitCode === 'number') return reply.exitCode;
    const full = reply as Record<string, unknown>;
    await noteRecordedStatus(io, id, full, price);
    printStatus(full, { ...flags.common, text: flags.values.text }, io, id, ctx.client.redact);
    return waitExitCode(full);
  }

  const reply = await ctx.client.status(id);
  // Shown first: the record learning the new status can wait until the answer is out.
  printStatus(
    reply as Record<string, unknown>,
    { ...flags.common, text: flags.values.text },
    io,
    id,
    ctx.client.redact,
  );
  await noteRecordedStatus(io, id, reply as Record<string, unknown>, price);
  return ExitCode.ok;
}

/** The exit code of an ended job; a COMPLETED job whose output carries an error failed (runpod < 1.7.7). */
function waitExitCode(reply: Record<string, unknown>): number {
  const status = String(reply.status);
  if (status === 'COMPLETED' && reply.output !== undefined && reply.output !== null) {
    if (decodeOutput(reply.output).error !== undefined) return ExitCode.jobFailed;
  }
  return STATUS_EXIT[status] ?? ExitCode.ok;
}

/** Prints a status reply; `clean` takes the key out of whatever the service echoed back. */
function printStatus(
  reply: Record<string, unknown>,
  opts: { json: boolean; raw: boolean; text?: boolean },
  io: CliIo,
  id: string,
  clean: (text: string) => string = (t) => t,
): void {
  if (opts.text === true) {
    const { stdout, error } = statusText(reply, opts.raw);
    io.stdout.write(clean(stdout));
    if (error !== undefined) io.stderr.write(clean(`rpv: job ${id} ${String(reply.status).toLowerCase()}: ${error}\n`));
    return;
  }
  io.stdout.write(clean(opts.json ? `${JSON.stringify(reply)}\n` : formatStatus(reply, opts.raw)));
}
