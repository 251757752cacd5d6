// Pure token buckets, one per route family, sized from Runpod's per-endpoint limits
// (runpod-api.md 7.4): over any 10 s window a family never sends more than its limit, and never
// holds more than its concurrent allowance open. The async gate around them is in budget-gate.ts.

/** Limits of one route family. */
export interface FamilyLimits {
  /** Requests per window. */
  perWindow: number;
  windowMs: number;
  /** Requests open at once. */
  concurrent: number;
}

/** Runpod's documented per-endpoint limits (per 10 s window). */
export const RUNPOD_LIMITS = {
  run: { perWindow: 1000, windowMs: 10_000, concurrent: 200 },
  status: { perWindow: 2000, windowMs: 10_000, concurrent: 400 },
  cancel: { perWindow: 100, windowMs: 10_000, concurrent: 20 },
  health: { perWindow: 20, windowMs: 10_000, concurrent: 2 },
} as const satisfies Record<string, FamilyLimits>;

/** The route families rpv batch budgets. */
export type Family = keyof typeof RUNPOD_LIMITS;

/** A token bucket's state; treat as immutable. */
export interface Bucket {
  capacity: number;
  /** Tokens added per millisecond. */
  rate: number;
  tokens: number;
  at: number;
  /** The steady rate of the documented limit, which a slowed bucket climbs back to. */
  maxRate: number;
  /** The documented burst, which the capacity shrinks from in proportion to the rate. */
  maxCapacity: number;
  /** When a 429 last cut the rate. */
  cutAt: number;
}

/**
 * The share of a window's limit rpv sends, and the time it adds to the window: the service counts
 * arrivals, which a busy event loop on either side can bring closer together than the sends were.
 */
const WINDOW_SHARE = 0.98;
export const WINDOW_SLACK_MS = 300;

/** How many calls of a family any window may hold (a little under the limit). */
export function windowAllowance(l: FamilyLimits): number {
  return Math.max(1, Math.floor(l.perWindow * WINDOW_SHARE));
}

/**
 * A bucket that paces a family: a burst of 10% of the limit, then the limit's steady rate. The
 * bucket alone could let a window hold the burst on top of a window's worth; the send log
 * (`SendLog`) is what keeps every window within `windowAllowance`.
 */
export function bucketFor(l: FamilyLimits, now: number): Bucket {
  const capacity = Math.max(1, Math.floor(l.perWindow * 0.1));
  const rate = windowAllowance(l) / (l.windowMs + WINDOW_SLACK_MS);
  return { capacity, rate, tokens: capacity, at: now, maxRate: rate, maxCapacity: capacity, cutAt: -Infinity };
}

/**
 * The times of a family's last `windowAllowance` calls: a call may go when the oldest of them has
 * left the window, so no window (sliding or fixed) ever holds more than the allowance.
 */
export class SendLog {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** 0 when a call may go now; otherwise how long until one may. */
  waitMs(now: number): number {
    if (this.times.length < this.max) return 0;
    return Math.max(0, this.times[this.head]! + this.windowMs - now);
  }

  /** A call went at `now` (after `waitMs` said 0). */
  add(now: number): void {
    if (this.times.length < this.max) this.times.push(now);
    else {
      this.times[this.head] = now;
      this.head = (this.head + 1) % this.max;
    }
  }
}

/** Takes one token if there is one; otherwise says how long until there will be. */
export function take(b: Bucket, now: number): { bucket: Bucket; waitMs: number } {
  const elapsed = Math.max(0, now - b.at);
  const tokens = Math.min(b.capacity, b.tokens + elapsed * b.rate);
  if (tokens >= 1) return { bucket: { ...b, tokens: tokens - 1, at: now }, waitMs: 0 };
  const waitMs = Math.ceil((1 - tokens) / b.rate);
  return { bucket: { ...b, tokens, at: now }, waitMs: Math.max(1, waitMs) };
}

/** The slowest a rate-limited family goes: one call per this many ms. */
const MIN_GAP_MS = 2_000;
/** Each call that goes through adds this share of the documented rate back (additive increase). */
const RECOVERY_SHARE = 1 / 200;

/** The bucket at another rate, its burst scaled with it. */
function withRate(b: Bucket, rate: number): Bucket {
  return { ...b, rate, capacity: Math.max(1, Math.floor((b.maxCapacity * rate) / b.maxRate)) };
}

/** The 429s within this long of a cut are one signal (one burst, already answered). */
const CUT_EVERY_MS = 1_000;

/**
 * A 429: the endpoint's real limit is below the budget. The steady rate halves (at most once per
 * CUT_EVERY_MS: the 429s of one burst are one signal, never below one call per MIN_GAP_MS), the
 * burst empties, and no call goes before the pause: the Retry-After when the reply had one, else
 * five gaps of the new rate (a quarter second to two seconds), so a full window is not probed
 * at the full pace.
 */
export function slowDown(b: Bucket, now: number, retryAfterMs?: number): Bucket {
  const cut = now - b.cutAt >= CUT_EVERY_MS;
  const next = cut ? withRate(b, Math.max(1 / MIN_GAP_MS, b.rate / 2)) : b;
  const pauseMs = retryAfterMs ?? Math.min(2_000, Math.max(250, 5 / next.rate));
  const elapsed = Math.max(0, now - b.at);
  const tokens = Math.min(0, b.tokens + elapsed * b.rate, 1 - pauseMs * next.rate);
  return { ...next, tokens, at: now, cutAt: cut ? now : b.cutAt };
}

/** A call went through: a slowed bucket's rate climbs back toward the documented one. */
export function speedUp(b: Bucket): Bucket {
  if (b.rate >= b.maxRate) return b;
  return withRate(b, Math.min(b.maxRate, b.rate + b.maxRate * RECOVERY_SHARE));
}
