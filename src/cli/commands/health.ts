// `rpv health`: worker and job counters, once or refreshed with --watch.
import { parseDuration } from '../../core/duration.js';
import { ExitCode, UsageError } from '../../core/errors.js';
import { neutralize } from '../../core/sanitize.js';
import { sleep } from '../../core/sleep.js';
import { commandContext } from '../context.js';
import type { CliIo } from '../io.js';

function counters(obj: Record<string, unknown> | undefined): string {
  if (!obj) return '-';
  return Object.entries(obj)
    .map(([k, v]) => neutralize(`${k} ${String(v)}`))
    .join(' · ');
}

/** The two lines `rpv health` prints for a health reply. */
export function formatHealth(reply: { workers?: Record<string, unknown>; jobs?: Record<string, unknown> }): string {
  return `workers  ${counters(reply.workers)}\njobs     ${counters(reply.jobs)}\n`;
}


/** Runs `health`. */
export async function runHealth(_args: unknown[], opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const interval = parseDuration(String(opts.interval ?? '2s'), '--interval');
  if (interval < 500) throw new UsageError(`--interval must be at least 500ms (got ${String(opts.interval)})`);
  const ctx = commandContext(opts, io);
  let first = true;
  for (;;) {
    const reply = await ctx.client.health();
    if (opts.json) {
      io.stdout.write(`${JSON.stringify(reply)}\n`);
    } else {
      if (opts.watch && io.stdoutIsTTY && !first) io.stdout.write('\u001b[2A\u001b[J');
      const stamp = opts.watch && !io.stdoutIsTTY ? `${new Date().toISOString()}\n` : '';
      io.stdout.write(stamp + formatHealth(reply));
    }
    first = false;
    if (!opts.watch) return 0;
    await sleep(interval, io.signal);
    if (io.signal.aborted) return io.signal.reason === 'pipe-closed' ? 0 : ExitCode.interrupted;
  }
}
