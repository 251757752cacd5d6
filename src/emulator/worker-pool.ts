// One endpoint's workers, as Runpod scales them: up to `maxWorkers`, each running up to
// `concurrency` jobs; a new worker initializes for `coldStartMs` before it takes jobs, and an idle
// worker is removed after `idleTimeoutMs`. Jobs wait in a FIFO queue until a slot is free.
import { randomBytes } from 'node:crypto';

/** Live settings the pool reads at each decision. */
export interface PoolSettings {
  workers: number;
  concurrency: number;
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

/** A queued job as the pool sees it: `start` runs it on a worker; `alive` is false once it left the queue. */
export interface QueueEntry {
  alive(): boolean;
  start(workerId: string): void;
}

interface Worker {
  id: string;
  state: 'initializing' | 'ready';
  running: number;
  timer?: NodeJS.Timeout;
}

function workerIdLike(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(14), (b) => alphabet[b % alphabet.length]).join('');
}

/** Admits an endpoint's jobs to its workers, scaling them up with the queue and down when idle. */
export class WorkerPool {
  private readonly workers = new Map<string, Worker>();
  private queue: QueueEntry[] = [];
  private closed = false;

  constructor(private readonly settings: () => PoolSettings) {}

  /** Queues a job (at the head when `first`, e.g. a job whose worker died) and starts what fits. */
  enqueue(entry: QueueEntry, first = false): void {
    if (this.closed) return;
    if (first) this.queue.unshift(entry);
    else this.queue.push(entry);
    this.pump();
  }

  /** A job left worker `workerId`; an idle worker is removed after the idle timeout. */
  release(workerId: string): void {
    const w = this.workers.get(workerId);
    if (!w) return;
    w.running = Math.max(0, w.running - 1);
    if (w.running === 0) this.armIdle(w);
    this.pump();
  }

  /** Worker `workerId` died: it is gone at once (its jobs are the caller's to re-queue). */
  kill(workerId: string): void {
    const w = this.workers.get(workerId);
    if (!w) return;
    if (w.timer !== undefined) clearTimeout(w.timer);
    this.workers.delete(workerId);
  }

  /** Starts queued jobs on free slots and adds workers while the queue outgrows what is coming. */
  pump(): void {
    if (this.closed) return;
    const s = this.settings();
    const slots = Math.max(1, Math.floor(s.concurrency));
    this.retireExtra(s.workers);
    for (;;) {
      this.queue = this.queue.filter((e) => e.alive());
      const head = this.queue[0];
      if (head === undefined) return;
      // While lowered max workers leaves busy extras, they finish their jobs and take no new ones.
      const free = [...this.workers.values()]
        .filter((w) => w.state === 'ready' && w.running < slots && this.workers.size <= s.workers)
        .sort((a, b) => a.running - b.running)[0];
      if (free) {
        this.queue.shift();
        if (free.timer !== undefined) clearTimeout(free.timer);
        free.timer = undefined;
        free.running++;
        head.start(free.id);
        continue;
      }
      const coming = [...this.workers.values()].filter((w) => w.state === 'initializing').length * slots;
      if (this.queue.length <= coming || this.workers.size >= s.workers) return;
      this.spawn(s.coldStartMs);
    }
  }

  /** Counters for /health. */
  counts(): WorkerCounts {
    const all = [...this.workers.values()];
    const ready = all.filter((w) => w.state === 'ready');
    return {
      idle: ready.filter((w) => w.running === 0).length,
      initializing: all.length - ready.length,
      ready: ready.length,
      running: ready.filter((w) => w.running > 0).length,
      throttled: 0,
      unhealthy: 0,
    };
  }

  /** Stops every timer; queued jobs never start. */
  close(): void {
    this.closed = true;
    for (const w of this.workers.values()) if (w.timer !== undefined) clearTimeout(w.timer);
    this.workers.clear();
    this.queue = [];
  }

  // Removes idle or initializing workers beyond `max` (max workers lowered on the fly).
  private retireExtra(max: number): void {
    for (const w of [...this.workers.values()]) {
      if (this.workers.size <= max) return;
      if (w.running > 0) continue;
      if (w.timer !== undefined) clearTimeout(w.timer);
      this.workers.delete(w.id);
    }
  }

  private spawn(coldStartMs: number): void {
    const w: Worker = { id: workerIdLike(), state: coldStartMs > 0 ? 'initializing' : 'ready', running: 0 };
    this.workers.set(w.id, w);
    if (w.state === 'ready') return;
    w.timer = setTimeout(() => {
      w.timer = undefined;
      w.state = 'ready';
      this.armIdle(w);
      this.pump();
    }, coldStartMs);
  }

  private armIdle(w: Worker): void {
    if (w.timer !== undefined) clearTimeout(w.timer);
    w.timer = setTimeout(() => {
      if (w.running === 0) this.workers.delete(w.id);
    }, this.settings().idleTimeoutMs);
  }
}
