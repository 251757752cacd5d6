// Tokens can arrive hundreds of times a second; React state must not change that often (the
// classic Ink flicker). Deltas collect here and leave at most once per frame. The clock is
// injected so the frame rate is tested without real time.

/** The timer functions the UI uses, injectable for tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The deltas of one frame: text per choice index, and when the first and last arrived. */
export interface TokenBatch {
  texts: string[];
  count: number;
  firstAt: number;
  lastAt: number;
}

/** ~30 frames a second. */
export const FRAME_MS = 33;

/** Collects token deltas and hands them on at most once every `frameMs`. */
export class FrameBatcher {
  private texts: string[] = [];
  private count = 0;
  private firstAt = 0;
  private lastAt = 0;
  private timer: unknown = undefined;
  private lastFlush = -Infinity;

  constructor(
    private readonly onFlush: (batch: TokenBatch) => void,
    private readonly clock: Clock = systemClock,
    private readonly frameMs: number = FRAME_MS,
  ) {}

  /** Adds one delta; flushes now if a frame has passed since the last flush, else schedules. */
  add(index: number, text: string): void {
    const now = this.clock.now();
    if (this.count === 0) this.firstAt = now;
    this.lastAt = now;
    this.texts[index] = (this.texts[index] ?? '') + text;
    this.count++;
    if (this.timer !== undefined) return;
    const wait = this.lastFlush + this.frameMs - now;
    if (wait <= 0) this.flush();
    else this.timer = this.clock.setTimeout(() => this.flush(), wait);
  }

  /** Hands on whatever is pending (used before any non-token event, to keep order). */
  flush(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.count === 0) return;
    const batch: TokenBatch = { texts: this.texts, count: this.count, firstAt: this.firstAt, lastAt: this.lastAt };
    this.texts = [];
    this.count = 0;
    this.lastFlush = this.clock.now();
    this.onFlush(batch);
  }

  /** Stops the timer and drops pending deltas. */
  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.texts = [];
    this.count = 0;
  }
}
