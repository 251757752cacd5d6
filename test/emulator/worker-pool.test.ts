// The capacity policy on a fake clock: slots per worker, scale-up only as the queue needs,
// per-worker cold start, idle removal, lowering max workers, and a dying worker.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkerPool, type PoolSettings } from '../../src/emulator/worker-pool.js';

let settings: PoolSettings;
let pool: WorkerPool;
let started: { job: number; worker: string }[];
let alive: Set<number>;

const add = (job: number, first = false) => {
  alive.add(job);
  pool.enqueue(
    { alive: () => alive.has(job), start: (worker) => (alive.delete(job), started.push({ job, worker })) },
    first,
  );
};

beforeEach(() => {
  vi.useFakeTimers();
  settings = { workers: 2, concurrency: 2, coldStartMs: 0, idleTimeoutMs: 1000 };
  pool = new WorkerPool(() => settings);
  started = [];
  alive = new Set();
});
afterEach(() => {
  pool.close();
  vi.useRealTimers();
});

describe('WorkerPool', () => {
  it('fills workers x concurrency slots, a new worker only when the others are full; the rest waits in order', () => {
    for (let i = 0; i < 6; i++) add(i);
    expect(started.map((s) => s.job)).toEqual([0, 1, 2, 3]);
    expect(new Set(started.map((s) => s.worker)).size).toBe(2);
    expect(started[1]!.worker).toBe(started[0]!.worker);
    expect(started[2]!.worker).not.toBe(started[0]!.worker);
    expect(pool.counts()).toMatchObject({ running: 2, idle: 0, ready: 2 });
    pool.release(started[2]!.worker);
    expect(started.map((s) => s.job)).toEqual([0, 1, 2, 3, 4]);
    expect(started[4]!.worker).toBe(started[2]!.worker);
  });

  it('cold start: one initializing worker per concurrency-full of queue, ready after coldStartMs', () => {
    settings.coldStartMs = 500;
    add(1);
    expect(pool.counts()).toMatchObject({ initializing: 1, ready: 0 });
    add(2);
    expect(pool.counts().initializing).toBe(1);
    add(3);
    expect(pool.counts().initializing).toBe(2);
    add(4);
    add(5);
    expect(pool.counts().initializing).toBe(2);
    vi.advanceTimersByTime(499);
    expect(started).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(started.map((s) => s.job)).toEqual([1, 2, 3, 4]);
  });

  it('an idle worker is removed after idleTimeoutMs; a job before that keeps it', () => {
    add(1);
    const w = started[0]!.worker;
    pool.release(w);
    vi.advanceTimersByTime(900);
    add(2);
    expect(started[1]!.worker).toBe(w);
    pool.release(w);
    vi.advanceTimersByTime(1000);
    expect(pool.counts()).toMatchObject({ idle: 0, ready: 0 });
  });

  it('a dead worker is gone; a job put back first starts before the queue', () => {
    settings.workers = 1;
    settings.concurrency = 1;
    add(1);
    add(2);
    pool.kill(started[0]!.worker);
    add(1, true);
    expect(started.map((s) => s.job)).toEqual([1, 1]);
    expect(started[1]!.worker).not.toBe(started[0]!.worker);
  });

  it('max workers 0 starts nothing; lowering it retires idle workers; removed entries are skipped', () => {
    add(1);
    pool.release(started[0]!.worker);
    settings.workers = 0;
    add(2);
    expect(started).toHaveLength(1);
    expect(pool.counts().idle).toBe(0);
    alive.delete(2);
    add(3);
    settings.workers = 1;
    pool.pump();
    expect(started.map((s) => s.job)).toEqual([1, 3]);
  });
});
