// One followed job: submit, long-poll /stream (switching to /status when a drained reply was
// lost), reconcile the text with the aggregated output, and end with done or error.
import {
  ExitCode,
  InterruptedError,
  JobCancelledError,
  JobFailedError,
  RpvError,
  ServiceUnavailableError,
  TimeoutError,
  toRpvError,
} from './errors.js';
import { isTerminal, type JobStatus } from './events.js';
import { ID_PATTERN } from './ids.js';
import { JobLifecycle, noop } from './job-lifecycle.js';
import { normalizeStatus, reconcileTexts } from './job-state.js';
import { OutputDecoder } from './output-decoder.js';
import { readableError } from './python-repr.js';
import { StreamLostError, type RunBody } from './runpod-client.js';
import type { JobStatusReply } from './schemas.js';

export type { CancelReason, JobOptionsBase } from './job-lifecycle.js';

const SUBMIT_GRACE_MS = 2000;

interface FinishOptions {
  reply?: JobStatusReply;
  emitTokens: boolean;
  mode: 'strict' | 'attach';
}

/** The control flow behind runJob/followJob/waitForJob (see job.ts). */
export class JobRun extends JobLifecycle {
  private lost = false;
  private watching = false;

  /**
   * POST /run; an abort while a request is in flight waits a short grace for the ID, so the job
   * can still be cancelled, but an abort between attempts (a retry wait) stops at once.
   */
  async submit(body: RunBody): Promise<string> {
    const submitAc = new AbortController();
    let grace: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      grace = setTimeout(() => submitAc.abort(this.ac.signal.reason), this.disposed ? 0 : SUBMIT_GRACE_MS);
    };
    this.ac.signal.addEventListener('abort', onAbort, { once: true });
    let id: string;
    let status: string | null | undefined;
    try {
      ({ id, status } = await this.o.client.run(body, { ...this.callOpts(), signal: submitAc.signal, stopRetrying: this.ac.signal }));
    } finally {
      clearTimeout(grace);
      this.ac.signal.removeEventListener('abort', onAbort);
    }
    if (!ID_PATTERN.test(id)) {
      // An ID rpv could not print safely nor look up again: as unusable as a malformed reply.
      throw new ServiceUnavailableError('POST /run: malformed response (an unusable job ID); the job may have been submitted', {
        hint: 'check `rpv status` for recent jobs before resubmitting',
      });
    }
    this.jobId = id;
    this.emit({ type: 'submitted', jobId: id, endpoint: this.o.endpoint, at: this.now() });
    this.emit(this.tracker.observe(id, status ?? 'IN_QUEUE', this.now()));
    if (this.ac.signal.aborted) throw new InterruptedError();
    return id;
  }

  private watchQueue(jobId: string): void {
    if (this.o.healthOnQueue === false || this.watching) return;
    this.watching = true;
    this.timers.push(setTimeout(() => void this.lookUpWorkers(jobId), this.o.queueHintMs ?? 1500));
  }

  private async lookUpWorkers(jobId: string): Promise<void> {
    const t = this.tracker;
    if (this.finished || t.firstInProgressAt !== undefined || t.firstTokenAt !== undefined) return;
    if (t.status !== undefined && t.status !== 'IN_QUEUE') return;
    try {
      const { workers } = await this.o.client.health({ signal: this.ac.signal, retries: 0, onRetry: noop });
      if (t.firstInProgressAt !== undefined || t.firstTokenAt !== undefined) return;
      const count = (v: unknown): number => (typeof v === 'number' ? v : 0);
      this.emit({
        type: 'workers',
        idle: count(workers.idle),
        running: count(workers.running),
        initializing: count(workers.initializing),
        at: this.now(),
      });
    } catch (err) {
      this.log(`health lookup for queued job ${jobId} failed: ${toRpvError(err).message}`);
    }
  }

  /** Long-polls /stream; on a lost reply switches to /status (the rest comes from the aggregate). */
  async followStream(jobId: string, mode: 'strict' | 'attach'): Promise<void> {
    this.jobId = jobId;
    this.watchQueue(jobId);
    const waitMs = this.o.streamWaitMs ?? 10_000;
    const stallMs = this.o.stallMs ?? 30_000;
    const t = this.tracker;
    let backoff = 0;
    for (;;) {
      const sent = this.now();
      let reply;
      try {
        reply = await this.o.client.stream(jobId, waitMs, this.callOpts());
      } catch (err) {
        if (!(err instanceof StreamLostError) || this.ac.signal.aborted) throw err;
        this.lost = true;
        this.log(`job ${jobId}: ${err.message}; chunks may be lost, reading /status until the job ends`);
        return this.pollStatus(jobId, { emitTokens: true, mode });
      }
      const at = this.now();
      const status = normalizeStatus(reply.status);
      const terminal = status !== undefined && isTerminal(status);
      if (!terminal) this.emit(t.observe(jobId, reply.status, at));
      for (const item of reply.stream) this.emitAll(t.tokens(t.decoder.push(item.output), at));
      this.emit(t.usageEvent(t.decoder.usage, at));
      if (terminal) return this.finish(jobId, status, { emitTokens: true, mode });
      this.emit(t.stallEvent(at, stallMs));
      if (reply.stream.length === 0 && at - sent < Math.min(250, waitMs / 4)) {
        backoff = Math.min(1000, Math.max(50, backoff * 2));
        await this.sleep(backoff);
      } else backoff = 0;
    }
  }

  /** First look at an existing job. */
  async checkStatus(jobId: string): Promise<{ terminal: true; status: JobStatus; reply: JobStatusReply } | { terminal: false }> {
    this.jobId = jobId;
    const reply = await this.o.client.status(jobId, this.callOpts());
    const status = normalizeStatus(reply.status);
    if (status !== undefined && isTerminal(status)) return { terminal: true, status, reply };
    this.emit(this.tracker.observe(jobId, reply.status, this.now(), reply));
    return { terminal: false };
  }

  /** Polls /status with a growing interval (200 ms → 2 s) until the job ends. */
  async pollStatus(jobId: string, f: Omit<FinishOptions, 'reply'>): Promise<void> {
    this.jobId = jobId;
    this.watchQueue(jobId);
    let interval = 200;
    for (;;) {
      const reply = await this.o.client.status(jobId, this.callOpts());
      const status = normalizeStatus(reply.status);
      if (status !== undefined && isTerminal(status)) return this.finish(jobId, status, { ...f, reply });
      this.emit(this.tracker.observe(jobId, reply.status, this.now(), reply));
      await this.sleep(interval);
      interval = Math.min(2000, Math.round(interval * 1.5));
    }
  }

  /** The job reached `status`: fetch its final record once, then end with done or error. */
  async finish(jobId: string, status: JobStatus, f: FinishOptions): Promise<void> {
    this.jobEnded = true;
    const t = this.tracker;
    t.terminalAt ??= this.now();
    // After a lost reply the decoder may hold half an event whose rest was lost: the aggregate decides.
    if (f.emitTokens && !this.lost) this.emitAll(t.tokens(t.decoder.end(), this.now()));
    let reply = f.reply;
    if (!reply) {
      try {
        reply = await this.o.client.status(jobId, this.callOpts());
      } catch (err) {
        if (this.ac.signal.aborted || (status === 'COMPLETED' && this.lost)) throw err;
        this.log(`final /status of job ${jobId} failed: ${toRpvError(err).message}`);
      }
    }
    if (reply) t.mergeDetails(reply);
    if (status === 'COMPLETED') return this.complete(jobId, reply, f);
    this.emit(t.observe(jobId, status, this.now()));
    if (status === 'FAILED') {
      const raw = reply?.error;
      const why = raw === undefined || raw === null ? 'the service gave no reason' : readableError(raw);
      return this.fail(new JobFailedError(`job ${jobId} failed: ${why}`, raw, { jobId }));
    }
    if (status === 'TIMED_OUT') {
      return this.fail(
        new TimeoutError(`job ${jobId} timed out on the service`, {
          jobId,
          hint: 'raise --execution-timeout or --ttl, or check that workers can start',
        }),
      );
    }
    return this.fail(new JobCancelledError(`job ${jobId} was cancelled`, { jobId }));
  }

  private complete(jobId: string, reply: JobStatusReply | undefined, f: FinishOptions): void {
    const t = this.tracker;
    const output = reply?.output;
    const aggregate = !(output === undefined || output === null || (Array.isArray(output) && output.length === 0));
    let texts = t.partial();
    let usage = t.decoder.usage;
    let chunks = t.decoder.chunkCount;
    let problem = t.decoder.error;
    if (aggregate) {
      const all = new OutputDecoder();
      for (const item of Array.isArray(output) ? output : [output]) all.push(item);
      all.end();
      const rec = reconcileTexts(f.emitTokens ? t.emitted : [], all.texts, f.mode);
      if ('inconsistent' in rec) {
        return this.fail(
          new RpvError(
            `the output of job ${jobId} was inconsistent (choice ${rec.inconsistent}): the streamed text is not a prefix of the final output`,
            ExitCode.internal,
            { jobId, hint: `see the final output with: rpv status ${jobId}` },
          ),
        );
      }
      if (f.emitTokens) this.emitAll(t.tokens(rec.tails, this.now()));
      texts = rec.texts;
      usage = all.usage ?? usage;
      chunks = all.chunkCount;
      problem = all.error ?? problem;
    } else if (this.lost) {
      return this.fail(
        new ServiceUnavailableError(
          `job ${jobId} completed, but part of its streamed output was lost and the service returned no aggregated output`,
          { jobId },
        ),
      );
    }
    while (texts.length < t.emitted.length) texts.push(t.emitted[texts.length] ?? '');
    const at = this.now();
    if (problem !== undefined) {
      this.emit(t.observe(jobId, 'COMPLETED', at));
      return this.fail(new JobFailedError(`job ${jobId} failed: ${problem}`, output, { jobId }), texts);
    }
    const finalUsage = t.usage(usage, chunks);
    this.emit(t.observe(jobId, 'COMPLETED', at));
    this.emit(t.usageEvent(finalUsage, at));
    const workerId = t.details.workerId ?? undefined;
    this.emit({
      type: 'done',
      jobId,
      status: 'COMPLETED',
      text: texts[0] ?? '',
      choices: texts,
      usage: finalUsage,
      timings: t.timings(this.now(), finalUsage),
      retries: t.retries,
      ...(workerId ? { workerId } : {}),
      at: this.now(),
    });
  }
}
