// The job lifecycle: IN_QUEUE -> IN_PROGRESS -> COMPLETED / FAILED / CANCELLED / TIMED_OUT, with
// token timing, job-level faults, TTL, retention, worker capacity and wake-ups for held polls.
import type { FaultBoard } from './faults.js';
import { isRelayFault } from './faults.js';
import { faultEffect, faultFits, MID_GENERATION_FAULTS } from './job-fault-effects.js';
import { newJob, newJobId, type Job, type JobRequest } from './job-record.js';
import { isTerminal, type JobStatus } from './job-status.js';
import { DONE_EVENT, errorEvent } from './openai-objects.js';
import { createRng, hashString } from './prng.js';
import { createProducer, producesSlices } from './producers.js';
import { later, notify, stopTimers, waitForChange } from './job-timers.js';
import type { Settings } from './settings.js';
import type { JobFaultName, RelayFaultName, RouteName } from './types.js';
import { planJob } from './worker-input.js';
import { WorkerPool, type WorkerCounts } from './worker-pool.js';

/** The /health body. */
export interface HealthReport {
  jobs: { completed: number; failed: number; inProgress: number; inQueue: number; retried: number };
  workers: WorkerCounts;
}

export type { JobRequest } from './job-record.js';

const SYNC_RETENTION_MS = 60_000;

/** Owns every job, its timers and its endpoint's workers; the HTTP layer only asks it questions. */
export class JobEngine {
  private readonly jobs = new Map<string, Job>();
  private readonly pools = new Map<string, WorkerPool>();
  private readonly counters = new Map<string, { completed: number; failed: number; retried: number }>();
  private closed = false;
  private sweptAt = 0;

  constructor(
    private readonly settings: () => Settings,
    private readonly faults: FaultBoard,
  ) {}

  /** Creates and queues a job; `route` decides which armed job faults may attach to it. */
  create(endpointId: string, req: JobRequest, route: RouteName, sync: boolean): Job {
    const s = this.settings();
    const plan = planJob(req.input, s);
    const fault = this.faults.takeJobFault(
      route,
      (n) => !isRelayFault(n) && faultFits(n as JobFaultName, plan, s.worker),
    ) as JobFaultName | undefined;
    const utf8Split =
      producesSlices(plan) && this.faults.takeJobFault(route, (name) => name === 'utf8-split') !== undefined;
    const relayFault =
      route === 'openai' ? (this.faults.takeJobFault(route, isRelayFault) as RelayFaultName | undefined) : undefined;
    const job = newJob({ id: newJobId(sync), endpointId, sync, req, plan, fault, relayFault, utf8Split });
    this.jobs.set(job.id, job);
    this.enqueue(job);
    return job;
  }

  /** The job with this ID on this endpoint, unless unknown or expired. */
  find(endpointId: string, id: string): Job | undefined {
    // A full sweep at most once a second: with tens of thousands of jobs kept for 30 minutes,
    // sweeping on every read made the emulator itself the bottleneck of a big batch. The job
    // asked about is checked on its own, so expiry stays exact.
    const now = Date.now();
    if (now - this.sweptAt >= 1000) this.sweep();
    const job = this.jobs.get(id);
    if (job && this.expired(job, now)) {
      this.remove(job);
      return undefined;
    }
    return job && job.endpointId === endpointId ? job : undefined;
  }

  /** Every live job, oldest first. */
  all(): Job[] {
    this.sweep();
    return [...this.jobs.values()];
  }

  /** Hands out the items produced since the previous call (the /stream drain). */
  drain(job: Job): unknown[] {
    const items = job.items.slice(job.drained);
    job.drained = job.items.length;
    return items;
  }

  /** Resolves on the job's next change, after `ms`, or when `signal` aborts or the engine closes. */
  waitForChange(job: Job, ms: number, signal: AbortSignal): Promise<void> {
    return waitForChange(job, ms, signal, this.closed);
  }

  /** A client's /cancel: stops a live job at once; a finished job is left as it is. */
  cancel(job: Job): void {
    if (isTerminal(job.status)) return;
    job.cancelled = true;
    this.finish(job, 'CANCELLED');
  }

  /** /retry: re-queues a FAILED or TIMED_OUT job under the same ID; false for other states. */
  retry(job: Job): boolean {
    if (job.status !== 'FAILED' && job.status !== 'TIMED_OUT') return false;
    for (const key of ['fault', 'relayFault', 'error', 'startedAt', 'endedAt', 'workerId', 'producer'] as const)
      delete job[key];
    Object.assign(job, { status: 'IN_QUEUE', createdAt: Date.now(), items: [], drained: 0, utf8Split: false });
    this.counter(job.endpointId).retried++;
    notify(job);
    this.enqueue(job);
    return true;
  }

  /** /purge-queue: removes the endpoint's IN_QUEUE jobs and says how many. */
  purge(endpointId: string): number {
    const queued = this.all().filter((j) => j.endpointId === endpointId && j.status === 'IN_QUEUE');
    for (const job of queued) this.remove(job);
    return queued.length;
  }

  /** /health counters for one endpoint. */
  health(endpointId: string): HealthReport {
    const mine = this.all().filter((j) => j.endpointId === endpointId);
    const c = this.counter(endpointId);
    return {
      jobs: {
        completed: c.completed,
        failed: c.failed,
        inProgress: mine.filter((j) => j.status === 'IN_PROGRESS').length,
        inQueue: mine.filter((j) => j.status === 'IN_QUEUE').length,
        retried: c.retried,
      },
      workers: this.pool(endpointId).counts(),
    };
  }

  /** Lets every endpoint's queue use capacity that configure() just added. */
  rebalance(): void {
    for (const pool of this.pools.values()) pool.pump();
  }

  /** Stops every timer and wakes every held poll. */
  close(): void {
    this.closed = true;
    for (const job of this.jobs.values()) {
      stopTimers(job);
      notify(job);
    }
    for (const pool of this.pools.values()) pool.close();
  }

  private enqueue(job: Job, first = false): void {
    if (job.fault === 'stuck-queue' || this.closed) return;
    const entry = {
      alive: () => job.status === 'IN_QUEUE' && this.jobs.has(job.id),
      start: (workerId: string) => this.start(job, workerId),
    };
    // A tick later, so /run answers IN_QUEUE even when a slot is free.
    this.later(job, 0, () => this.pool(job.endpointId).enqueue(entry, first));
  }

  private start(job: Job, workerId: string): void {
    Object.assign(job, { onWorker: true, status: 'IN_PROGRESS', startedAt: Date.now(), workerId });
    job.execTimer = setTimeout(() => this.finish(job, 'TIMED_OUT'), job.executionTimeoutMs);
    notify(job);
    if (job.fault === 'never-end') return;
    const plan = job.plan;
    if (plan.kind === 'failure' || job.fault === 'vllm-dead') {
      const error = plan.kind === 'failure' ? plan.error : faultEffect('vllm-dead', this.settings().worker).error;
      this.later(job, this.delay(job, 1), () => this.finish(job, 'FAILED', error));
      return;
    }
    if (job.fault === 'no-output') {
      this.later(job, this.delay(job, 1), () => this.finish(job, 'COMPLETED'));
      return;
    }
    const rng = createRng(hashString(job.id, this.settings().seed >>> 0));
    job.producer = createProducer(plan, rng, job.utf8Split);
    this.later(job, this.delay(job, job.producer.totalSteps + 1), () => this.tick(job));
  }

  // The fault that strikes this job mid-generation: its own, or an injected failure for a relay fault.
  private strike(job: Job): JobFaultName | undefined {
    if (job.fault !== undefined) return MID_GENERATION_FAULTS.has(job.fault) ? job.fault : undefined;
    return job.relayFault !== undefined ? 'fail' : undefined;
  }

  private tick(job: Job): void {
    const p = job.producer;
    if (job.status !== 'IN_PROGRESS' || !p) return;
    // Mid-generation means some answer text is out: a few tokens, and whole events a client can
    // read (SSE slices cut events anywhere, and the first chat event holds only the role).
    const fault = this.strike(job);
    if (fault !== undefined && p.stepsDone >= Math.min(3, p.totalSteps) && answerIsOut(job.items))
      return this.applyFault(job, fault);
    const items = p.step();
    if (items.length > 0) {
      job.items.push(...items);
      notify(job);
    }
    this.later(job, this.delay(job, p.totalSteps + 1), () =>
      p.stepsDone >= p.totalSteps ? this.complete(job) : this.tick(job),
    );
  }

  private complete(job: Job): void {
    if (job.status !== 'IN_PROGRESS') return;
    const fault = this.strike(job);
    if (fault !== undefined) return this.applyFault(job, fault);
    this.finish(job, 'COMPLETED');
  }

  private applyFault(job: Job, fault: JobFaultName): void {
    if (fault === 'worker-crash') return this.crash(job);
    if (fault === 'vllm-error-event') {
      const message = 'Injected fault: vLLM failed mid-stream (EngineDeadError)';
      job.items.push(...(job.producer?.endWith([errorEvent(message), DONE_EVENT]) ?? []));
      return this.finish(job, 'COMPLETED');
    }
    const effect = faultEffect(fault, this.settings().worker);
    if (effect.item !== undefined) job.items.push(effect.item);
    this.finish(job, effect.status, effect.error);
  }

  // The job's worker dies: every job on it goes back to the head of the queue, from scratch.
  private crash(job: Job): void {
    const workerId = job.workerId;
    if (workerId === undefined) return;
    this.pool(job.endpointId).kill(workerId);
    const victims = [...this.jobs.values()].filter((j) => j.workerId === workerId && j.status === 'IN_PROGRESS');
    for (const j of victims) {
      stopTimers(j);
      for (const key of ['startedAt', 'workerId', 'producer'] as const) delete j[key];
      if (j.fault === 'worker-crash') delete j.fault;
      Object.assign(j, { status: 'IN_QUEUE', items: [], drained: 0, onWorker: false, requeued: j.requeued + 1 });
      this.counter(j.endpointId).retried++;
      notify(j);
      this.enqueue(j, true);
    }
  }

  private finish(job: Job, status: JobStatus, error?: string): void {
    if (isTerminal(job.status)) return;
    stopTimers(job);
    Object.assign(job, { status, endedAt: Date.now() }, error === undefined ? {} : { error });
    this.leaveWorker(job);
    const c = this.counter(job.endpointId);
    if (status === 'COMPLETED') c.completed++;
    if (status === 'FAILED' || status === 'TIMED_OUT') c.failed++;
    notify(job);
  }

  private leaveWorker(job: Job): void {
    const wasOn = job.onWorker;
    job.onWorker = false;
    if (wasOn && job.workerId !== undefined) this.pool(job.endpointId).release(job.workerId);
  }

  private remove(job: Job): void {
    stopTimers(job);
    this.jobs.delete(job.id);
    this.leaveWorker(job);
    notify(job);
  }

  private expired(job: Job, now: number, retention = this.settings().retentionMs): boolean {
    const keepFor = job.sync ? Math.min(retention, SYNC_RETENTION_MS) : retention;
    return isTerminal(job.status) ? now >= (job.endedAt ?? now) + keepFor : now >= job.createdAt + job.ttlMs;
  }

  private sweep(): void {
    const now = Date.now();
    this.sweptAt = now;
    const retention = this.settings().retentionMs;
    for (const job of this.jobs.values()) if (this.expired(job, now, retention)) this.remove(job);
  }

  private later(job: Job, ms: number, fn: () => void): void {
    later(job, ms, fn, () => this.jobs.has(job.id) && !this.closed);
  }

  // One step's delay: the token delay, or an equal share of a fixed job duration over `steps`.
  private delay(_job: Job, steps: number): number {
    const s = this.settings();
    if (s.jobDurationMs > 0) return s.jobDurationMs / Math.max(1, steps);
    return Math.max(0, s.tokenDelayMs);
  }

  private pool(endpointId: string): WorkerPool {
    let pool = this.pools.get(endpointId);
    if (!pool) {
      pool = new WorkerPool(() => this.settings());
      this.pools.set(endpointId, pool);
    }
    return pool;
  }

  private counter(endpointId: string) {
    let c = this.counters.get(endpointId);
    if (!c) {
      c = { completed: 0, failed: 0, retried: 0 };
      this.counters.set(endpointId, c);
    }
    return c;
  }
}

// True once the items hold answer text a client can read: any native item, or SSE text with at
// least three complete events (the first chat event may carry only the role).
function answerIsOut(items: readonly unknown[]): boolean {
  let ends = 0;
  for (const item of items) {
    if (typeof item !== 'string') return true;
    for (let at = item.indexOf('\n\n'); at >= 0; at = item.indexOf('\n\n', at + 2)) if (++ends >= 3) return true;
  }
  return false;
}
