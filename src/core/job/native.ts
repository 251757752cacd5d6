// A native job as one unit: submit with /run, long-poll /stream (switching to /status when a
// drained reply was lost, or reading /status alone without streaming), reconcile the text with
// the aggregated output, and finish with done or error. Events leave through the lifecycle.
import {
  ExitCode,
  InterruptedError,
  JobCancelledError,
  JobFailedError,
  RpvError,
  ServiceUnavailableError,
  TimeoutError,
  toRpvError,
} from '../errors.js';
import { isTerminal, type JobEvent, type JobStatus } from '../events.js';
import { ID_PATTERN } from '../ids.js';
import { OutputDecoder } from '../output-decoder.js';
import { readableError } from '../python-repr.js';
import { UNKNOWN_JOB_HINT } from '../runpod-client-errors.js';
import { StreamLostError, type RunBody } from '../runpod-client.js';
import type { JobStatusReply, StreamReply } from '../schemas.js';
import { JobLifecycle, noop, type LifecycleOptions } from './lifecycle.js';
import { JobTracker, normalizeStatus, reconcileTexts } from './tracker.js';

const SUBMIT_GRACE_MS = 2000;
/** A /stream poll still out this long past its long-poll wait is checked on with /status... */
const OVERDUE_AFTER_MS = 3000;
/** ...and again this often while it stays out. */
const OVERDUE_CHECK_MS = 3000;

interface FinishOptions {
  reply?: JobStatusReply;
  emitTokens: boolean;
  mode: 'strict' | 'attach';
}

/** Options shared by every way of following a native job. */
export interface JobOptionsBase extends LifecycleOptions {
  endpoint: string;
  /** Expected number of choices (`-n`), so `done.choices` has one entry each. */
  choices?: number;
  /** `?wait=` of each `/stream` long poll (default 10000). */
  streamWaitMs?: number;
  /** Generating with no new text this long emits `stall` (default 30000). */
  stallMs?: number;
  /** Look up /health once when the job is still queued after `queueHintMs` (default true). */
  healthOnQueue?: boolean;
  /** Default 1500. */
  queueHintMs?: number;
}

/** Options of `runJob`: what to submit and how to follow it. */
export interface RunJobOptions extends JobOptionsBase {
  body: RunBody;
  /** Follow `/stream` (true) or wait for the aggregated output via `/status` (false). */
  stream: boolean;
}

/** Options of `followJob` / `waitForJob`: an existing job. */
export interface FollowJobOptions extends JobOptionsBase {
  jobId: string;
}

/** The steps of one native job; every event goes out through `life`. */
class NativeJob {
  private lost = false;
  /** The `error` of a terminal /stream reply: the reason when /status has none or is gone. */
  private streamError: unknown;
  private watching = false;
  private readonly life: JobLifecycle;
  private readonly tracker: JobTracker;
  private readonly now: () => number;

  constructor(private readonly o: JobOptionsBase) {
    this.life = new JobLifecycle(o);
    this.now = this.life.now;
    this.tracker = new JobTracker(this.now(), o.choices);
    const t = this.tracker;
    this.life.progress = { partial: () => t.partial(), timings: (at) => t.timings(at) };
  }

  /** The job's events, from running `steps` on this job. */
  events(steps: (job: NativeJob) => Promise<void>): AsyncGenerator<JobEvent> {
    return this.life.events(() => steps(this));
  }

  private emit(event: JobEvent | undefined): void {
    this.life.emit(event);
  }

  private emitAll(events: readonly JobEvent[]): void {
    this.life.emitAll(events);
  }

  private callOpts() {
    return this.life.callOpts();
  }

  private set jobId(id: string) {
    this.life.jobId = id;
  }

  /**
   * POST /run; an abort while a request is in flight waits a short grace for the ID, so the job
   * can still be cancelled, but an abort between attempts (a retry wait) stops at once.
   */
  async submit(body: RunBody): Promise<string> {
    const submitAc = new AbortController();
    let grace: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      grace = setTimeout(() => submitAc.abort(this.life.signal.reason), this.life.isDisposed ? 0 : SUBMIT_GRACE_MS);
    };
    this.life.signal.addEventListener('abort', onAbort, { once: true });
    let id: string;
    let status: string | null | undefined;
    setImmediate(warmDecoding);
    try {
      ({ id, status } = await this.o.client.run(body, {
        ...this.callOpts(),
        signal: submitAc.signal,
        stopRetrying: this.life.signal,
      }));
    } finally {
      clearTimeout(grace);
      this.life.signal.removeEventListener('abort', onAbort);
    }
    if (!ID_PATTERN.test(id)) {
      // An ID rpv could not print safely nor look up again: as unusable as a malformed reply.
      throw new ServiceUnavailableError(
        'POST /run: malformed response (an unusable job ID); the job may have been submitted',
        {
          hint: UNKNOWN_JOB_HINT,
        },
      );
    }
    this.jobId = id;
    this.emit({ type: 'submitted', jobId: id, endpoint: this.o.endpoint, at: this.now() });
    this.emit(this.tracker.observe(id, status ?? 'IN_QUEUE', this.now()));
    if (this.life.signal.aborted) throw new InterruptedError();
    return id;
  }

  private watchQueue(jobId: string): void {
    if (this.o.healthOnQueue === false || this.watching) return;
    this.watching = true;
    this.life.later(() => void this.lookUpWorkers(jobId), this.o.queueHintMs ?? 1500);
  }

  private async lookUpWorkers(jobId: string): Promise<void> {
    const t = this.tracker;
    if (this.life.finished || t.firstInProgressAt !== undefined || t.firstTokenAt !== undefined) return;
    if (t.status !== undefined && t.status !== 'IN_QUEUE') return;
    try {
      const { workers } = await this.o.client.health({ signal: this.life.signal, retries: 0, onRetry: noop });
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
      this.life.log(`health lookup for queued job ${jobId} failed: ${toRpvError(err).message}`);
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
      // One turn of the event loop before each poll, after the last reply: the consumers print what
      // it brought first, and undici's pool takes the connection that reply came on back only in
      // that turn. A poll sent sooner would open a new connection (on the hosted service, a TLS
      // handshake between the /run reply and the first token).
      if (backoff === 0) await this.life.yieldTurn();
      const sent = this.now();
      let reply;
      try {
        const polled = await this.streamPoll(jobId, waitMs);
        if (polled.ended !== undefined) {
          // The job ended while its poll hung: what that poll drained comes from the aggregate.
          this.lost = true;
          this.life.log(`job ${jobId}: /stream did not answer; /status says ${polled.ended}`);
          return this.finish(jobId, polled.ended, { emitTokens: true, mode, reply: polled.status });
        }
        reply = polled.reply;
      } catch (err) {
        if (!(err instanceof StreamLostError) || this.life.signal.aborted) throw err;
        this.lost = true;
        this.life.log(`job ${jobId}: ${err.message}; chunks may be lost, reading /status until the job ends`);
        return this.pollStatus(jobId, { emitTokens: true, mode });
      }
      const at = this.now();
      const status = normalizeStatus(reply.status);
      const terminal = status !== undefined && isTerminal(status);
      if (!terminal) this.emit(t.observe(jobId, reply.status, at));
      for (const item of reply.stream) this.emitAll(t.tokens(t.decoder.push(item.output), at));
      this.emit(t.usageEvent(t.decoder.usage, at));
      if (reply.error !== undefined && reply.error !== null) this.streamError = reply.error;
      if (terminal) return this.finish(jobId, status, { emitTokens: true, mode });
      this.emit(t.stallEvent(at, stallMs));
      if (reply.stream.length === 0 && at - sent < Math.min(250, waitMs / 4)) {
        backoff = Math.min(1000, Math.max(50, backoff * 2));
        await this.life.sleep(backoff);
      } else {
        backoff = 0;
      }
    }
  }

  /**
   * One /stream poll. A poll still out well past its long-poll wait is checked on with /status
   * every few seconds: the view then shows the job's real state instead of the last one, and a
   * job that ended meanwhile ends the poll (the hung reply is dropped).
   */
  private async streamPoll(
    jobId: string,
    waitMs: number,
  ): Promise<{ ended?: undefined; reply: StreamReply } | { ended: JobStatus; status: JobStatusReply }> {
    const opts = this.callOpts();
    const life = this.life.signal;
    const poll = new AbortController();
    const stop = () => poll.abort(life.reason);
    life.addEventListener('abort', stop, { once: true });
    let ended: { ended: JobStatus; status: JobStatusReply } | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Once the poll has answered, a check still out says nothing and starts no other.
    let settled = false;
    const check = async () => {
      try {
        const reply = await this.o.client.status(jobId, { ...opts, retries: 0 });
        if (settled) return;
        const status = normalizeStatus(reply.status);
        if (status !== undefined && isTerminal(status)) {
          ended = { ended: status, status: reply };
          poll.abort(new Error('the job ended while its /stream poll was out'));
          return;
        }
        this.emit(this.tracker.observe(jobId, reply.status, this.now(), reply));
      } catch (err) {
        this.life.log(`/status while /stream was overdue: ${toRpvError(err).message}`);
      }
      if (!settled && !poll.signal.aborted) timer = setTimeout(() => void check(), OVERDUE_CHECK_MS);
    };
    timer = setTimeout(() => void check(), waitMs + OVERDUE_AFTER_MS);
    try {
      return { reply: await this.o.client.stream(jobId, waitMs, { ...opts, signal: poll.signal }) };
    } catch (err) {
      if (ended) return ended;
      throw err;
    } finally {
      settled = true;
      clearTimeout(timer);
      life.removeEventListener('abort', stop);
    }
  }

  /** First look at an existing job. */
  async checkStatus(
    jobId: string,
  ): Promise<{ terminal: true; status: JobStatus; reply: JobStatusReply } | { terminal: false }> {
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
      // Polling /status (after a lost /stream reply) still reports a generation that went quiet.
      this.emit(this.tracker.stallEvent(this.now(), this.o.stallMs ?? 30_000));
      await this.life.sleep(interval);
      interval = Math.min(2000, Math.round(interval * 1.5));
    }
  }

  /** The job reached `status`: fetch its final record once, then end with done or error. */
  async finish(jobId: string, status: JobStatus, f: FinishOptions): Promise<void> {
    this.life.jobEnded = true;
    const t = this.tracker;
    t.terminalAt ??= this.now();
    // After a lost reply the decoder may hold half an event whose rest was lost: the aggregate decides.
    if (f.emitTokens && !this.lost) this.emitAll(t.tokens(t.decoder.end(), this.now()));
    let reply = f.reply;
    if (!reply) {
      // After /stream said COMPLETED with nothing lost, the text is whole: this /status only adds
      // timings and the worker, so it gets one attempt and no retry waits.
      const optional = status === 'COMPLETED' && !this.lost;
      try {
        // A turn first, so this request reuses the connection the last reply came on (see followStream).
        await this.life.yieldTurn();
        reply = await this.o.client.status(jobId, optional ? { ...this.callOpts(), retries: 0 } : this.callOpts());
      } catch (err) {
        if (this.life.signal.aborted || (status === 'COMPLETED' && this.lost)) throw err;
        this.life.log(`final /status of job ${jobId} failed: ${toRpvError(err).message}`);
      }
    }
    if (reply) {
      t.mergeDetails(reply);
      this.life.record = reply as Record<string, unknown>;
    }
    if (status === 'COMPLETED') return this.complete(jobId, reply, f);
    this.emit(t.observe(jobId, status, this.now()));
    if (status === 'FAILED') {
      const raw = reply?.error ?? this.streamError;
      const why = raw === undefined || raw === null ? 'the service gave no reason' : readableError(raw);
      return this.life.fail(new JobFailedError(`job ${jobId} failed: ${why}`, raw, { jobId }));
    }
    if (status === 'TIMED_OUT') {
      return this.life.fail(
        new TimeoutError(`job ${jobId} timed out on the service`, {
          jobId,
          hint: 'raise --execution-timeout or --ttl, or check that workers can start',
        }),
      );
    }
    return this.life.fail(new JobCancelledError(`job ${jobId} was cancelled`, { jobId }));
  }

  private complete(jobId: string, reply: JobStatusReply | undefined, f: FinishOptions): void {
    const t = this.tracker;
    const output = reply?.output;
    const aggregate = !(output === undefined || output === null || (Array.isArray(output) && output.length === 0));
    let texts = t.partial();
    let thought = [...t.thought];
    let usage = t.decoder.usage;
    let chunks = t.decoder.chunkCount;
    let problem = t.decoder.error;
    let finish = t.decoder.finishReasons;
    let generation = t.decoder.generation;
    if (aggregate) {
      const all = new OutputDecoder();
      for (const item of Array.isArray(output) ? output : [output]) all.push(item);
      all.end();
      const rec = reconcileTexts(f.emitTokens ? t.emitted : [], all.texts, f.mode);
      if ('inconsistent' in rec) {
        return this.life.fail(
          new RpvError(
            `the output of job ${jobId} was inconsistent (choice ${rec.inconsistent}): the streamed text is not a prefix of the final output`,
            ExitCode.internal,
            { jobId, hint: `see the final output with: rpv status ${jobId}` },
          ),
        );
      }
      // Reasoning is shown, never printed as the answer: a mismatch there only loses the view's copy.
      const thoughts = reconcileTexts(f.emitTokens ? t.thought : [], all.reasoning, 'attach');
      if (f.emitTokens && !('inconsistent' in thoughts)) {
        this.emitAll(
          t.tokens(
            thoughts.tails.map((d) => ({ ...d, reasoning: true as const })),
            this.now(),
          ),
        );
      }
      if (f.emitTokens) this.emitAll(t.tokens(rec.tails, this.now()));
      texts = rec.texts;
      if (all.reasoning.length > 0) thought = all.reasoning;
      usage = all.usage ?? usage;
      chunks = all.chunkCount;
      problem = all.error ?? problem;
      finish = all.finishReasons.some((r) => r !== undefined) ? all.finishReasons : finish;
      generation = all.generation ?? generation;
    } else if (this.lost) {
      return this.life.fail(
        new ServiceUnavailableError(
          `job ${jobId} completed, but part of its streamed output was lost and the service returned no aggregated output`,
          { jobId },
        ),
      );
    } else if (t.decoder.itemCount === 0) {
      // runpod-python marks a job COMPLETED when its result upload was rejected: nothing came back.
      this.emit(t.observe(jobId, 'COMPLETED', this.now()));
      return this.life.fail(
        new JobFailedError(
          `job ${jobId} completed without any output (the worker may have failed to return its result)`,
          undefined,
          {
            jobId,
            hint: `see the job with: rpv status ${jobId}`,
          },
        ),
        texts,
        'COMPLETED',
      );
    }
    while (texts.length < t.emitted.length) texts.push(t.emitted[texts.length] ?? '');
    const at = this.now();
    if (problem !== undefined) {
      this.emit(t.observe(jobId, 'COMPLETED', at));
      return this.life.fail(
        new JobFailedError(`job ${jobId} failed: ${problem}`, output, { jobId }),
        texts,
        'COMPLETED',
      );
    }
    const finalUsage = t.usage(usage, chunks);
    this.emit(t.observe(jobId, 'COMPLETED', at));
    this.emit(t.usageEvent(finalUsage, at));
    const workerId = t.details.workerId ?? undefined;
    const hasThought = thought.some((r) => r !== '');
    this.emit({
      type: 'done',
      jobId,
      status: 'COMPLETED',
      text: texts[0] ?? '',
      choices: texts,
      ...(hasThought ? { reasoning: texts.map((_, i) => thought[i] ?? '') } : {}),
      finishReasons: texts.map((_, i) => finish[i] ?? null),
      finishReason: finish[0] ?? null,
      usage: finalUsage,
      timings: t.timings(this.now(), finalUsage),
      retries: this.life.retries,
      ...(workerId ? { workerId } : {}),
      ...(generation ? { generation } : {}),
      ...(this.life.record ? { record: this.life.record } : {}),
      at: this.now(),
    });
  }
}

let decodingWarm = false;
/**
 * Runs both worker generations' output shapes through a throwaway decoder while /run is on the
 * wire: the decoder's code is compiled then, not when the first tokens have arrived.
 */
function warmDecoding(): void {
  if (decodingWarm) return;
  decodingWarm = true;
  const sse = new OutputDecoder();
  sse.push('data: {"object":"text_completion","choices":[{"index":0,"text":"w","finish_reason":null}]}\n\n');
  sse.end();
  const legacy = new OutputDecoder();
  legacy.push({ choices: [{ tokens: ['w'] }], usage: { input: 1, output: 1 } });
  legacy.end();
}

/** Submits a job with POST /run and follows it to its end; never throws, ends with one terminal event. */
export function runJob(o: RunJobOptions): AsyncGenerator<JobEvent> {
  return new NativeJob(o).events(async (job) => {
    const jobId = await job.submit(o.body);
    if (o.stream) await job.followStream(jobId, 'strict');
    else await job.pollStatus(jobId, { emitTokens: true, mode: 'strict' });
  });
}

/**
 * Attaches to an existing job (`rpv status --follow`): a finished job's whole output is emitted
 * at once; a running one is followed on `/stream` from wherever its stream currently is.
 */
export function followJob(o: FollowJobOptions): AsyncGenerator<JobEvent> {
  return new NativeJob(o).events(async (job) => {
    const first = await job.checkStatus(o.jobId);
    if (first.terminal)
      await job.finish(o.jobId, first.status, { reply: first.reply, emitTokens: true, mode: 'attach' });
    else await job.followStream(o.jobId, 'attach');
  });
}

/** Polls `/status` until the job ends (`rpv status --wait`): status events, then done or error. */
export function waitForJob(o: FollowJobOptions): AsyncGenerator<JobEvent> {
  return new NativeJob(o).events((job) => job.pollStatus(o.jobId, { emitTokens: false, mode: 'attach' }));
}
