// `rpv stats`: the contract's JSON object, and for people a small table per endpoint, a
// sparkline of total time and one sentence saying what the numbers mean.
import { formatDuration } from '../core/duration.js';
import { formatCost } from '../core/gpu-prices.js';
import { neutralize } from '../core/sanitize.js';
import type { EndpointStats } from '../store/stats.js';
import { localTime, maybeDuration, sparkline, table } from './record-format.js';

/** The `--json` object, exactly the contract's shape. */
export function statsJson(since: string, endpoints: readonly EndpointStats[]): Record<string, unknown> {
  return {
    since,
    endpoints: endpoints.map((e) => ({
      endpoint: e.endpoint,
      jobs: e.jobs,
      failed: e.failed,
      cancelled: e.cancelled,
      coldStarts: e.coldStarts,
      queueMs: e.queueMs,
      firstTokenMs: e.firstTokenMs,
      executionMs: e.executionMs,
      totalMs: e.totalMs,
      tokensPerSecond: { p50: e.tokensPerSecond.p50 === null ? null : Number(e.tokensPerSecond.p50.toFixed(2)) },
      costUsd: e.costUsd,
    })),
  };
}

/** "4 of 20 jobs waited for a cold worker; median queue 41 s." */
export function statsSentence(e: EndpointStats): string {
  const jobs = e.jobs === 1 ? '1 job' : `${e.jobs} jobs`;
  const cold =
    e.coldStarts === 0
      ? `none of ${jobs} waited for a cold worker`
      : `${e.coldStarts} of ${jobs} waited for a cold worker`;
  const median = e.queueMs.p50 === null ? '' : `; median queue ${formatDuration(e.queueMs.p50)}`;
  const failed = e.failed > 0 ? `; ${e.failed} failed` : '';
  const text = `${cold}${median}${failed}.`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The terminal view of all endpoints. */
export function statsText(since: string, endpoints: readonly EndpointStats[]): string {
  if (endpoints.length === 0) return `No jobs recorded since ${localTime(since)}.\n`;
  const blocks = endpoints.map((e) => {
    const head = `${neutralize(e.endpoint)}: ${e.jobs} jobs, ${e.failed} failed, ${e.cancelled} cancelled, ${e.coldStarts} cold starts (queue > 5s)`;
    const row = (name: string, s: { p50: number | null; p95: number | null; max: number | null }) => [
      name,
      maybeDuration(s.p50),
      maybeDuration(s.p95),
      maybeDuration(s.max),
    ];
    const grid = table([
      ['', 'p50', 'p95', 'max'],
      row('queue', e.queueMs),
      row('first token', e.firstTokenMs),
      row('execution', e.executionMs),
      row('total', e.totalMs),
    ]).replace(/^/gm, '  ');
    const extras: string[] = [];
    if (e.tokensPerSecond.p50 !== null) extras.push(`${e.tokensPerSecond.p50.toFixed(1)} tok/s (p50)`);
    if (e.costUsd !== null) extras.push(`cost ${formatCost(e.costUsd)}`);
    const spark =
      e.totals.length > 1
        ? `  total time ${sparkline(e.totals)}  (oldest → newest, ${formatDuration(Math.min(...e.totals))} to ${formatDuration(Math.max(...e.totals))})`
        : '';
    return [head, grid, extras.length ? `  ${extras.join(' · ')}` : '', spark, `  ${statsSentence(e)}`]
      .filter((l) => l !== '')
      .join('\n');
  });
  return `Since ${localTime(since)}\n\n${blocks.join('\n\n')}\n`;
}
