// Pure helpers of the benchmark: order statistics, one table row from two sets of samples,
// and the fixed-width table printed at the end.

/** The q-quantile (0..1) of `values` by nearest rank; NaN for no values. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

/** The largest value, or null when there is none (e.g. no /usr/bin/time). */
export function maxOf(values) {
  const known = values.filter((v) => typeof v === 'number');
  return known.length === 0 ? null : Math.max(...known);
}

function medianOf(values) {
  const known = values.filter((v) => typeof v === 'number');
  return known.length === 0 ? null : quantile(known, 0.5);
}

/**
 * One result row: medians and p90 of wall time, the ratio of the subject's median to the
 * baseline's, and the subject's and baseline's CPU time, peak RSS and output bytes.
 */
export function summarize(name, target, subject, baseline) {
  const wall = subject.map((s) => s.wallMs);
  const baseWall = baseline.map((s) => s.wallMs);
  const medianMs = quantile(wall, 0.5);
  const baselineMedianMs = quantile(baseWall, 0.5);
  // The verdict is on the printed (rounded) ratio, so a row never reads 2.50x MISS against 2.5x.
  const ratio = round2(medianMs / baselineMedianMs);
  return {
    name,
    runs: subject.length,
    medianMs: round(medianMs),
    p90Ms: round(quantile(wall, 0.9)),
    baselineMedianMs: round(baselineMedianMs),
    baselineP90Ms: round(quantile(baseWall, 0.9)),
    ratio,
    target,
    pass: ratio <= target,
    cpuMs: roundOrNull(medianOf(subject.map((s) => s.cpuMs))),
    baselineCpuMs: roundOrNull(medianOf(baseline.map((s) => s.cpuMs))),
    maxRssMb: mb(maxOf(subject.map((s) => s.maxRssKb))),
    baselineMaxRssMb: mb(maxOf(baseline.map((s) => s.maxRssKb))),
    bytes: medianOf(subject.map((s) => s.bytes)),
    baselineBytes: medianOf(baseline.map((s) => s.bytes)),
  };
}

function round(v) {
  return Math.round(v * 10) / 10;
}

function roundOrNull(v) {
  return v === null ? null : round(v);
}

function mb(kb) {
  return kb === null ? null : Math.round(kb / 102.4) / 10;
}

const COLUMNS = [
  ['name', (r) => r.name],
  ['median ms', (r) => r.medianMs.toFixed(1)],
  ['p90 ms', (r) => r.p90Ms.toFixed(1)],
  ['baseline median ms', (r) => r.baselineMedianMs.toFixed(1)],
  ['ratio', (r) => `${r.ratio.toFixed(2)}x`],
  ['target', (r) => `<= ${r.target}x`],
  ['result', (r) => (r.pass ? 'PASS' : 'MISS')],
  ['cpu ms (base)', (r) => (r.cpuMs === null ? '-' : `${r.cpuMs.toFixed(0)} (${r.baselineCpuMs?.toFixed(0) ?? '-'})`)],
  ['max rss MB (base)', (r) => (r.maxRssMb === null ? '-' : `${r.maxRssMb} (${r.baselineMaxRssMb ?? '-'})`)],
  ['out bytes (base)', (r) => (r.bytes === null ? '-' : `${r.bytes} (${r.baselineBytes ?? '-'})`)],
];

/** The rows as an aligned text table, header first. */
export function formatTable(rows) {
  const cells = [COLUMNS.map(([title]) => title), ...rows.map((r) => COLUMNS.map(([, cell]) => cell(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i].length)));
  const lines = cells.map((line) =>
    line.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return `${lines.join('\n')}\n`;
}

/**
 * One target check: a measured figure of rpv against a reference figure of the same run, and
 * whether it meets `rule` ('ratio' = value / reference <= limit; 'plus' = value <= reference
 * + limit; 'at-most' = value <= limit, the reference shown for context).
 */
export function check(name, value, reference, rule, limit, unit = 'ms') {
  const ratio = round2(value / reference);
  const pass = rule === 'ratio' ? ratio <= limit : rule === 'plus' ? value <= reference + limit : value <= limit;
  const target =
    rule === 'ratio'
      ? `<= ${limit}x`
      : rule === 'plus'
        ? `<= ref + ${limit} ${unit}`
        : `<= ${limit}${unit === 'x' ? 'x' : ` ${unit}`}`;
  return { name, value: round2(value), reference: round2(reference), ratio, unit, target, pass };
}

function round2(v) {
  return Math.round(v * 100) / 100;
}

const CHECK_COLUMNS = [
  ['target check', (r) => r.name],
  ['rpv', (r) => `${r.value} ${r.unit}`],
  ['reference', (r) => `${r.reference} ${r.unit}`],
  ['ratio', (r) => `${r.ratio.toFixed(2)}x`],
  ['target', (r) => r.target],
  ['result', (r) => (r.pass ? 'PASS' : 'MISS')],
];

/** The target checks as an aligned text table. */
export function formatChecks(rows) {
  const cells = [CHECK_COLUMNS.map(([t]) => t), ...rows.map((r) => CHECK_COLUMNS.map(([, cell]) => cell(r)))];
  const widths = CHECK_COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i].length)));
  const lines = cells.map((line) =>
    line.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return `${lines.join('\n')}\n`;
}

/** Per-token delays of several runs: p50, p95 and the median first-token delay. */
export function latencyOf(runs) {
  const all = runs.flatMap((r) => r.delays);
  return {
    p50: quantile(all, 0.5),
    p95: quantile(all, 0.95),
    first: quantile(
      runs.map((r) => r.first),
      0.5,
    ),
    tokens: all.length,
  };
}
