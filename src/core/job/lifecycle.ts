// The lifecycle every job shares, whichever route runs it (native job or OpenAI route): the
// one place JobEvents are emitted, exactly one terminal event, abort and deadline, retry
// accounting, and the bounded /cancel on the way out. A route's steps run inside `events()`.
import { InterruptedError, ReplyTooLargeError, ServiceUnavailableError, toRpvError, type RpvError } from '../errors.js';
import { retryEvent, type JobEvent, type JobStatus, type Timings } from '../events.js';
import { neutralize } from '../sanitize.js';
import { monotonicNow } from '../clock.js';
import { sleep } from '../sleep.js';
import type { CallOptions, RunpodClient } from '../runpod-client.js';

/** Why a run was stopped from outside. */
export type CancelReason = 'interrupted' | 'timeout' | 'pipe-closed';

/** Options every route takes. */
export interface LifecycleOptions {
  client: RunpodClient;
  /** Abort to stop (and cancel) the job; `reason` 'interrupted' | 'timeout' | 'pipe-closed'. */
  signal?: AbortSignal;
  /** Epoch ms: then the job is cancelled as if aborted with reason 'timeout'. */
  deadline?: number;
  now?: () => number;
  /** Send /cancel when aborted (default true). */
  cancelOnAbort?: boolean;
  /** Diagnostics for --verbose. */
  log?: (line: string) => void;
}

/** What the route knows of the text and timings so far, for the terminal events. */
export interface Progress {
  partial(): string[];
  timings(at: number): Timings;
}

const CANCEL_BUDGET_MS = 3000;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A retry hook that reports nothing (background calls). */
export const noop = (): void => {};

function reasonOf(value: unknown): CancelReason {
  return value === 'timeout' || value === 'pipe-closed' ? value : 'interrupted';
}

/**
 * Makes an error safe to print: the key removed (worker errors may echo it) and control
 * characters made visible (the service's words must not drive the terminal).
 */
function cleanError(error: RpvError, client: Pick<RunpodClient, 'redact'>): RpvError {
  const clean = (text: string): string => neutralize(client.redact?.(text) ?? text).replace(/[\t\r\n]+/g, ' ');
  error.message = clean(error.message);
  if (error.hint) error.hint = clean(error.hint);
  return error;
}

/** State, events and endings of one job. */
export class JobLifecycle {
  readonly now: () => number;
  /** Transient failures retried so far, over every call of the job. */
  retries = 0;
  jobId: string | undefined;
  /** The job reached a terminal status: there is nothing left to cancel. */
  jobEnded = false;
  private readonly ac = new AbortController();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly queue: JobEvent[] = [];
  private wake: (() => void) | undefined;
  private abortReason: CancelReason | undefined;
  private disposed = false;
  private closed = false;
  private unlisten: (() => void) | undefined;
  private ended = false;
  /** The job's final status object, once read; attached to the terminal event. */
  record: Record<string, unknown> | undefined;
  /** Set by the route: what the terminal events report as text so far and timings. */
  progress: Progress = { partial: () => [], timings: () => ({ totalMs: 0 }) };

  constructor(private readonly o: LifecycleOptions) {
    this.now = o.now ?? monotonicNow;
    const signal = o.signal;
    if (signal?.aborted) this.abort(reasonOf(signal.reason));
    else if (signal) {
      const onAbort = (): void => this.abort(reasonOf(signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      this.unlisten = () => signal.removeEventListener('abort', onAbort);
    }
    if (o.deadline !== undefined) {
      this.later(() => this.abort('timeout'), Math.min(MAX_TIMER_MS, Math.max(0, o.deadline - this.now())));
    }
  }

  /** Aborted by the caller, the deadline, or the end of the run. */
  get signal(): AbortSignal {
    return this.ac.signal;
  }

  /** The consumer stopped listening. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** A terminal event was emitted. */
  get finished(): boolean {
    return this.closed;
  }

  /** Runs `fn` after `ms` unless the run ends first. */
  later(fn: () => void, ms: number): void {
    this.timers.push(setTimeout(fn, ms));
  }

  private abort(reason: CancelReason): void {
    if (this.ac.signal.aborted) return;
    this.abortReason = reason;
    this.ac.abort(reason);
  }

  /** The one way an event leaves the job; a terminal event closes the stream. */
  emit(event: JobEvent | undefined): void {
    if (!event || this.closed || this.disposed) return;
    this.queue.push(event);
    if (event.type === 'done' || event.type === 'error' || event.type === 'cancelled') this.closed = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  emitAll(events: readonly JobEvent[]): void {
    for (const e of events) this.emit(e);
  }

  log(line: string): void {
    this.o.log?.(line);
  }

  /** Options for a client call of this job: its signal, and every retry counted and reported. */
  callOpts(): CallOptions {
    return {
      signal: this.ac.signal,
      deadline: Number.POSITIVE_INFINITY,
      onRetry: (info) => {
        this.retries++;
        this.emit(retryEvent(info, this.now()));
      },
    };
  }

  /** Waits, unless the run is stopped first (then throws InterruptedError). */
  async sleep(ms: number): Promise<void> {
    await sleep(ms, this.ac.signal);
    if (this.ac.signal.aborted) throw new InterruptedError();
  }

  /** Lets the consumers run (print what was emitted) before the job's next step. */
  async yieldTurn(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.ac.signal.aborted) throw new InterruptedError();
  }

  /** Ends the job with an error event (the key and control characters taken out). */
  fail(error: RpvError, partial?: string[], serviceStatus?: JobStatus): void {
    if (this.jobId !== undefined) error.jobId ??= this.jobId;
    cleanError(error, this.o.client);
    // We lost touch with a job that is still queued or running: resubmitting would run it twice.
    if (error instanceof ServiceUnavailableError && this.jobId !== undefined && !this.jobEnded) {
      error.hint = `the job may still be running: see \`rpv status ${this.jobId}\`, or stop it with \`rpv cancel ${this.jobId}\``;
    }
    const at = this.now();
    this.emit({
      type: 'error',
      error,
      ...(this.jobId === undefined ? {} : { jobId: this.jobId }),
      partial: partial ?? this.progress.partial(),
      timings: this.progress.timings(at),
      retries: this.retries,
      ...(serviceStatus ? { serviceStatus } : {}),
      ...(this.record ? { record: this.record } : {}),
      at,
    });
  }

  /**
   * Runs the route's `steps` and yields what they emit, in order; whatever happens, exactly one
   * terminal event ends the stream. A consumer that stops early stops the steps without /cancel.
   */
  async *events(steps: () => Promise<void>): AsyncGenerator<JobEvent> {
    const task = this.execute(steps);
    try {
      for (;;) {
        const next = this.queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (this.closed || this.ended) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      this.disposed = true;
      this.cleanup();
      await task;
    }
  }

  private cleanup(): void {
    for (const t of this.timers) clearTimeout(t);
    this.unlisten?.();
    if (!this.ac.signal.aborted) this.ac.abort('done');
  }

  private async execute(steps: () => Promise<void>): Promise<void> {
    try {
      if (this.ac.signal.aborted) throw new InterruptedError();
      await steps();
      if (!this.closed && !this.disposed) throw new Error('the job runner ended without a result');
    } catch (err) {
      if (this.disposed || this.closed) return;
      if (this.abortReason !== undefined) await this.cancelled();
      else {
        if (err instanceof ReplyTooLargeError) await this.cancelUnreadable(err);
        this.fail(toRpvError(err));
      }
    } finally {
      this.cleanup();
      this.ended = true;
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    }
  }

  /** Sends /cancel for the job this run submitted, if it may still run; whether it was confirmed. */
  private async cancelJob(): Promise<boolean> {
    const id = this.jobId;
    if (id === undefined || this.jobEnded || this.o.cancelOnAbort === false) return false;
    try {
      await this.o.client.cancel(id, {
        signal: AbortSignal.timeout(CANCEL_BUDGET_MS),
        deadline: Number.POSITIVE_INFINITY,
        retries: 1,
        onRetry: noop,
      });
      return true;
    } catch (err) {
      this.log(`cancel of job ${id} not confirmed: ${toRpvError(err).message}`);
      return false;
    }
  }

  /** A reply too large to read: the job would run on with nobody reading it, so it is cancelled. */
  private async cancelUnreadable(error: ReplyTooLargeError): Promise<void> {
    if (!(await this.cancelJob())) return;
    this.jobEnded = true;
    error.hint = `job ${this.jobId} was cancelled, so it does not run on unread`;
  }

  private async cancelled(): Promise<void> {
    const id = this.jobId;
    const confirmed = await this.cancelJob();
    const at = this.now();
    this.emit({
      type: 'cancelled',
      ...(id === undefined ? {} : { jobId: id }),
      reason: this.abortReason ?? 'interrupted',
      confirmed,
      ...(this.o.cancelOnAbort === false ? { detached: true } : {}),
      partial: this.progress.partial(),
      timings: this.progress.timings(at),
      retries: this.retries,
      at,
    });
  }
}
