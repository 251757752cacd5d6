// `rpv cancel <job-id...>`: cancel each job and print its resulting status.
import { ExitCode, toRpvError, type RpvError } from '../../core/errors.js';
import { updateJob } from '../../data/journal.js';
import { formatError } from '../../output/outcome.js';
import type { ParsedFlags } from '../../core/flags/values.js';
import { commandContext } from '../context.js';
import { checkJobId, journalOverrides } from '../job-id.js';
import type { CliIo } from '../../core/io.js';

/** Runs `cancel`; exit 0 when every cancel was accepted, else the first failure's code. */
export async function runCancel(args: unknown[], flags: ParsedFlags, io: CliIo): Promise<number> {
  const ids = ((args[0] as string[] | undefined) ?? []).map(checkJobId);
  let failure: RpvError | undefined;
  const results: Record<string, unknown>[] = [];
  for (const id of ids) {
    try {
      const ctx = commandContext(flags, io, journalOverrides(io, id, flags.values));
      const reply = await ctx.client.cancel(id);
      updateJob(io.env, id, { status: String(reply.status) });
      results.push({ id, status: reply.status });
      if (!flags.common.json) io.stdout.write(`${id} ${reply.status}\n`);
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

