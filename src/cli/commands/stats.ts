// `rpv stats`: per endpoint, job counts, cold starts and p50/p95/max of the timings.
import { statsJson, statsText } from '../../output/stats-view.js';
import { requireRecord, sinceIso } from './log.js';
import type { CliIo } from '../io.js';

/** Runs `stats`. */
export async function runStats(_args: unknown[], opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const since = sinceIso(opts.since, '7d') as string;
  const r = await requireRecord(io);
  const endpoints = r.lib.endpointStats(r.store, since, opts.endpoint as string | undefined);
  io.stdout.write(opts.json ? `${JSON.stringify(statsJson(since, endpoints))}\n` : statsText(since, endpoints));
  return 0;
}
