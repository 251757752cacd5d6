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
}

/**
 * A bucket that keeps any window of `windowMs` within `perWindow`: a burst of 10% of the limit
 * plus a steady rate of 90% of it (burst + rate x window = limit).
 */
export function bucketFor(l: FamilyLimits, now: number): Bucket {
  const capacity = Math.max(1, Math.floor(l.perWindow * 0.1));
  const rate = (l.perWindow - capacity) / l.windowMs;
  return { capacity, rate, tokens: capacity, at: now };
}

/** Takes one token if there is one; otherwise says how long until there will be. */
export function take(b: Bucket, now: number): { bucket: Bucket; waitMs: number } {
  const elapsed = Math.max(0, now - b.at);
  const tokens = Math.min(b.capacity, b.tokens + elapsed * b.rate);
  if (tokens >= 1) return { bucket: { ...b, tokens: tokens - 1, at: now }, waitMs: 0 };
  const waitMs = Math.ceil((1 - tokens) / b.rate);
  return { bucket: { ...b, tokens, at: now }, waitMs: Math.max(1, waitMs) };
}
