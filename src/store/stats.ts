// `rpv stats`: per endpoint, counts and p50/p95/max of the timings of recorded jobs, read as
// compact rows (no text columns) so 100,000 jobs stay fast.
import type { Store } from './db.js';
import { summarize } from './percentile.js';

/** Queue delay above this is a cold start (a worker had to start for the job). */
export const COLD_START_MS = 5000;

type Summary = ReturnType<typeof summarize>;

/** One endpoint's numbers, in the contract's `--json` shape. */
export interface EndpointStats {
  endpoint: string;
  jobs: number;
  failed: number;
  cancelled: number;
  coldStarts: number;
  queueMs: Summary;
  firstTokenMs: Summary;
  executionMs: Summary;
  totalMs: Summary;
  tokensPerSecond: { p50: number | null };
  costUsd: number | null;
  /** Total times of the jobs, oldest first (for the terminal's sparkline; not in --json). */
  totals: number[];
}

function numbers(json: unknown): number[] {
  if (typeof json !== 'string') return [];
  return (JSON.parse(json) as unknown[]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

const count = (v: unknown) => Number(v ?? 0);

/**
 * Aggregates jobs submitted at or after `since` (ISO), optionally of one endpoint; cache hits ran
 * no job and are left out. SQLite counts and gathers each column as one JSON array per endpoint
 * (parsing one string is far cheaper than crossing into JavaScript once per row); the
 * percentiles are then exact, in JavaScript.
 */
export function endpointStats(store: Store, since: string, endpoint?: string): EndpointStats[] {
  const where = endpoint === undefined ? 'submitted_at >= ?' : 'submitted_at >= ? AND endpoint = ?';
  const params = endpoint === undefined ? [since] : [since, endpoint];
  const rows = store.db
    .prepare(
      `SELECT endpoint, count(*) AS jobs,
         sum(status IN ('FAILED', 'TIMED_OUT')) AS failed,
         sum(status = 'CANCELLED') AS cancelled,
         sum(queue_ms > ${COLD_START_MS}) AS cold,
         json_group_array(queue_ms) FILTER (WHERE queue_ms IS NOT NULL) AS q,
         json_group_array(first_token_ms) FILTER (WHERE first_token_ms IS NOT NULL) AS f,
         json_group_array(execution_ms) FILTER (WHERE execution_ms IS NOT NULL) AS e,
         json_group_array(total_ms) FILTER (WHERE total_ms IS NOT NULL) AS t,
         json_group_array(tokens_per_second) FILTER (WHERE tokens_per_second IS NOT NULL) AS r,
         sum(cost_usd) AS cost
       FROM (SELECT endpoint, status, queue_ms, first_token_ms, execution_ms, total_ms, tokens_per_second, cost_usd FROM jobs WHERE ${where} AND cached = 0 ORDER BY submitted_at)
       GROUP BY endpoint`,
    )
    .all(...params) as Record<string, unknown>[];
  return rows
    .map((row) => {
      const totals = numbers(row['t']);
      const cost = row['cost'];
      return {
        endpoint: String(row['endpoint']),
        jobs: count(row['jobs']),
        failed: count(row['failed']),
        cancelled: count(row['cancelled']),
        coldStarts: count(row['cold']),
        queueMs: summarize(numbers(row['q'])),
        firstTokenMs: summarize(numbers(row['f'])),
        executionMs: summarize(numbers(row['e'])),
        totalMs: summarize(totals),
        tokensPerSecond: { p50: summarize(numbers(row['r'])).p50 },
        costUsd: typeof cost === 'number' ? Number(cost.toFixed(6)) : null,
        totals,
      };
    })
    .sort((a, b) => b.jobs - a.jobs || a.endpoint.localeCompare(b.endpoint));
}
