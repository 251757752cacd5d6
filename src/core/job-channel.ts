// A tiny unbounded async queue: the job runner's concurrent parts (polls, retry callbacks, the
// queue watcher) push events into it, and one async generator hands them out in order.

/** Push values from anywhere; iterate once; `close()` ends the iteration after what is queued. */
export class Channel<T> {
  private readonly items: T[] = [];
  private waiting: (() => void) | undefined;
  private closed = false;

  /** Queues a value; ignored once closed. */
  push(value: T): void {
    if (this.closed) return;
    this.items.push(value);
    this.wake();
  }

  /** Ends the stream once the queued values are taken. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private wake(): void {
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift() as T;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }
}
