// Types of bench/stats.mjs, for the tests that import it.

/** One measured run of a command. */
export interface Sample {
  wallMs: number;
  cpuMs: number | null;
  maxRssKb: number | null;
  bytes: number;
}

/** One row of the benchmark table. */
export interface Row {
  name: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  baselineMedianMs: number;
  baselineP90Ms: number;
  ratio: number;
  target: number;
  pass: boolean;
  cpuMs: number | null;
  baselineCpuMs: number | null;
  maxRssMb: number | null;
  baselineMaxRssMb: number | null;
  bytes: number | null;
  baselineBytes: number | null;
}

/** The q-quantile (0..1) of `values` by nearest rank; NaN for no values. */
export function quantile(values: number[], q: number): number;
/** The largest value, or null when there is none. */
export function maxOf(values: (number | null)[]): number | null;
/** One result row from the subject's and the baseline's samples. */
export function summarize(name: string, target: number, subject: Sample[], baseline: Sample[]): Row;
/** The rows as an aligned text table, header first. */
export function formatTable(rows: Row[]): string;

/** One target check of rpv against a reference figure of the same run. */
export interface Check {
  name: string;
  value: number;
  reference: number;
  ratio: number;
  unit: string;
  target: string;
  pass: boolean;
}
/** Builds one target check ('ratio', 'plus' or 'at-most' rule). */
export function check(
  name: string,
  value: number,
  reference: number,
  rule: 'ratio' | 'plus' | 'at-most',
  limit: number,
  unit?: string,
): Check;
/** The target checks as an aligned text table. */
export function formatChecks(rows: Check[]): string;
/** p50/p95 of per-token delays and the median first-token delay over several runs. */
export function latencyOf(runs: { delays: number[]; first: number }[]): {
  p50: number;
  p95: number;
  first: number;
  tokens: number;
};
