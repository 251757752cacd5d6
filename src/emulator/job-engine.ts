// The job lifecycle: IN_QUEUE -> IN_PROGRESS -> COMPLETED / FAILED / CANCELLED / TIMED_OUT, with
// token timing, job-level faults, TTL, retention, and wake-ups for held long-polls.
import { isTerminal, type JobStatus } from '../core/events.js';
import type { FaultBoard } from './faults.js';
import { faultEffect, MID_GENERATION_FAULTS } from './job-fault-effects.js';
import { newJobId, type Job } from './job-record.js';
import { createRng, hashString } from './prng.js';
import { createProducer, producesSlices } from './producers.js';
import type { JobFaultName, RouteName, WorkerGeneration } from './types.js';
import { planJob } from './worker-input.js';
import { WorkerPool, type WorkerCounts } from './worker-pool.js';

/** Live settings the engine reads at each step (configure() can change them). */
export interface EngineSettings {
  worker: WorkerGeneration;
  tokenDelayMs: number;
  coldStartMs: number;
  idleTimeoutMs: number;
  retentionMs: number;
  seed: number;
}

/** What /run and /runsync pass in. */
export interface JobRequest {
  input: unknown;
  webhook?: string;
  policy?: Record<string, unknown>;
  executionTimeoutMs?: number;
  ttlMs?: number;
}

/** The /health body. */
export interface HealthReport {
  jobs: { completed: number; failed: number; inProgress: number; inQueue: number; retried: number };
  workers: WorkerCounts;
}

const SYNC_RETENTION_MS = 60_000;

/** Owns every job, its timers and its worker pool; the HTTP layer only asks it questions. */
export class JobEngine {
  private readonly jobs = new Map<string, Job>();
  private readonly pools = new Map<string, WorkerPool>();
  private readonly counters = new Map<string, { completed: number; failed: number; retried: number }>();
  private closed = false;

  constructor(
    private readonly settings: () => EngineSettings,
    private readonly faults: FaultBoard,
  ) {}

  /** Creates and queues a job; `route` decides which armed job faults may attach to it. */
  create(endpointId: string, req: JobRequest, route: RouteName, sync: boolean): Job {
    const s = this.settings();
    const plan = planJob(req.input, s.worker, s.seed);
    const fault = this.faults.takeJobFault(route, (name) => name !== 'utf8-split');
    const utf8Split = producesSlices(plan) && this.faults.takeJobFault(route, (name) => name === 'utf8-split') !== undefined;
    const job: Job = {
      id: newJobId(sync),
      endpointId,
      sync,
      input: req.input,
      ...(req.webhook === undefined ? {} : { webhook: req.webhook }),
      ...(req.policy === undefined ? {} : { policy: req.policy }),
      executionTimeoutMs: req.executionTimeoutMs ?? 600_000,
      ttlMs: req.ttlMs ?? 86_400_000,
      status: 'IN_QUEUE',
      createdAt: Date.now(),
      items: [],
      drained: 0,
      ...(fault === undefined ? {} : { fault }),
      utf8Split,
      cancelled: false,
      plan,
      onWorker: false,
      waiters: new Set(),
    };
    this.jobs.set(job.id, job);
    this.enqueue(job);
    return job;
  }

  /** The job with this ID on this endpoint, unless unknown or expired. */
  find(endpointId: string, id: string): Job | undefined {
    this.sweep();
    const job = this.jobs.get(id);
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
    return new Promise((resolve) => {
      if (ms <= 0 || signal.aborted || this.closed) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        job.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      job.waiters.add(done);
    });
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
    for (const key of ['fault', 'error', 'startedAt', 'endedAt', 'workerId', 'producer'] as const) delete job[key];
    Object.assign(job, { status: 'IN_QUEUE', createdAt: Date.now(), items: [], drained: 0, utf8Split: false });
    this.counter(job.endpointId).retried++;
    this.notify(job);
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

  /** Stops every timer and wakes every held poll. */
  close(): void {
    this.closed = true;
    for (const job of this.jobs.values()) {
      this.stopTimers(job);
      this.notify(job);
    }
    for (const pool of this.pools.values()) pool.close();
  }

  private enqueue(job: Job): void {
    if (job.fault === 'stuck-queue' || this.closed) return;
    this.pool(job.endpointId).admit(() => this.later(job, 0, () => this.start(job)));
  }

  private start(job: Job): void {
    if (job.status !== 'IN_QUEUE' || !this.jobs.has(job.id)) return;
    const pool = this.pool(job.endpointId);
    pool.jobStarted();
    Object.assign(job, { onWorker: true, status: 'IN_PROGRESS', startedAt: Date.now(), workerId: pool.workerId });
    job.execTimer = setTimeout(() => this.finish(job, 'TIMED_OUT'), job.executionTimeoutMs);
    this.notify(job);
    if (job.fault === 'never-end') return;
    const plan = job.plan;
    if (plan.kind === 'failure') {
      this.later(job, this.delay(), () => this.finish(job, 'FAILED', plan.error));
      return;
    }
    const rng = createRng(hashString(job.id, this.settings().seed >>> 0));
    job.producer = createProducer(plan, rng, job.utf8Split);
    this.later(job, this.delay(), () => this.tick(job));
  }

  private tick(job: Job): void {
    const p = job.producer;
    if (job.status !== 'IN_PROGRESS' || !p) return;
    const faultDue = p.stepsDone > 0 && (job.items.length >= 2 || p.stepsDone >= Math.ceil(p.totalSteps / 2));
    if (job.fault !== undefined && MID_GENERATION_FAULTS.has(job.fault) && faultDue) return this.applyFault(job, job.fault);
    const items = p.step();
    if (items.length > 0) {
      job.items.push(...items);
      this.notify(job);
    }
    this.later(job, this.delay(), () => (p.stepsDone >= p.totalSteps ? this.complete(job) : this.tick(job)));
  }

  private complete(job: Job): void {
    if (job.status !== 'IN_PROGRESS') return;
    if (job.fault !== undefined && MID_GENERATION_FAULTS.has(job.fault)) return this.applyFault(job, job.fault);
    this.finish(job, 'COMPLETED');
  }

  private applyFault(job: Job, fault: JobFaultName): void {
    const effect = faultEffect(fault);
    if (effect.item !== undefined) job.items.push(effect.item);
    this.finish(job, effect.status, effect.error);
  }

  private finish(job: Job, status: JobStatus, error?: string): void {
    if (isTerminal(job.status)) return;
    this.stopTimers(job);
    Object.assign(job, { status, endedAt: Date.now() }, error === undefined ? {} : { error });
    if (job.onWorker) this.pool(job.endpointId).jobEnded();
    job.onWorker = false;
    const c = this.counter(job.endpointId);
    if (status === 'COMPLETED') c.completed++;
    if (status === 'FAILED' || status === 'TIMED_OUT') c.failed++;
    this.notify(job);
  }

  private remove(job: Job): void {
    this.stopTimers(job);
    if (job.onWorker) this.pool(job.endpointId).jobEnded();
    job.onWorker = false;
    this.jobs.delete(job.id);
    this.notify(job);
  }

  private sweep(): void {
    const now = Date.now();
    const retention = this.settings().retentionMs;
    for (const job of this.jobs.values()) {
      const keepFor = job.sync ? Math.min(retention, SYNC_RETENTION_MS) : retention;
      const expired = isTerminal(job.status) ? now >= (job.endedAt ?? now) + keepFor : now >= job.createdAt + job.ttlMs;
      if (expired) this.remove(job);
    }
  }

  private later(job: Job, ms: number, fn: () => void): void {
    job.cancelTimer?.();
    const run = () => {
      job.cancelTimer = undefined;
      if (this.jobs.has(job.id) && !this.closed) fn();
    };
    if (ms <= 0) {
      const handle = setImmediate(run);
      job.cancelTimer = () => clearImmediate(handle);
    } else {
      const handle = setTimeout(run, ms);
      job.cancelTimer = () => clearTimeout(handle);
    }
  }

  private stopTimers(job: Job): void {
    job.cancelTimer?.();
    job.cancelTimer = undefined;
    if (job.execTimer !== undefined) clearTimeout(job.execTimer);
    job.execTimer = undefined;
  }

  private notify(job: Job): void {
    const waiters = [...job.waiters];
    job.waiters.clear();
    for (const wake of waiters) wake();
  }

  private delay(): number {
    return Math.max(0, this.settings().tokenDelayMs);
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
