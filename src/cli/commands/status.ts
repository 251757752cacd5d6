// `rpv status [job-id]`: one job (its status, timings, worker and readable output or error),
// or the recent jobs from the local journal.
import { decodeOutput } from '../../core/output-decoder.js';
import { readableError } from '../../core/python-repr.js';
import { formatDuration } from '../../core/duration.js';
import { neutralize } from '../../core/sanitize.js';
import { followJob, waitForJob } from '../../core/job.js';
import { ExitCode } from '../../core/errors.js';
import { listJobs } from '../record/job-list.js';
import { noteRecordedStatus, resolveJobRef } from '../record/job-ref.js';
import { recordSettings } from '../record/settings.js';
import { exitCodeOf, terminalStatus } from '../../output/outcome.js';
import { commandContext } from '../context.js';
import { outputMode, render } from '../generate.js';
import type { CliIo } from '../io.js';

const STATUS_EXIT: Record<string, number> = {
  COMPLETED: ExitCode.ok,
  FAILED: ExitCode.jobFailed,
  TIMED_OUT: ExitCode.timedOut,
  CANCELLED: ExitCode.cancelled,
};

/** The human view of a status reply: aligned fields, then the output text or the error. */
export function formatStatus(reply: Record<string, unknown>, raw: boolean): string {
  // Every field the service sent is shown inert: an escape sequence in it must not reach the terminal.
  const v = (x: unknown): string => neutralize(String(x ?? '?'));
  const lines = [`job      ${v(reply.id)}`, `status   ${v(reply.status)}`];
  if (typeof reply.delayTime === 'number') lines.push(`queue    ${formatDuration(reply.delayTime)}`);
  if (typeof reply.executionTime === 'number') lines.push(`run      ${formatDuration(reply.executionTime)}`);
  if (reply.workerId) lines.push(`worker   ${v(reply.workerId)}`);
  let body = '';
  if (reply.error !== undefined && reply.error !== null) {
    lines.push(`error    ${readableError(reply.error)}`);
  }
  if (reply.output !== undefined && reply.output !== null) {
    const decoded = decodeOutput(reply.output);
    if (decoded.error) lines.push(`error    ${decoded.error}`);
    const usage = decoded.usage;
    if (usage) lines.push(`tokens   ${usage.promptTokens ?? '?'} in / ${usage.completionTokens ?? '?'} out`);
    const texts = decoded.texts.filter((t) => t !== undefined);
    if (texts.length > 0) {
      const joined = texts.length > 1 ? texts.map((t, i) => `[${i}] ${t}`).join('\n\n') : (texts[0] ?? '');
      const clean = raw ? joined : neutralize(joined);
      body = `\n${clean}${clean.endsWith('\n') ? '' : '\n'}`;
    }
  }
  return `${lines.join('\n')}\n${body}`;
}

/** Runs `status`. */
export async function runStatus(args: unknown[], opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const rawId = args[0] as string | undefined;
  if (rawId === undefined && !opts.last) return listJobs(io, opts);
  const warn = (line: string) => void (opts.quiet ? undefined : io.stderr.write(`rpv: ${line}\n`));
  const { id, overrides } = await resolveJobRef(io, rawId, opts, warn);
  const ctx = commandContext(opts, io, overrides);
  const price = recordSettings({}, ctx.defaults).pricePerSecond;

  if (opts.follow) {
    // Following only watches: the journal keeps what submitted the job, and learns its new status.
    const events = followJob({ client: ctx.client, endpoint: ctx.endpoint, jobId: id, signal: io.signal, deadline: ctx.deadline, cancelOnAbort: false });
    const terminal = await render(events, outputMode(opts, io), opts, io, 1);
    if (terminal.type !== 'cancelled') await noteRecordedStatus(io, id, { status: terminalStatus(terminal) });
    return exitCodeOf(terminal);
  }

  if (opts.wait) {
    const { waitWithSpinner } = await import('../wait-spinner.js');
    const reply = await waitWithSpinner(
      waitForJob({ client: ctx.client, endpoint: ctx.endpoint, jobId: id, signal: io.signal, deadline: ctx.deadline, cancelOnAbort: false }),
      () => ctx.client.status(id),
      io,
      Boolean(opts.quiet),
    );
    if (reply === undefined) return io.signal.reason === 'pipe-closed' ? 0 : ExitCode.interrupted;
    if (!('id' in reply) && typeof reply.exitCode === 'number') return reply.exitCode;
    const full = reply as Record<string, unknown>;
    await noteRecordedStatus(io, id, full, price);
    printStatus(full, opts, io, id, ctx.client.redact);
    return waitExitCode(full);
  }

  const reply = await ctx.client.status(id);
  await noteRecordedStatus(io, id, reply as Record<string, unknown>, price);
  printStatus(reply as Record<string, unknown>, opts, io, id, ctx.client.redact);
  return 0;
}

/** The exit code of an ended job; a COMPLETED job whose output carries an error failed (runpod < 1.7.7). */
export function waitExitCode(reply: Record<string, unknown>): number {
  const status = String(reply.status);
  if (status === 'COMPLETED' && reply.output !== undefined && reply.output !== null) {
    if (decodeOutput(reply.output).error !== undefined) return ExitCode.jobFailed;
  }
  return STATUS_EXIT[status] ?? ExitCode.ok;
}

/** Prints a status reply; `clean` takes the key out of whatever the service echoed back. */
function printStatus(
  reply: Record<string, unknown>,
  opts: Record<string, unknown>,
  io: CliIo,
  id: string,
  clean: (text: string) => string = (t) => t,
): void {
  io.stdout.write(clean(opts.json ? `${JSON.stringify(reply)}\n` : formatStatus(reply, Boolean(opts.raw))));
}
