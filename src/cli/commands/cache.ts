// `rpv cache stats|clear`: what the answer cache holds, and emptying it.
import { ExitCode, UsageError } from '../../core/errors.js';
import type { ParsedFlags } from '../../core/flags/values.js';
import { requireRecord } from './log.js';
import type { CliIo } from '../../core/io.js';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Runs `cache`. */
export async function runCache(args: unknown[], flags: ParsedFlags, io: CliIo): Promise<number> {
  const action = args[0] as string;
  if (action !== 'stats' && action !== 'clear')
    throw new UsageError(`unknown cache action "${action}": use stats or clear`);
  const r = await requireRecord(io);
  if (action === 'clear') {
    const removed = r.lib.cacheClear(r.store);
    io.stdout.write(
      flags.common.json
        ? `${JSON.stringify({ removed })}\n`
        : `removed ${removed} cached answer${removed === 1 ? '' : 's'}\n`,
    );
    return ExitCode.ok;
  }
  const s = r.lib.cacheStats(r.store);
  if (flags.common.json) {
    io.stdout.write(`${JSON.stringify(s)}\n`);
  } else {
    io.stdout.write(`${s.entries} answers (${s.expired} expired), ${size(s.bytes)}, ${s.hits} hits\n`);
  }
  return ExitCode.ok;
}
