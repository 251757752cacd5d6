// One job as the record holds it, and the mapping between that shape and the table's columns.
// Rows are copied field by field (never spread): libsql rows carry a `_metadata` field, and
// nothing outside this list (a key, say) can reach the database.

/** A recorded job; absent fields are NULL in the table. */
export interface JobRecord {
  /** Row number (the table's own key); jobs of the OpenAI route and cache hits have no job ID. */
  rowId?: number;
  jobId?: string;
  endpoint: string;
  baseUrl?: string;
  profile?: string;
  command: string;
  route?: string;
  model?: string;
  /** ISO times. */
  submittedAt: string;
  finishedAt?: string;
  status: string;
  /** When the status was last learnt (for the job list's "last seen"). */
  statusSeenAt?: string;
  retries?: number;
  queueMs?: number;
  executionMs?: number;
  firstTokenMs?: number;
  totalMs?: number;
  tokensIn?: number;
  tokensOut?: number;
  tokensEstimated?: boolean;
  tokensPerSecond?: number;
  finishReason?: string;
  costUsd?: number;
  cached?: boolean;
  /** For a cache hit: the job whose answer was reused. */
  cachedFrom?: string;
  workerId?: string;
  error?: string;
  prompt?: string;
  reply?: string;
}

/** Field name -> column name, in table order. */
export const COLUMNS = {
  jobId: 'job_id',
  endpoint: 'endpoint',
  baseUrl: 'base_url',
  profile: 'profile',
  command: 'command',
  route: 'route',
  model: 'model',
  submittedAt: 'submitted_at',
  finishedAt: 'finished_at',
  status: 'status',
  statusSeenAt: 'status_seen_at',
  retries: 'retries',
  queueMs: 'queue_ms',
  executionMs: 'execution_ms',
  firstTokenMs: 'first_token_ms',
  totalMs: 'total_ms',
  tokensIn: 'tokens_in',
  tokensOut: 'tokens_out',
  tokensEstimated: 'tokens_estimated',
  tokensPerSecond: 'tokens_per_second',
  finishReason: 'finish_reason',
  costUsd: 'cost_usd',
  cached: 'cached',
  cachedFrom: 'cached_from',
  workerId: 'worker_id',
  error: 'error',
  prompt: 'prompt',
  reply: 'reply',
} as const satisfies Record<Exclude<keyof JobRecord, 'rowId'>, string>;

/** A settable field. */
export type JobField = keyof typeof COLUMNS;

const BOOLEAN: ReadonlySet<string> = new Set(['tokensEstimated', 'cached']);
const INTEGER: ReadonlySet<string> = new Set([
  'retries',
  'queueMs',
  'executionMs',
  'firstTokenMs',
  'totalMs',
  'tokensIn',
  'tokensOut',
]);

/** A field's value as SQLite stores it. */
export function toColumn(field: JobField, value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (BOOLEAN.has(field)) return value ? 1 : 0;
  if (INTEGER.has(field) && typeof value === 'number') return Math.round(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return String(value);
}

/** A table row back as a JobRecord; NULL columns become absent fields. */
export function fromRow(row: Record<string, unknown>): JobRecord {
  const out: Record<string, unknown> = { rowId: row['id'] };
  for (const [field, column] of Object.entries(COLUMNS)) {
    const v = row[column];
    if (v === null || v === undefined) continue;
    out[field] = BOOLEAN.has(field) ? v === 1 || v === 1n : typeof v === 'bigint' ? Number(v) : v;
  }
  if (out['cached'] === undefined) out['cached'] = false;
  return out as unknown as JobRecord;
}
