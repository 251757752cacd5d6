// What the job runner knows about one job: the text already emitted per choice, status changes,
// timestamps, usage. Pure bookkeeping (no I/O) so the runner stays about control flow.
import { JOB_STATUSES, type JobEvent, type JobPhase, type JobStatus, type Timings, type Usage } from '../events.js';
import { OutputDecoder, type DecodedDelta } from '../output-decoder.js';

const KNOWN: ReadonlySet<string> = new Set(JOB_STATUSES);

/** The service's status string as a JobStatus (`RUNNING` counts as IN_PROGRESS); undefined if unknown. */
export function normalizeStatus(raw: string | null | undefined): JobStatus | undefined {
  const s = (raw ?? '').trim().toUpperCase();
  if (s === 'RUNNING') return 'IN_PROGRESS';
  return KNOWN.has(s) ? (s as JobStatus) : undefined;
}

/** Which phase a person is waiting on for a status. */
function phaseOf(status: JobStatus): JobPhase {
  if (status === 'IN_QUEUE') return 'queued';
  if (status === 'IN_PROGRESS') return 'generating';
  return 'done';
}

/** The rest of each choice's text, or the first choice whose emitted text is not a prefix. */
export type Reconciled = { tails: DecodedDelta[]; texts: string[] } | { inconsistent: number };

/**
 * Compares what was emitted with the aggregated output. `strict`: emitted text must be a prefix
 * (we saw the job from its start). `attach`: we joined mid-way, so emitted text is located in the
 * output (last occurrence, so nothing is emitted twice) and only what follows it is new.
 */
export function reconcileTexts(
  emitted: readonly string[],
  full: readonly string[],
  mode: 'strict' | 'attach',
): Reconciled {
  const tails: DecodedDelta[] = [];
  const texts: string[] = [];
  const count = Math.max(emitted.length, full.length);
  for (let index = 0; index < count; index++) {
    const seen = emitted[index] ?? '';
    const whole = full[index] ?? '';
    texts.push(whole);
    if (whole.startsWith(seen)) {
      if (whole.length > seen.length) tails.push({ index, text: whole.slice(seen.length) });
      continue;
    }
    if (mode === 'strict') return { inconsistent: index };
    const at = whole.lastIndexOf(seen);
    if (at >= 0 && at + seen.length < whole.length) tails.push({ index, text: whole.slice(at + seen.length) });
  }
  return { tails, texts };
}

/** Service-reported details of a job, when a reply carried them. */
export interface JobDetails {
  workerId?: string | null;
  delayTime?: number | null;
  executionTime?: number | null;
}

/** Bookkeeping of one followed job. */
export class JobTracker {
  readonly decoder = new OutputDecoder();
  readonly emitted: string[];
  /** Reasoning emitted per choice (reasoning models). */
  readonly thought: string[] = [];
  status: JobStatus | undefined;
  firstInProgressAt: number | undefined;
  firstTokenAt: number | undefined;
  lastTokenAt: number | undefined;
  lastProgressAt: number | undefined;
  terminalAt: number | undefined;
  stalled = false;
  details: JobDetails = {};
  private usageKey = '';

  constructor(
    readonly start: number,
    choices = 1,
  ) {
    this.emitted = Array.from({ length: Math.max(1, choices) }, () => '');
  }

  /** Records deltas and returns their token and reasoning events (never empty ones). */
  tokens(deltas: readonly DecodedDelta[], at: number): JobEvent[] {
    const out: JobEvent[] = [];
    for (const { index, text, reasoning } of deltas) {
      if (!text) continue;
      if (reasoning) {
        while (this.thought.length <= index) this.thought.push('');
        this.thought[index] += text;
        this.firstTokenAt ??= at;
        this.lastTokenAt = at;
        this.lastProgressAt = at;
        this.stalled = false;
        out.push({ type: 'reasoning', index, text, at });
        continue;
      }
      while (this.emitted.length <= index) this.emitted.push('');
      this.emitted[index] += text;
      this.firstTokenAt ??= at;
      this.lastTokenAt = at;
      this.lastProgressAt = at;
      this.stalled = false;
      out.push({ type: 'token', index, text, at });
    }
    return out;
  }

  /** Records a status reply; returns a `status` event when the status changed. */
  observe(jobId: string, raw: string, at: number, details?: JobDetails): JobEvent | undefined {
    if (details) this.mergeDetails(details);
    const status = normalizeStatus(raw);
    if (status === undefined || status === this.status) return undefined;
    this.status = status;
    if (status === 'IN_PROGRESS' && this.firstInProgressAt === undefined) {
      this.firstInProgressAt = at;
      this.lastProgressAt ??= at;
    }
    if (phaseOf(status) === 'done') this.terminalAt ??= at;
    return this.statusEvent(jobId, status, at);
  }

  /** A `status` event carrying whatever details are known. */
  statusEvent(jobId: string, status: JobStatus, at: number): JobEvent {
    const event: Extract<JobEvent, { type: 'status' }> = { type: 'status', jobId, status, phase: phaseOf(status), at };
    if (this.details.workerId) event.workerId = this.details.workerId;
    if (typeof this.details.delayTime === 'number') event.delayTime = this.details.delayTime;
    if (typeof this.details.executionTime === 'number') event.executionTime = this.details.executionTime;
    return event;
  }

  mergeDetails(d: JobDetails): void {
    if (d.workerId) this.details.workerId = d.workerId;
    if (typeof d.delayTime === 'number') this.details.delayTime = d.delayTime;
    if (typeof d.executionTime === 'number') this.details.executionTime = d.executionTime;
  }

  /** A `usage` event when the worker's reported usage changed since the last one. */
  usageEvent(usage: Usage | undefined, at: number): JobEvent | undefined {
    if (!usage) return undefined;
    const key = JSON.stringify(usage);
    if (key === this.usageKey) return undefined;
    this.usageKey = key;
    return { type: 'usage', usage, at };
  }

  /** A `stall` event once per quiet spell while generating. */
  stallEvent(at: number, stallMs: number): JobEvent | undefined {
    if (this.status !== 'IN_PROGRESS' || this.stalled || this.lastProgressAt === undefined) return undefined;
    const idleMs = at - this.lastProgressAt;
    if (idleMs < stallMs) return undefined;
    this.stalled = true;
    return { type: 'stall', idleMs, at };
  }

  /** The worker's usage, else an estimate from the number of chunks (or the text length). */
  usage(reported: Usage | undefined, chunkCount: number): Usage {
    if (reported && (reported.completionTokens !== undefined || reported.promptTokens !== undefined)) return reported;
    const chars = this.emitted.reduce((n, t) => n + t.length, 0);
    const completionTokens = chunkCount > 0 ? chunkCount : Math.ceil(chars / 4);
    return { completionTokens, estimated: true };
  }

  partial(): string[] {
    return [...this.emitted];
  }

  timings(end: number, usage?: Usage): Timings {
    const t: Timings = { totalMs: Math.max(0, end - this.start) };
    const started = this.firstInProgressAt ?? this.firstTokenAt;
    if (typeof this.details.delayTime === 'number') t.queueMs = this.details.delayTime;
    else if (started !== undefined) t.queueMs = started - this.start;
    if (typeof this.details.executionTime === 'number') t.executionMs = this.details.executionTime;
    else if (started !== undefined && this.terminalAt !== undefined) t.executionMs = this.terminalAt - started;
    if (this.firstTokenAt !== undefined) t.firstTokenMs = this.firstTokenAt - this.start;
    const tokens = usage?.completionTokens;
    if (tokens !== undefined && tokens >= 2) {
      const span = (this.lastTokenAt ?? 0) - (this.firstTokenAt ?? 0);
      if (span > 0) t.tokensPerSecond = tokens / (span / 1000);
      else if (t.executionMs !== undefined && t.executionMs > 0) t.tokensPerSecond = tokens / (t.executionMs / 1000);
    }
    return t;
  }
}
