// `rpv log`: recorded jobs as a table for people, a full view of one job, and the JSON shape
// scripts read. Every text from the record is shown inert (it came from a model).
import { formatCost } from '../core/gpu-prices.js';
import { neutralize, oneLine } from '../core/sanitize.js';
import type { JobRecord } from '../store/job-row.js';
import { localTime, maybeDuration, preview, promptText, table } from './record-format.js';

/** The job's ID as shown: its Runpod job ID, else `#row` (OpenAI route, cache hits). */
export function shownId(job: JobRecord): string {
  return job.jobId ?? `#${job.rowId ?? '?'}`;
}

/** The JSON object of one recorded job: every field, null when unknown. */
export function jobJson(job: JobRecord): Record<string, unknown> {
  const v = <T>(x: T | undefined) => (x === undefined ? null : x);
  return {
    row: v(job.rowId),
    id: v(job.jobId),
    endpoint: job.endpoint,
    baseUrl: v(job.baseUrl),
    profile: v(job.profile),
    command: job.command,
    route: v(job.route),
    model: v(job.model),
    submittedAt: job.submittedAt,
    finishedAt: v(job.finishedAt),
    status: job.status,
    statusSeenAt: v(job.statusSeenAt),
    retries: v(job.retries),
    queueMs: v(job.queueMs),
    executionMs: v(job.executionMs),
    firstTokenMs: v(job.firstTokenMs),
    totalMs: v(job.totalMs),
    tokensIn: v(job.tokensIn),
    tokensOut: v(job.tokensOut),
    tokensEstimated: job.tokensEstimated === true,
    tokensPerSecond: job.tokensPerSecond === undefined ? null : Number(job.tokensPerSecond.toFixed(2)),
    finishReason: v(job.finishReason),
    costUsd: v(job.costUsd),
    costIsEstimate: true,
    cached: job.cached === true,
    cachedFrom: v(job.cachedFrom),
    workerId: v(job.workerId),
    error: v(job.error),
    prompt: v(job.prompt),
    reply: v(job.reply),
  };
}

/** The table of `rpv log`, newest first, with a header. */
export function logTable(jobs: readonly JobRecord[], width = 120): string {
  const rows = [
    ['WHEN', 'JOB', 'ENDPOINT', 'STATUS', 'QUEUE', 'EXEC', 'TTFT', 'TOTAL', 'TOK/S', 'COST~', 'PROMPT → REPLY'],
  ];
  for (const j of jobs) {
    const cost = j.costUsd === undefined ? '-' : `$${j.costUsd.toFixed(j.costUsd >= 0.01 ? 4 : 6)}`;
    const status = j.cached ? `${j.status} (cached)` : j.status;
    rows.push(
      [
        localTime(j.submittedAt),
        shownId(j),
        j.endpoint,
        status,
        maybeDuration(j.queueMs),
        maybeDuration(j.executionMs),
        maybeDuration(j.firstTokenMs),
        maybeDuration(j.totalMs),
        j.tokensPerSecond === undefined ? '-' : j.tokensPerSecond.toFixed(1),
        cost,
        '',
      ].map((c) => oneLine(c)),
    );
  }
  const lines = table(rows).split('\n');
  const used = (lines[0] ?? '').length - 'PROMPT → REPLY'.length;
  const room = Math.max(60, width - used);
  return lines
    .map((line, i) => {
      if (i === 0) return line;
      const j = jobs[i - 1] as JobRecord;
      const p = preview(promptText(j.prompt), Math.floor(room / 2) - 2);
      const r = preview(j.reply ?? j.error, Math.floor(room / 2) - 2);
      return `${line.padEnd(used)}${p || r ? `${p} → ${r}` : ''}`.trimEnd();
    })
    .join('\n');
}

/** One job in full: its fields, then the prompt and the reply. */
export function jobDetail(job: JobRecord): string {
  const f: [string, string | undefined][] = [
    ['job', shownId(job)],
    ['endpoint', job.endpoint],
    ['profile', job.profile],
    ['command', job.command],
    ['route', job.route],
    ['model', job.model],
    [
      'status',
      job.cached
        ? `${job.status} (from the cache${job.cachedFrom ? `, answer of ${job.cachedFrom}` : ''})`
        : job.status,
    ],
    ['submitted', localTime(job.submittedAt)],
    ['finished', job.finishedAt ? localTime(job.finishedAt) : undefined],
    ['queue', job.queueMs === undefined ? undefined : maybeDuration(job.queueMs)],
    ['execution', job.executionMs === undefined ? undefined : maybeDuration(job.executionMs)],
    ['first token', job.firstTokenMs === undefined ? undefined : maybeDuration(job.firstTokenMs)],
    ['total', job.totalMs === undefined ? undefined : maybeDuration(job.totalMs)],
    [
      'tokens',
      job.tokensIn === undefined && job.tokensOut === undefined
        ? undefined
        : `${job.tokensEstimated ? '~' : ''}${job.tokensIn ?? '?'} in / ${job.tokensOut ?? '?'} out`,
    ],
    ['tok/s', job.tokensPerSecond?.toFixed(1)],
    ['finish', job.finishReason],
    ['retries', job.retries?.toString()],
    ['cost', job.costUsd === undefined ? undefined : formatCost(job.costUsd)],
    ['worker', job.workerId],
    ['error', job.error],
  ];
  const head = f.filter(([, v]) => v !== undefined).map(([k, v]) => `${k.padEnd(12)}${neutralize(v ?? '')}`);
  const parts = [head.join('\n')];
  if (job.prompt !== undefined) parts.push(`--- prompt\n${neutralize(job.prompt)}`);
  if (job.reply !== undefined) parts.push(`--- reply\n${neutralize(job.reply)}`);
  return `${parts.join('\n\n').replace(/\n*$/, '')}\n`;
}
