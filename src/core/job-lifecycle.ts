// The lifecycle shared by every way of following a job: events into a channel, exactly one
// terminal event, abort and deadline handling, and the bounded /cancel on the way out.
import { InterruptedError, ServiceUnavailableError, toRpvError, type RpvError } from './errors.js';
import { retryEvent, type JobEvent } from './events.js';
import { sleep } from './sleep.js';
import type { Channel } from './job-channel.js';
import { JobTracker } from './job-state.js';
import { neutralize } from './sanitize.js';
import type { CallOptions, RunpodClient } from './runpod-client.js';

/** Why a run was stopped from outside. */
export type CancelReason = 'interrupted' | 'timeout' | 'pipe-closed';

/** Options shared by every way of following a job. */
export interface JobOptionsBase {
  client: RunpodClient;
  endpoint: string;
  /** Expected number of choices (`-n`), so `done.choices` has one entry each. */
  choices?: number;
  /** Abort to stop and cancel the job; `reason` 'interrupted' | 'timeout' | 'pipe-closed'. */
  signal?: AbortSignal;
  /** Epoch ms: then the job is cancelled as if aborted with reason 'timeout'. The only bound on a job that never ends. */
  deadline?: number;
  /** `?wait=` of each `/stream` long poll (default 10000). */
  streamWaitMs?: number;
  /** Generating with no new text this long emits `stall` (default 30000). */
  stallMs?: number;
  now?: () => number;
  /** Look up /health once when the job is still queued after `queueHintMs` (default true). */
  healthOnQueue?: boolean;
  /** Default 1500. */
  queueHintMs?: number;
  /** Send /cancel when aborted (default true). */
  cancelOnAbort?: boolean;
  /** Diagnostics for --verbose. */
  log?: (line: string) => void;
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
export function cleanError(error: RpvError, client: Pick<RunpodClient, 'redact'>): RpvError {
  const clean = (text: string): string => neutralize(client.redact?.(text) ?? text).replace(/[\t\r\n]+/g, ' ');
  error.message = clean(error.message);
  if (error.hint) error.hint = clean(error.hint);
  return error;
}

/** State, events and endings of one run; JobRun adds the polling. */
export abstract class JobLifecycle {
  protected readonly ac = new AbortController();
  protected readonly now: () => number;
  protected readonly tracker: JobTracker;
  protected readonly timers: NodeJS.Timeout[] = [];
  protected abortReason: CancelReason | undefined;
  protected disposed = false;
  protected finished = false;
  protected jobId: string | undefined;
  protected jobEnded = false;
  private unlisten: (() => void) | undefined;

  constructor(
    protected readonly o: JobOptionsBase,
    protected readonly channel: Channel<JobEvent>,
  ) {
    this.now = o.now ?? Date.now;
    this.tracker = new JobTracker(this.now(), o.choices);
    const signal = o.signal;
    if (signal?.aborted) this.abort(reasonOf(signal.reason));
    else if (signal) {
      const onAbort = (): void => this.abort(reasonOf(signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      this.unlisten = () => signal.removeEventListener('abort', onAbort);
    }
    if (o.deadline !== undefined) {
      const left = Math.min(MAX_TIMER_MS, Math.max(0, o.deadline - this.now()));
      this.timers.push(setTimeout(() => this.abort('timeout'), left));
    }
  }

  protected abort(reason: CancelReason): void {
    if (this.ac.signal.aborted) return;
    this.abortReason = reason;
    this.ac.abort(reason);
  }

  /** Stops everything without cancelling the job (the consumer stopped listening). */
  dispose(): void {
    this.disposed = true;
    this.cleanup();
  }

  protected cleanup(): void {
    for (const t of this.timers) clearTimeout(t);
    this.unlisten?.();
    if (!this.ac.signal.aborted) this.ac.abort('done');
  }

  protected emit(event: JobEvent | undefined): void {
    if (!event || this.finished || this.disposed) return;
    this.channel.push(event);
    if (event.type === 'done' || event.type === 'error' || event.type === 'cancelled') {
      this.finished = true;
      this.channel.close();
    }
  }

  protected emitAll(events: readonly JobEvent[]): void {
    for (const e of events) this.emit(e);
  }

  protected log(line: string): void {
    this.o.log?.(line);
  }

  protected callOpts(): CallOptions {
    return {
      signal: this.ac.signal,
      deadline: Number.POSITIVE_INFINITY,
      onRetry: (info) => {
        this.tracker.retries++;
        this.emit(retryEvent(info, this.now()));
      },
    };
  }

  protected async sleep(ms: number): Promise<void> {
    await sleep(ms, this.ac.signal);
    if (this.ac.signal.aborted) throw new InterruptedError();
  }

  protected common(): { partial: string[]; retries: number; at: number } {
    return { partial: this.tracker.partial(), retries: this.tracker.retries, at: this.now() };
  }

  protected fail(error: RpvError, partial?: string[]): void {
    if (this.jobId !== undefined) error.jobId ??= this.jobId;
    cleanError(error, this.o.client);
    // We lost touch with a job that is still queued or running: resubmitting would run it twice.
    if (error instanceof ServiceUnavailableError && this.jobId !== undefined && !this.jobEnded) {
      error.hint = `the job may still be running: see \`rpv status ${this.jobId}\`, or stop it with \`rpv cancel ${this.jobId}\``;
    }
    const at = this.now();
    const base = this.common();
    this.emit({
      type: 'error',
      error,
      ...(this.jobId === undefined ? {} : { jobId: this.jobId }),
      partial: partial ?? base.partial,
      timings: this.tracker.timings(at),
      retries: base.retries,
      at,
    });
  }

  /** Runs `body`; whatever happens, ends with exactly one terminal event and closes the channel. */
  async execute(body: () => Promise<void>): Promise<void> {
    try {
      if (this.ac.signal.aborted) throw new InterruptedError();
      await body();
      if (!this.finished && !this.disposed) throw new Error('the job runner ended without a result');
    } catch (err) {
      if (this.disposed || this.finished) return;
      if (this.abortReason !== undefined) await this.cancelled();
      else this.fail(toRpvError(err));
    } finally {
      this.cleanup();
      this.channel.close();
    }
  }

  private async cancelled(): Promise<void> {
    let confirmed = false;
    const id = this.jobId;
    if (id !== undefined && !this.jobEnded && this.o.cancelOnAbort !== false) {
      try {
        await this.o.client.cancel(id, {
          signal: AbortSignal.timeout(CANCEL_BUDGET_MS),
          deadline: Number.POSITIVE_INFINITY,
          retries: 1,
          onRetry: noop,
        });
        confirmed = true;
      } catch (err) {
        this.log(`cancel of job ${id} not confirmed: ${toRpvError(err).message}`);
      }
    }
    const at = this.now();
    const base = this.common();
    this.emit({
      type: 'cancelled',
      ...(id === undefined ? {} : { jobId: id }),
      reason: this.abortReason ?? 'interrupted',
      confirmed,
      ...(this.o.cancelOnAbort === false ? { detached: true } : {}),
      partial: base.partial,
      timings: this.tracker.timings(at),
      retries: base.retries,
      at,
    });
  }
}
