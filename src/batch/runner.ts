// Runs a batch: re-attaches to jobs an earlier run submitted, submits the remaining lines as /run
// jobs as fast as the adaptive policy and the rate budget allow, hands each result to the writer,
// and on Ctrl-C stops submitting and cancels what is in flight. Every state change is written
// to the store before and after the step it describes.
import { InterruptedError, RpvError, TimeoutError } from '../core/errors.js';
import type { CallOptions, RetryInfo, RunpodClient } from '../core/runpod-client.js';
import type { JobStatusReply } from '../core/schemas.js';
import type { BatchStore, FinishedFields } from '../store/batch-tables.js';
import type { JobRecord } from '../store/job-row.js';
import { ABORTED, type BudgetGate } from './budget-gate.js';
import { admission, onJobDone, onRateLimited, pauseFor, type PolicyState } from './concurrency-policy.js';
import type { BatchLine } from './input.js';
import { Poller, type Tracked } from './poller.js';
import { buildLineRequest, promptOfLine, type LineDefaults, type RequestShape } from './requests.js';
import {
  errorLine,
  jobLogRow,
  recordFields,
  type JobLogInfo,
  resultFromStatus,
  rpvFacts,
  type BatchErrorCode,
  type ResultLine,
} from './result-line.js';
import type { BatchStats } from './stats.js';
import { setMaxListeners } from 'node:events';
import { sleep } from '../core/sleep.js';
import { classifySubmitError } from './submit-errors.js';
import { Wake } from './wake.js';

/** A finished request on its way to the output. */
export interface Finished {
  lineNo: number;
  line: ResultLine;
  fields: FinishedFields;
  /** Its row in the job log, for a job that ran. */
  job?: Omit<JobRecord, 'rowId'>;
}

/** Everything the runner works with. */
export interface RunnerDeps {
  client: RunpodClient;
  store: BatchStore;
  batchId: string;
  defaults: LineDefaults;
  gate: BudgetGate;
  stats: BatchStats;
  policy: PolicyState;
  /** Lines of this run in input order (pass 2 of the input). */
  lines: AsyncIterable<BatchLine>;
  /** Writes a result and marks it finished in the store (ordered or not). */
  emit: (f: Finished) => Promise<void>;
  /** Results handed to `emit` and not yet written: they count against the limit (backpressure). */
  backlog: () => number;
  /** Announces a line this run handles, in input order (for --ordered); false = no room yet. */
  announce: (lineNo: number) => boolean;
  /** Ctrl-C / SIGTERM. */
  interrupt: AbortSignal;
  pricePerSecond: number | null;
  /** Who runs the batch, for the job log; without it no job rows are written. */
  jobLog?: JobLogInfo;
  verbose: (line: string) => void;
  now?: () => number;
}

/** How the run ended. */
export type RunEnd = { kind: 'completed' } | { kind: 'interrupted' } | { kind: 'fatal'; error: RpvError };

/** Consecutive refused submissions (each after the client's own retries) before giving up. */
const MAX_REFUSALS = 10;
/** A 429 only slows the batch down; it gives up when no /run got through for this long. */
const RATE_LIMITED_GIVE_UP_MS = 5 * 60_000;
const HEALTH_EVERY_MS = 5_000;
/** How long Ctrl-C waits for /run replies still on the way (main exits 5 s after the signal). */
const SETTLE_MS = 1_500;

/** One batch run. */
export class BatchRunner {
  private policyState: PolicyState;
  private readonly wake: Wake;
  private readonly stop = new AbortController();
  /** Aborted only when the process gives up: an accepted /run always hears its job ID. */
  private readonly hard = new AbortController();
  private readonly poller: Poller;
  private readonly retryQueue: BatchLine[] = [];
  private submitting = 0;
  private refusals = 0;
  private lastAcceptedAt = 0;
  private fatal: RpvError | undefined;
  private coldStart = false;
  private abandoned = false;
  private readonly callSignals = new Set<{ hard: AbortController; stop: AbortController }>();
  private readonly now: () => number;

  constructor(private readonly d: RunnerDeps) {
    this.policyState = d.policy;
    this.wake = new Wake(this.stop.signal);
    // Hundreds of calls wait on these signals at once by design (one per open request).
    setMaxListeners(0, this.stop.signal, this.hard.signal);
    this.now = d.now ?? Date.now;
    d.interrupt.addEventListener('abort', () => this.stop.abort('interrupted'), { once: true });
    this.stop.signal.addEventListener('abort', () => {
      for (const p of this.callSignals) p.stop.abort(this.stop.signal.reason);
    });
    this.hard.signal.addEventListener('abort', () => {
      for (const p of this.callSignals) p.hard.abort(this.hard.signal.reason);
    });
    this.poller = new Poller(
      d.client,
      d.gate,
      {
        onTerminal: (job, reply) => this.finishJob(job, reply),
        onLost: (job, message) =>
          this.finishError(job.lineNo, job.customId, job.jobId, 'unavailable', message, job.retries),
        onFatal: (err) => this.fail(err),
        onSettled: () => this.wake.notify(),
        onRateLimited: () => this.noteRetry('(429)'),
        callOptions: (job) => this.callOptions(job),
      },
      this.stop.signal,
    );
  }

  /** The current concurrency limit. */
  get limit(): number {
    return this.policyState.limit;
  }

  private inFlight(): number {
    return this.submitting + this.poller.size;
  }

  private callOptions(job: { retries: number }): CallOptions {
    return {
      signal: this.stop.signal,
      // 429s come back at once and are retried through the gate, which paces every call.
      retryRateLimited: false,
      onRetry: (info: RetryInfo) => {
        job.retries++;
        this.noteRetry(info.reason, info.delayMs);
      },
    };
  }

  private noteRetry(reason: string, delayMs?: number): void {
    this.d.stats.retries++;
    if (/\(429\)/.test(reason)) {
      this.d.stats.rateLimited++;
      this.policyState = onRateLimited(this.policyState, { retryAfterMs: delayMs }, this.now());
    }
  }

  private fail(err: RpvError): void {
    this.fatal ??= err;
    this.stop.abort('fatal');
    this.wake.notify();
  }

  /** Runs until every line has a result, Ctrl-C, or the endpoint proves unusable. */
  async run(): Promise<RunEnd> {
    this.lastAcceptedAt = this.now();
    const healthTimer = setInterval(() => void this.readHealth(), HEALTH_EVERY_MS);
    healthTimer.unref();
    try {
      for (const row of this.d.store.inState(this.d.batchId, 'submitted')) {
        if (!row.jobId) continue;
        this.d.stats.reattached++;
        this.d.stats.inFlight++;
        this.poller.add({
          lineNo: row.lineNo,
          customId: row.customId,
          jobId: row.jobId,
          retries: 0,
          ...(row.submittedAt === null ? {} : { submittedAt: row.submittedAt }),
        });
        this.shapes.set(row.lineNo, parseShape(row.shape));
      }
      await this.feed();
      while (!this.stop.signal.aborted && (this.inFlight() > 0 || this.retryQueue.length > 0)) {
        await this.drainRetries();
        await this.wake.wait(1000);
      }
    } catch (err) {
      if (!(err instanceof RpvError)) throw err;
      this.fail(err);
    } finally {
      clearInterval(healthTimer);
    }
    const interrupted = this.d.interrupt.aborted || this.fatal instanceof TimeoutError;
    await this.settleSubmits();
    if (interrupted) await this.cancelInFlight();
    await this.poller.close();
    this.hard.abort();
    if (this.fatal && !(this.fatal instanceof InterruptedError)) return { kind: 'fatal', error: this.fatal };
    if (this.d.interrupt.aborted) return { kind: 'interrupted' };
    return { kind: 'completed' };
  }

  private readonly shapes = new Map<number, RequestShape>();

  private async feed(): Promise<void> {
    for await (const line of this.d.lines) {
      if (this.stop.signal.aborted) return;
      const row = this.d.store.line(this.d.batchId, line.lineNo);
      if (!row || row.state === 'done' || row.state === 'failed') continue;
      while (!this.d.announce(line.lineNo)) {
        if (this.stop.signal.aborted) return;
        await this.wake.wait(1000);
      }
      if (row.state === 'submitted') continue;
      if (row.state === 'submitting') {
        // An earlier run sent /run and never heard back: the job may exist. Say so, then resubmit.
        this.d.stats.possiblyDuplicated++;
        this.d.store.markPending(this.d.batchId, line.lineNo, true);
      }
      await this.drainRetries();
      if (!(await this.admit())) return;
      void this.submit(line);
    }
  }

  private async drainRetries(): Promise<void> {
    while (this.retryQueue.length > 0 && !this.stop.signal.aborted) {
      if (!(await this.admit())) return;
      const line = this.retryQueue.shift();
      if (line) void this.submit(line);
    }
  }

  /** Waits until the policy lets one more job in; false when stopped. */
  private async admit(): Promise<boolean> {
    for (;;) {
      if (this.stop.signal.aborted) return false;
      const a = admission(this.policyState, this.inFlight() + this.d.backlog(), this.now());
      if (a.ok) return true;
      await this.wake.wait(a.waitMs ?? 1000);
    }
  }

  private async submit(line: BatchLine): Promise<void> {
    const built = buildLineRequest(line, this.d.defaults);
    this.shapes.set(line.lineNo, built.shape);
    this.submitting++;
    this.d.stats.inFlight++;
    const tracked: Tracked = { lineNo: line.lineNo, customId: line.customId, jobId: '', retries: 0 };
    if (this.d.jobLog?.logText) tracked.prompt = promptOfLine(line);
    try {
      const reply = await this.d.gate.with('run', this.stop.signal, () => {
        tracked.submittedAt = Date.now();
        this.d.store.markSubmitting(this.d.batchId, line.lineNo, tracked.submittedAt, JSON.stringify(built.shape));
        return this.withCallSignals((signal, stopRetrying) =>
          this.d.client.run(built.body, { ...this.callOptions(tracked), signal, stopRetrying }),
        );
      });
      if (reply === ABORTED) {
        this.d.stats.inFlight--;
        return;
      }
      this.refusals = 0;
      this.lastAcceptedAt = this.now();
      this.d.gate.succeeded('run');
      tracked.jobId = reply.id;
      this.d.store.markSubmitted(this.d.batchId, line.lineNo, reply.id);
      this.poller.add(tracked);
    } catch (err) {
      this.d.stats.inFlight--;
      await this.submitFailed(line, tracked, err);
    } finally {
      this.submitting--;
      this.wake.notify();
    }
  }

  // Each /run gets its own pair of signals, aborted from the run's long-lived ones: the client
  // combines them with AbortSignal.any, which on Node 20 keeps every combination made from a
  // long-lived signal alive for as long as that signal lives (one per job: a leak on big batches).
  private async withCallSignals<T>(fn: (signal: AbortSignal, stopRetrying: AbortSignal) => Promise<T>): Promise<T> {
    const pair = { hard: new AbortController(), stop: new AbortController() };
    if (this.hard.signal.aborted) pair.hard.abort(this.hard.signal.reason);
    if (this.stop.signal.aborted) pair.stop.abort(this.stop.signal.reason);
    this.callSignals.add(pair);
    try {
      return await fn(pair.hard.signal, pair.stop.signal);
    } finally {
      this.callSignals.delete(pair);
    }
  }

  private async submitFailed(line: BatchLine, tracked: Tracked, err: unknown): Promise<void> {
    const back = (maybeDuplicate: boolean) => {
      this.d.store.markPending(this.d.batchId, line.lineNo, maybeDuplicate);
      if (!this.stop.signal.aborted) this.retryQueue.push(line);
    };
    const v = classifySubmitError(err);
    if (v.kind === 'ambiguous' || this.abandoned) {
      this.d.stats.possiblyDuplicated++;
      this.d.verbose(`line ${line.lineNo}: /run reply lost; resubmitting (the job may run twice)`);
      return back(true);
    }
    if (v.kind === 'stopped' || this.stop.signal.aborted) return back(false);
    if (v.kind === 'fatal') return this.fail(v.error);
    if (v.kind === 'invalid')
      return this.finishError(line.lineNo, line.customId, null, 'invalid_request', v.message, tracked.retries);
    if (v.kind === 'rateLimited') {
      // The endpoint's real limit is below the budget: slow down and try the line again later.
      this.d.gate.rateLimited('run', v.error.retryAfterMs);
      this.noteRetry('(429)', v.error.retryAfterMs);
      if (this.now() - this.lastAcceptedAt > RATE_LIMITED_GIVE_UP_MS) return this.fail(v.error);
      return back(false);
    }
    if (++this.refusals > MAX_REFUSALS) return this.fail(err as RpvError);
    this.policyState = pauseFor(this.policyState, Math.min(8000, 250 * 2 ** this.refusals), this.now());
    return back(false);
  }

  private async finishJob(job: Tracked, reply: JobStatusReply): Promise<void> {
    const shape = this.shapes.get(job.lineNo) ?? { api: 'completion' };
    this.shapes.delete(job.lineNo);
    const rpv = rpvFacts(reply, job.retries, this.d.pricePerSecond);
    const { line, facts } = resultFromStatus(job.customId, { ...reply, id: reply.id ?? job.jobId }, shape, rpv);
    this.policyState = onJobDone(
      this.policyState,
      { delayMs: rpv.delayTime, executionMs: rpv.executionTime, inFlight: this.inFlight(), coldStart: this.coldStart },
      this.now(),
    );
    this.d.stats.inFlight--;
    this.d.stats.finished(facts.ok, {
      delayMs: rpv.delayTime,
      executionMs: rpv.executionTime,
      promptTokens: facts.promptTokens,
      completionTokens: facts.completionTokens,
      costUsd: rpv.costUsd,
    });
    this.wake.notify();
    const fields = recordFields(job.jobId, line, rpv, facts);
    if (this.d.jobLog && !this.d.jobLog.logText) delete fields.replyText;
    await this.d.emit({
      lineNo: job.lineNo,
      line,
      fields,
      ...(this.d.jobLog
        ? {
            job: jobLogRow(this.d.jobLog, {
              jobId: job.jobId,
              status: reply.status,
              submittedAt: job.submittedAt,
              finishedAt: Date.now(),
              retries: job.retries,
              rpv,
              facts,
              ...(shape.model === undefined ? {} : { model: shape.model }),
              ...(job.prompt === undefined ? {} : { prompt: job.prompt }),
              ...(line.error ? { error: line.error.message } : {}),
            }),
          }
        : {}),
    });
    this.wake.notify();
  }

  private async finishError(
    lineNo: number,
    customId: string,
    jobId: string | null,
    code: BatchErrorCode,
    message: string,
    retries: number,
  ): Promise<void> {
    const rpv = rpvFacts({ status: jobId ? 'UNKNOWN' : 'NOT_SUBMITTED' }, retries, this.d.pricePerSecond);
    if (jobId) this.d.stats.inFlight--;
    this.d.stats.finished(false, { delayMs: null, executionMs: null, costUsd: null });
    this.shapes.delete(lineNo);
    this.wake.notify();
    await this.d.emit({
      lineNo,
      line: errorLine(customId, jobId, code, message, rpv),
      fields: { state: 'failed', jobId, errorCode: code, errorMessage: message },
    });
    this.wake.notify();
  }

  private async readHealth(): Promise<void> {
    try {
      const h = await this.d.gate.with('health', this.stop.signal, () =>
        this.d.client.health({ signal: this.stop.signal, retries: 0 }),
      );
      if (h === ABORTED) return;
      this.d.stats.health = { inQueue: h.jobs.inQueue ?? undefined, inProgress: h.jobs.inProgress ?? undefined };
      this.coldStart = (h.workers.initializing ?? 0) > 0 && (h.workers.running ?? 0) === 0;
    } catch {
      // progress only; a failed health read changes nothing
    }
  }

  // /run calls still out get a moment to hear their job IDs; then they are abandoned, and their
  // lines count as possibly duplicated (the service may have created the jobs).
  private async settleSubmits(): Promise<void> {
    const until = this.now() + SETTLE_MS;
    while (this.submitting > 0 && this.now() < until) await sleep(20);
    if (this.submitting === 0) return;
    this.abandoned = true;
    this.hard.abort('interrupted');
    while (this.submitting > 0) await sleep(5);
  }

  // Ctrl-C: every job still in flight gets a /cancel; a cancelled line goes back to pending, a job
  // that ended meanwhile stays "submitted" so the next run picks its result up.
  private async cancelInFlight(): Promise<void> {
    const jobs = this.poller.tracked().filter((j) => j.jobId !== '');
    const deadline = AbortSignal.timeout(3000);
    // Every cancel waits on this one deadline (twenty at a time): hundreds of listeners by design.
    setMaxListeners(0, deadline);
    await Promise.allSettled(
      jobs.map(async (job) => {
        const reply = await this.d.gate.with('cancel', deadline, () =>
          this.d.client.cancel(job.jobId, { signal: deadline, retries: 1 }),
        );
        if (reply !== ABORTED && reply.status === 'CANCELLED') {
          this.d.store.markPending(this.d.batchId, job.lineNo, false);
        }
      }),
    );
    this.d.verbose(`cancelled ${jobs.length} job(s) in flight`);
  }
}

function parseShape(text: string | null): RequestShape {
  try {
    const v = JSON.parse(text ?? '') as RequestShape;
    return v && (v.api === 'chat' || v.api === 'completion') ? v : { api: 'completion' };
  } catch {
    return { api: 'completion' };
  }
}
