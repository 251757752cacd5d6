// A level-free wake-up for the batch loops: waiters sleep until something changed (a job ended, a
// slot freed) or a timeout passed, instead of polling in a tight loop.

/** Wakes every current waiter on `notify()`. */
export class Wake {
  private waiters = new Set<() => void>();

  /** Resolves on the next notify(), after `ms`, or when `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  /** Wakes everyone waiting now. */
  notify(): void {
    const all = [...this.waiters];
    this.waiters.clear();
    for (const w of all) w();
  }
}
