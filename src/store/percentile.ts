// Exact percentiles by the nearest-rank method: the p-th percentile of n sorted values is the
// value at rank ceil(p/100 * n) (1-based). It is always one of the values (no interpolation),
// so a p50 of queue delays is a delay some job really had. Exact at rpv's scale.

/** Nearest-rank percentile of `sorted` (ascending); undefined for no values. */
export function nearestRank(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  if (p <= 0) return sorted[0];
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** p50, p95 and max of unsorted values (nulls when there are none). */
export function summarize(values: readonly number[]): { p50: number | null; p95: number | null; max: number | null } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: nearestRank(sorted, 50) ?? null,
    p95: nearestRank(sorted, 95) ?? null,
    max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? null) : null,
  };
}
