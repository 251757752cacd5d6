// `rpv health`: worker and job counters, once or refreshed with --watch.
import { ExitCode } from '../../core/errors.js';
import type { ParsedFlags } from '../../core/flags/values.js';
import { formatHealth, watchHeader } from '../../output/health.js';
import { sleep } from '../../core/sleep.js';
import { commandContext } from '../context.js';
import type { CliIo } from '../../core/io.js';

/** Runs `health`. */
export async function runHealth(_args: unknown[], flags: ParsedFlags, io: CliIo): Promise<number> {
  const interval = flags.values.interval ?? 2000;
  const watch = flags.values.watch === true;
  const ctx = commandContext(flags, io);
  let first = true;
  for (;;) {
    const reply = await ctx.client.health();
    if (flags.common.json) {
      io.stdout.write(`${JSON.stringify(reply)}\n`);
    } else {
      if (watch && io.stdoutIsTTY && !first) io.stdout.write('\u001b[3A\u001b[J');
      const header = watch ? watchHeader(ctx.endpoint, interval, new Date()) : '';
      io.stdout.write(header + formatHealth(reply));
    }
    first = false;
    if (!watch) return ExitCode.ok;
    await sleep(interval, io.signal);
    if (io.signal.aborted) return io.signal.reason === 'pipe-closed' ? ExitCode.ok : ExitCode.interrupted;
  }
}
