// What a batch run counts, and the end summary built from it: counts, wall time, throughput,
// p50/p95 of queue delay and execution time (exact up to a bounded sample), retries, 429s, cost.

/** A bounded uniform sample (reservoir); exact while fewer than `cap` values were added. */
export class Sample {
  private readonly values: number[] = [];
  private seen = 0;
  constructor(
    private readonly cap = 20_000,
    private readonly random: () => number = Math.random,
  ) {}

  add(v: number): void {
    this.seen++;
    if (this.values.length < this.cap) this.values.push(v);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.cap) this.values[j] = v;
    }
  }

  /** The q-quantile (0..1), nearest-rank; null when empty. */
  quantile(q: number): number | null {
    if (this.values.length === 0) return null;
    const sorted = [...this.values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
    return sorted[rank - 1]!;
  }
}

/** Live counters of one run. */
export class BatchStats {
  total = 0;
  skipped = 0;
  done = 0;
  failed = 0;
  inFlight = 0;
  retries = 0;
  rateLimited = 0;
  possiblyDuplicated = 0;
  reattached = 0;
  promptTokens = 0;
  completionTokens = 0;
  costUsd: number | null = null;
  readonly delay = new Sample();
  readonly execution = new Sample();
  readonly started: number;
  /** Endpoint-wide counters from the last /health read. */
  health: { inQueue?: number; inProgress?: number } = {};

  constructor(now = Date.now()) {
    this.started = now;
  }

  /** Records one finished request. */
  finished(
    ok: boolean,
    f: {
      delayMs: number | null;
      executionMs: number | null;
      promptTokens?: number;
      completionTokens?: number;
      costUsd: number | null;
    },
  ): void {
    if (ok) this.done++;
    else this.failed++;
    if (f.delayMs !== null) this.delay.add(f.delayMs);
    if (f.executionMs !== null) this.execution.add(f.executionMs);
    this.promptTokens += f.promptTokens ?? 0;
    this.completionTokens += f.completionTokens ?? 0;
    if (f.costUsd !== null) this.costUsd = (this.costUsd ?? 0) + f.costUsd;
  }
}

/** The end summary (`--json` prints exactly this). */
export interface BatchSummary {
  batchId: string;
  status: 'completed' | 'failed' | 'interrupted' | 'stopped';
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  reattached: number;
  possiblyDuplicated: number;
  remaining: number;
  wallMs: number;
  requestsPerSecond: number;
  tokensPerSecond: number;
  promptTokens: number;
  completionTokens: number;
  queueMs: { p50: number | null; p95: number | null };
  executionMs: { p50: number | null; p95: number | null };
  retries: number;
  rateLimited: number;
  httpRequests: Record<string, number>;
  costUsd: number | null;
  costIsEstimate: true;
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Builds the summary from the counters. */
export function summarize(
  s: BatchStats,
  extra: {
    batchId: string;
    status: BatchSummary['status'];
    remaining: number;
    httpRequests: Record<string, number>;
    now?: number;
  },
): BatchSummary {
  const wallMs = Math.max(1, (extra.now ?? Date.now()) - s.started);
  const finished = s.done + s.failed;
  return {
    batchId: extra.batchId,
    status: extra.status,
    total: s.total,
    succeeded: s.done,
    failed: s.failed,
    skipped: s.skipped,
    reattached: s.reattached,
    possiblyDuplicated: s.possiblyDuplicated,
    remaining: extra.remaining,
    wallMs,
    requestsPerSecond: round((finished * 1000) / wallMs),
    tokensPerSecond: round((s.completionTokens * 1000) / wallMs, 1),
    promptTokens: s.promptTokens,
    completionTokens: s.completionTokens,
    queueMs: { p50: s.delay.quantile(0.5), p95: s.delay.quantile(0.95) },
    executionMs: { p50: s.execution.quantile(0.5), p95: s.execution.quantile(0.95) },
    retries: s.retries,
    rateLimited: s.rateLimited,
    httpRequests: extra.httpRequests,
    costUsd: s.costUsd === null ? null : round(s.costUsd, 6),
    costIsEstimate: true,
  };
}

const ms = (v: number | null): string =>
  v === null ? '-' : v >= 10_000 ? `${(v / 1000).toFixed(1)}s` : `${Math.round(v)}ms`;

/** The summary as the lines printed on stderr. */
export function summaryText(x: BatchSummary): string {
  const lines = [
    `batch ${x.status}: ${x.succeeded} ok, ${x.failed} failed, ${x.skipped} already done, ${x.remaining} left (of ${x.total})`,
    `  wall ${ms(x.wallMs)}, ${x.requestsPerSecond} requests/s, ${x.tokensPerSecond} tokens/s (${x.completionTokens} tokens out, ${x.promptTokens} in)`,
    `  queue delay p50 ${ms(x.queueMs.p50)} p95 ${ms(x.queueMs.p95)}; execution p50 ${ms(x.executionMs.p50)} p95 ${ms(x.executionMs.p95)}`,
    `  retries ${x.retries}, 429s ${x.rateLimited}, HTTP calls ${Object.entries(x.httpRequests)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  estimated cost ${x.costUsd === null ? 'unknown (set a price in the config)' : `$${x.costUsd.toFixed(4)} (estimate)`}`,
  ];
  if (x.reattached > 0) lines.push(`  re-attached to ${x.reattached} jobs submitted by an earlier run`);
  if (x.possiblyDuplicated > 0) {
    lines.push(
      `  ${x.possiblyDuplicated} request(s) possibly ran twice: a /run reply was lost and the line was submitted again`,
    );
  }
  return `${lines.join('\n')}\n`;
}
