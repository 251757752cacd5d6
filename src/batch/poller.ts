// Reads the results of in-flight jobs with as few requests as the work allows: each job gets one
// held long-poll (`/status-sync?wait=`) that returns when it ends, so a job costs about one read.
// A fixed number of poll loops stays under the /status family's concurrent allowance; when more
// jobs are in flight than loops, the waits get short so the loops rotate. An endpoint without
// /status-sync falls back to paced /status reads.
import { isTerminal } from '../core/events.js';
import { NotFoundError, RateLimitedError, RpvError, ServiceUnavailableError } from '../core/errors.js';
import type { CallOptions, RunpodClient } from '../core/runpod-client.js';
import type { JobStatusReply } from '../core/schemas.js';
import { sleep } from '../core/sleep.js';
import { ABORTED, type BudgetGate } from './budget-gate.js';
import { Wake } from './wake.js';

/** A job whose result is awaited. */
export interface Tracked {
  lineNo: number;
  customId: string;
  jobId: string;
  retries: number;
  /** Epoch ms of its /run (for the job log's total time), when known. */
  submittedAt?: number;
  /** Its prompt as the job log keeps it (only while `log-text` is on). */
  prompt?: string;
  /** Set once its end was seen (then it is never cancelled or polled again). */
  ended?: boolean;
}

/** What the poller reports back. */
export interface PollerHooks {
  onTerminal(job: Tracked, reply: JobStatusReply): Promise<void>;
  /** The job is gone (404 on every read): its result cannot be had. */
  onLost(job: Tracked, message: string): Promise<void>;
  onFatal(err: RpvError): void;
  /** A poll ended (the job count may have dropped). */
  onSettled(): void;
  /** A read got a 429 (the gate has slowed the reads down already). */
  onRateLimited?(): void;
  callOptions(job: Tracked): CallOptions;
}

/** Loops at most this many held polls (the /status family allows 400 open). */
const POLL_LOOPS = 300;
const LONG_WAIT_MS = 60_000;
const SHORT_WAIT_MS = 3_000;
const PACED_MS = 1_000;
const MAX_CONSECUTIVE_FAILURES = 30;

/** Polls every tracked job until it ends. */
export class Poller {
  private readonly queue: Tracked[] = [];
  private readonly wake: Wake;
  private active = 0;
  private loops: Promise<void>[] = [];
  private mode: 'sync' | 'paced' = 'sync';
  private failures = 0;
  private closed = false;

  constructor(
    private readonly client: RunpodClient,
    private readonly gate: BudgetGate,
    private readonly hooks: PollerHooks,
    private readonly signal: AbortSignal,
    private readonly loopCount = POLL_LOOPS,
  ) {
    this.wake = new Wake(signal);
  }

  /** Starts tracking a job. */
  add(job: Tracked): void {
    this.queue.push(job);
    this.ensureLoops();
    // One job wakes one idle loop: waking all of them (up to 300) for every job was most of a
    // batch's garbage and a good part of its CPU.
    this.wake.notifyOne();
  }

  /** Jobs tracked and not yet ended. */
  get size(): number {
    return this.queue.length + this.active;
  }

  /** Every tracked job not yet ended (for cancelling on Ctrl-C). */
  tracked(): Tracked[] {
    return [...this.queue, ...this.inPoll].filter((j) => !j.ended);
  }

  private readonly inPoll = new Set<Tracked>();

  /** Stops the loops (after the current polls return or abort). */
  async close(): Promise<void> {
    this.closed = true;
    this.wake.notify();
    await Promise.allSettled(this.loops);
  }

  private ensureLoops(): void {
    while (this.loops.length < Math.min(this.loopCount, this.queue.length + this.active) && !this.closed) {
      this.loops.push(this.loop());
    }
  }

  private async loop(): Promise<void> {
    while (!this.closed && !this.signal.aborted) {
      const job = this.queue.shift();
      if (!job) {
        await this.wake.wait(1000);
        continue;
      }
      this.active++;
      this.inPoll.add(job);
      let again = true;
      try {
        again = await this.pollOnce(job);
      } finally {
        this.active--;
        this.inPoll.delete(job);
      }
      // A poll stopped by Ctrl-C keeps its job tracked, so it can still be cancelled.
      if (again || (this.signal.aborted && !job.ended)) this.queue.push(job);
      else this.hooks.onSettled();
    }
  }

  /** One read of one job; true when it must be read again. */
  private async pollOnce(job: Tracked): Promise<boolean> {
    const o = this.hooks.callOptions(job);
    const waitMs = this.queue.length > 0 ? SHORT_WAIT_MS : LONG_WAIT_MS;
    try {
      if (this.mode === 'paced') await sleep(PACED_MS, this.signal);
      const reply = await this.gate.with('status', this.signal, () =>
        this.mode === 'sync' ? this.client.statusSync(job.jobId, waitMs, o) : this.client.status(job.jobId, o),
      );
      if (reply === ABORTED) return false;
      this.failures = 0;
      this.gate.succeeded('status');
      if (!isTerminal(reply.status)) return true;
      job.ended = true;
      await this.hooks.onTerminal(job, reply);
      return false;
    } catch (err) {
      if (this.signal.aborted) return false;
      if (err instanceof NotFoundError) return this.notFound(job, o);
      // A 429 is a pace to keep, not a failure: the gate waits it out for every loop at once.
      if (err instanceof RateLimitedError) {
        this.gate.rateLimited('status', err.retryAfterMs);
        this.hooks.onRateLimited?.();
        return true;
      }
      if (err instanceof ServiceUnavailableError && ++this.failures <= MAX_CONSECUTIVE_FAILURES) {
        await sleep(1000, this.signal);
        return true;
      }
      this.hooks.onFatal(err instanceof RpvError ? err : new RpvError(String(err), 1));
      return false;
    }
  }

  // A 404 from /status-sync: either the endpoint has no such route, or the job is gone.
  private async notFound(job: Tracked, o: CallOptions): Promise<boolean> {
    try {
      const reply = await this.gate.with('status', this.signal, () => this.client.status(job.jobId, o));
      if (reply === ABORTED) return false;
      if (this.mode === 'sync') this.mode = 'paced';
      if (!isTerminal(reply.status)) return true;
      job.ended = true;
      await this.hooks.onTerminal(job, reply);
      return false;
    } catch (err) {
      if (this.signal.aborted) return false;
      if (err instanceof RateLimitedError) this.gate.rateLimited('status', err.retryAfterMs);
      if (err instanceof NotFoundError) {
        job.ended = true;
        await this.hooks.onLost(job, `job ${job.jobId} is gone (past its retention or TTL); its result cannot be read`);
        return false;
      }
      if (err instanceof ServiceUnavailableError) return true;
      this.hooks.onFatal(err instanceof RpvError ? err : new RpvError(String(err), 1));
      return false;
    }
  }
}
