// The async side of the rate budget: every HTTP call of a batch first waits for its family's
// token and a free concurrent slot, so submissions and polls stay within Runpod's limits.
import { sleep as abortableSleep } from '../core/sleep.js';
import {
  bucketFor,
  RUNPOD_LIMITS,
  SendLog,
  slowDown,
  speedUp,
  take,
  windowAllowance,
  WINDOW_SLACK_MS,
  type Bucket,
  type Family,
  type FamilyLimits,
} from './rate-budget.js';

interface Lane {
  bucket: Bucket;
  log: SendLog;
  limits: FamilyLimits;
  open: number;
  waiters: (() => void)[];
  /** Token takers queue here one at a time, so only one of them ever sleeps for the next token. */
  turn: Promise<unknown>;
}

/** Per-family gates; `now`/`sleep` injectable for tests. */
export class BudgetGate {
  private readonly lanes = new Map<Family, Lane>();
  /** Calls made per family (the summary's request counts). */
  readonly sent: Record<Family, number> = { run: 0, status: 0, cancel: 0, health: 0 };

  constructor(
    limits: Partial<Record<Family, FamilyLimits>> = {},
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
  ) {
    for (const family of Object.keys(RUNPOD_LIMITS) as Family[]) {
      const l = limits[family] ?? RUNPOD_LIMITS[family];
      this.lanes.set(family, {
        bucket: bucketFor(l, now()),
        log: new SendLog(windowAllowance(l), l.windowMs + WINDOW_SLACK_MS),
        limits: l,
        open: 0,
        waiters: [],
        turn: Promise.resolve(),
      });
    }
  }

  /** A call of the family got a 429: slow its pace, and wait out a Retry-After. */
  rateLimited(family: Family, retryAfterMs?: number): void {
    const lane = this.lanes.get(family)!;
    lane.bucket = slowDown(lane.bucket, this.now(), retryAfterMs);
  }

  /** A call of the family went through: a slowed pace recovers a step. */
  succeeded(family: Family): void {
    const lane = this.lanes.get(family)!;
    lane.bucket = speedUp(lane.bucket);
  }

  /** Runs `fn` once the family has a token and a slot; false when `signal` aborted first. */
  async with<T>(family: Family, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T | typeof ABORTED> {
    const lane = this.lanes.get(family)!;
    const mine = lane.turn.then(async () => {
      for (;;) {
        if (signal?.aborted) return false;
        const t = take(lane.bucket, this.now());
        lane.bucket = t.bucket;
        if (t.waitMs === 0) return true;
        await this.sleep(t.waitMs, signal);
      }
    });
    lane.turn = mine;
    if (!(await mine)) return ABORTED;
    if (signal?.aborted) return ABORTED;
    for (;;) {
      if (signal?.aborted) return ABORTED;
      if (lane.open < lane.limits.concurrent) {
        // The log is checked and written in one step, just before the call goes.
        const waitMs = lane.log.waitMs(this.now());
        if (waitMs === 0) break;
        await this.sleep(waitMs, signal);
        continue;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal?.removeEventListener('abort', wake);
          const at = lane.waiters.indexOf(wake);
          if (at !== -1) lane.waiters.splice(at, 1);
          resolve();
        };
        lane.waiters.push(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
    lane.log.add(this.now());
    lane.open++;
    this.sent[family]++;
    try {
      return await fn();
    } finally {
      lane.open--;
      lane.waiters.shift()?.();
    }
  }
}

/** Returned by `BudgetGate.with` when the signal aborted before the call was made. */
export const ABORTED: unique symbol = Symbol('aborted');
