// A job's timers and wake-ups: the one pending step, the execution deadline, and the held polls
// waiting for the job to change. Plain functions over the Job record, used by the engine.
import type { Job } from './job-record.js';

/** Runs `fn` after `ms` (next tick when 0) unless `alive()` turned false; replaces the job's pending step. */
export function later(job: Job, ms: number, fn: () => void, alive: () => boolean): void {
  job.cancelTimer?.();
  const run = () => {
    job.cancelTimer = undefined;
    if (alive()) fn();
  };
  if (ms <= 0) {
    const handle = setImmediate(run);
    job.cancelTimer = () => clearImmediate(handle);
  } else {
    const handle = setTimeout(run, ms);
    job.cancelTimer = () => clearTimeout(handle);
  }
}

/** Clears the pending step and the execution deadline. */
export function stopTimers(job: Job): void {
  job.cancelTimer?.();
  job.cancelTimer = undefined;
  if (job.execTimer !== undefined) clearTimeout(job.execTimer);
  job.execTimer = undefined;
}

/** Wakes every poll held on this job. */
export function notify(job: Job): void {
  const waiters = [...job.waiters];
  job.waiters.clear();
  for (const wake of waiters) wake();
}

/** Resolves on the job's next change, after `ms`, or when `signal` aborts (at once when `closed`). */
export function waitForChange(job: Job, ms: number, signal: AbortSignal, closed: boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted || closed) return resolve();
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
