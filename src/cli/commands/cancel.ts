// `rpv cancel <job-id...>`: cancel each job and print its resulting status.
import { ExitCode, toRpvError, UsageError, type RpvError } from '../../core/errors.js';
import { isTerminal } from '../../core/events.js';
import type { ParsedFlags } from '../../core/flags/values.js';
import { warnerFor, type CliIo } from '../../core/io.js';
import { oneLine } from '../../core/sanitize.js';
import { formatError } from '../../output/outcome.js';
import { commandContext } from '../context.js';
import { checkJobId } from '../job-id.js';
import { noteRecordedStatus, resolveJobRef } from '../record/job-ref.js';

/** Runs `cancel`; exit 0 when every cancel was accepted, else the first failure's code. */
export async function runCancel(args: unknown[], flags: ParsedFlags, io: CliIo): Promise<number> {
  const refs: (string | undefined)[] = ((args[0] as string[] | undefined) ?? []).map(checkJobId);
  if (flags.values.last) refs.push(undefined);
  if (refs.length === 0)
    throw new UsageError('no job ID given', { hint: 'name one or more, or use --last for the newest job' });
  const warn = warnerFor(io, flags.common.quiet);
  const ids: string[] = [];
  let failure: RpvError | undefined;
  const results: Record<string, unknown>[] = [];
  for (const ref of refs) {
    const { id, overrides } = await resolveJobRef(io, ref, { ...flags.values, last: ref === undefined }, warn);
    ids.push(id);
    try {
      const ctx = commandContext(flags, io, overrides);
      const reply = await ctx.client.cancel(id);
      // A reply without a status still means the cancel was accepted; never print or record `undefined`.
      const status = typeof reply.status === 'string' && reply.status !== '' ? oneLine(reply.status) : undefined;
      if (status !== undefined) await noteRecordedStatus(io, id, { status });
      // The service answers a job that had already ended with the status it ended in.
      const ended = status !== undefined && status !== 'CANCELLED' && isTerminal(status);
      results.push(ended ? { id, status, alreadyEnded: true } : { id, status: status ?? null });
      if (!flags.common.json)
        io.stdout.write(
          `${id} ${ended ? `already ${status}; nothing to cancel` : (status ?? 'cancel sent (the service reported no status)')}\n`,
        );
    } catch (err) {
      const e = toRpvError(err);
      if (e.exitCode === ExitCode.usage || e.exitCode === ExitCode.config) throw e;
      failure ??= e;
      results.push({ id, error: e.message, exitCode: e.exitCode });
      io.stderr.write(formatError(e, id));
    }
  }
  if (flags.common.json) io.stdout.write(`${JSON.stringify(ids.length === 1 ? results[0] : results)}\n`);
  return failure ? failure.exitCode : ExitCode.ok;
}
