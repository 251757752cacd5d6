// A wake-up for the batch loops: waiters sleep until something changed (a job ended, a slot
// freed), a timeout passed, or the run stopped, instead of polling in a tight loop. One abort
// listener serves every waiter, so hundreds of idle loops add no listeners to the run's signal.

/** Wakes every current waiter on `notify()`, the oldest on `notifyOne()`, all for good once `signal` aborts. */
export class Wake {
  private waiters = new Set<() => void>();

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', () => this.notify(), { once: true });
  }

  /** Resolves on the next notify(), after `ms`, or at once when the signal has aborted. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** Wakes the longest waiter only: one new item needs one loop, not all of them. */
  notifyOne(): void {
    const first = this.waiters.values().next();
    if (!first.done) first.value();
  }

  /** Wakes everyone waiting now. */
  notify(): void {
    const all = [...this.waiters];
    this.waiters.clear();
    for (const w of all) w();
  }
}
