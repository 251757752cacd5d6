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

const FAILED = new Set(['FAILED', 'TIMED_OUT', 'ERROR']);

function num(v: unknown): number | undefined {
  if (typeof v === 'bigint') return Number(v);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Aggregates jobs submitted at or after `since` (ISO), optionally of one endpoint; cache hits ran no job and are left out. */
export function endpointStats(store: Store, since: string, endpoint?: string): EndpointStats[] {
  const where = endpoint === undefined ? 'submitted_at >= ?' : 'submitted_at >= ? AND endpoint = ?';
  const params = endpoint === undefined ? [since] : [since, endpoint];
  const stmt = store.db
    .prepare(
      `SELECT endpoint, status, queue_ms, first_token_ms, execution_ms, total_ms, tokens_per_second, cost_usd
       FROM jobs WHERE ${where} AND cached = 0 ORDER BY submitted_at, id`,
    )
    .raw(true);
  type Acc = { jobs: number; failed: number; cancelled: number; cold: number; q: number[]; f: number[]; e: number[]; t: number[]; r: number[]; cost: number; costs: number };
  const by = new Map<string, Acc>();
  for (const row of stmt.iterate(...params) as IterableIterator<unknown[]>) {
    const [ep, status, q, f, e, t, r, cost] = row;
    const key = String(ep);
    let acc = by.get(key);
    if (!acc) {
      acc = { jobs: 0, failed: 0, cancelled: 0, cold: 0, q: [], f: [], e: [], t: [], r: [], cost: 0, costs: 0 };
      by.set(key, acc);
    }
    acc.jobs += 1;
    if (FAILED.has(String(status))) acc.failed += 1;
    if (status === 'CANCELLED') acc.cancelled += 1;
    const qn = num(q);
    if (qn !== undefined) {
      acc.q.push(qn);
      if (qn > COLD_START_MS) acc.cold += 1;
    }
    const fn = num(f);
    if (fn !== undefined) acc.f.push(fn);
    const en = num(e);
    if (en !== undefined) acc.e.push(en);
    const tn = num(t);
    if (tn !== undefined) acc.t.push(tn);
    const rn = num(r);
    if (rn !== undefined) acc.r.push(rn);
    const cn = num(cost);
    if (cn !== undefined) {
      acc.cost += cn;
      acc.costs += 1;
    }
  }
  return [...by.entries()]
    .sort((a, b) => b[1].jobs - a[1].jobs || a[0].localeCompare(b[0]))
    .map(([ep, a]) => ({
      endpoint: ep,
      jobs: a.jobs,
      failed: a.failed,
      cancelled: a.cancelled,
      coldStarts: a.cold,
      queueMs: summarize(a.q),
      firstTokenMs: summarize(a.f),
      executionMs: summarize(a.e),
      totalMs: summarize(a.t),
      tokensPerSecond: { p50: summarize(a.r).p50 },
      costUsd: a.costs > 0 ? Number(a.cost.toFixed(6)) : null,
      totals: a.t,
    }));
}
