// One endpoint's worker: cold, initializing (cold start) or warm. Jobs wait IN_QUEUE until it is
// warm; /health reads its counters.
import { randomBytes } from 'node:crypto';

/** Live settings the pool reads at each decision. */
export interface PoolSettings {
  coldStartMs: number;
  idleTimeoutMs: number;
}

/** Worker counters in the shape /health reports. */
export interface WorkerCounts {
  idle: number;
  initializing: number;
  ready: number;
  running: number;
  throttled: number;
  unhealthy: number;
}

function workerIdLike(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(14), (b) => alphabet[b % alphabet.length]).join('');
}

/** Admits jobs to an endpoint's single emulated worker, imitating cold starts and idle timeouts. */
export class WorkerPool {
  readonly workerId = workerIdLike();
  private running = 0;
  private warmUntil = -Infinity;
  private initTimer: NodeJS.Timeout | undefined;
  private waiting: (() => void)[] = [];

  constructor(private readonly settings: () => PoolSettings) {}

  private isWarm(now: number): boolean {
    return this.running > 0 || now < this.warmUntil;
  }

  /** Runs `start` once the worker is warm: at once when warm, after the cold start otherwise. */
  admit(start: () => void): void {
    const now = Date.now();
    const { coldStartMs } = this.settings();
    if (this.initTimer === undefined && (this.isWarm(now) || coldStartMs <= 0)) {
      this.warmUntil = Math.max(this.warmUntil, now + this.settings().idleTimeoutMs);
      start();
      return;
    }
    this.waiting.push(start);
    if (this.initTimer !== undefined) return;
    this.initTimer = setTimeout(() => {
      this.initTimer = undefined;
      this.warmUntil = Date.now() + this.settings().idleTimeoutMs;
      const ready = this.waiting;
      this.waiting = [];
      for (const run of ready) run();
    }, coldStartMs);
  }

  /** A job began running on this worker. */
  jobStarted(): void {
    this.running++;
  }

  /** A job left this worker; the idle timeout counts from now. */
  jobEnded(): void {
    this.running = Math.max(0, this.running - 1);
    this.warmUntil = Date.now() + this.settings().idleTimeoutMs;
  }

  /** Counters for /health. */
  counts(): WorkerCounts {
    const warm = this.isWarm(Date.now());
    return {
      idle: warm && this.running === 0 ? 1 : 0,
      initializing: this.initTimer === undefined ? 0 : 1,
      ready: warm ? 1 : 0,
      running: this.running > 0 ? 1 : 0,
      throttled: 0,
      unhealthy: 0,
    };
  }

  /** Stops the cold-start timer; queued starts never run. */
  close(): void {
    if (this.initTimer !== undefined) clearTimeout(this.initTimer);
    this.initTimer = undefined;
    this.waiting = [];
  }
}
