// `rpv stats`: per endpoint, job counts, cold starts and p50/p95/max of the timings.
import { ExitCode } from '../../core/errors.js';
import type { ParsedFlags } from '../../core/flags/values.js';
import { statsJson, statsText } from '../../output/stats-view.js';
import { requireRecord, sinceIso } from './log.js';
import type { CliIo } from '../../core/io.js';

/** What `rpv stats` covers without --since. */
const DEFAULT_SINCE_MS = 7 * 86_400_000;

/** Runs `stats`. */
export async function runStats(_args: unknown[], flags: ParsedFlags, io: CliIo): Promise<number> {
  const since = sinceIso(flags.values.since ?? DEFAULT_SINCE_MS) as string;
  const r = await requireRecord(io);
  const endpoints = r.lib.endpointStats(r.store, since, flags.values.endpoint);
  io.stdout.write(flags.common.json ? `${JSON.stringify(statsJson(since, endpoints))}\n` : statsText(since, endpoints));
  return ExitCode.ok;
}
