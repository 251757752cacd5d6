// Pure adaptive concurrency (AIMD on queue delay): how many jobs `rpv batch` keeps in flight.
// Starts from what /health shows (workers x per-worker concurrency), grows while jobs start
// promptly (slow start, then +1 per window), backs off multiplicatively on 429 and on a queue
// delay that grows past the baseline, and pauses submissions for a Retry-After. `--concurrency n`
// fixes the limit; the pauses still apply. Every transition is a function of (state, event, now).

/** The policy's whole state; treat as immutable. */
export interface PolicyState {
  limit: number;
  min: number;
  max: number;
  fixed: boolean;
  /** Doubling phase until the first congestion signal. */
  slowStart: boolean;
  /** Fractional growth accumulated in congestion avoidance. */
  credit: number;
  /** Lowest queue delay seen lately (ms); the "jobs start promptly" reference. */
  baselineMs?: number;
  /** Smoothed execution time (ms), which scales the tolerance and the cool-down. */
  execMs?: number;
  /** No new submissions before this time (Retry-After, 429 back-off). */
  pausedUntil: number;
  lastDecreaseAt: number;
  decreases: number;
}

/** Per-worker concurrency assumed when the endpoint does not say (worker-vllm's MAX_CONCURRENCY). */
const PER_WORKER_DEFAULT = 30;
/** Highest automatic limit: /run allows 200 concurrent requests, /status 400 concurrent polls. */
export const MAX_AUTO = 1000;
/** Pause after a 429 with no usable Retry-After. */
export const DEFAULT_PAUSE_MS = 1000;

/** Inputs of `initialPolicy`. */
export interface PolicyStart {
  /** `--concurrency n`. */
  fixed?: number;
  /** Workers /health reports (idle + running + initializing); 0 when cold. */
  workers: number;
  perWorker?: number;
  max?: number;
}

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

/** The starting state. */
export function initialPolicy(start: PolicyStart): PolicyState {
  const max = start.max ?? MAX_AUTO;
  const base = { min: 1, credit: 0, pausedUntil: 0, lastDecreaseAt: -Infinity, decreases: 0 };
  if (start.fixed !== undefined) {
    const n = Math.max(1, Math.floor(start.fixed));
    return { ...base, limit: n, max: n, fixed: true, slowStart: false };
  }
  const per = start.perWorker ?? PER_WORKER_DEFAULT;
  const limit = clamp(Math.max(1, start.workers) * per, 1, max);
  return { ...base, limit, max, fixed: false, slowStart: true };
}

/** How far above the baseline a queue delay may be and still count as prompt. */
export function toleranceMs(s: PolicyState): number {
  return Math.max(500, (s.execMs ?? 0) / 2);
}

function coolDownMs(s: PolicyState): number {
  return Math.max(1000, (s.execMs ?? 0) + (s.baselineMs ?? 0));
}

function decrease(s: PolicyState, factor: number, now: number): PolicyState {
  if (s.fixed || now - s.lastDecreaseAt < coolDownMs(s)) return { ...s, slowStart: false };
  const limit = Math.max(s.min, Math.floor(s.limit * factor));
  return { ...s, limit, slowStart: false, credit: 0, lastDecreaseAt: now, decreases: s.decreases + 1 };
}

/** A job finished: its queue delay and execution time adjust the limit. */
export function onJobDone(
  s: PolicyState,
  e: { delayMs: number | null; executionMs: number | null; inFlight: number; coldStart?: boolean },
  now: number,
): PolicyState {
  const next: PolicyState = { ...s };
  if (e.executionMs !== null && e.executionMs >= 0)
    next.execMs = next.execMs === undefined ? e.executionMs : next.execMs * 0.9 + e.executionMs * 0.1;
  if (e.delayMs === null || e.delayMs < 0) return next;
  // The baseline follows the lowest delay, and drifts up slowly so an old minimum cannot pin it.
  next.baselineMs = next.baselineMs === undefined ? e.delayMs : Math.min(e.delayMs, next.baselineMs * 1.01 + 1);
  if (next.fixed) return next;
  const over = e.delayMs - next.baselineMs;
  if (over > 2 * toleranceMs(next) && !e.coldStart) return decrease(next, 0.75, now);
  if (over > toleranceMs(next)) return next;
  // Prompt start: grow, but only while the limit is what holds the batch back.
  if (e.inFlight < next.limit - 1) return next;
  if (next.slowStart) next.limit = Math.min(next.max, next.limit + 1);
  else {
    next.credit += 1 / next.limit;
    if (next.credit >= 1) {
      next.credit -= 1;
      next.limit = Math.min(next.max, next.limit + 1);
    }
  }
  return next;
}

/** A 429: halve the limit (once per cool-down) and pause for Retry-After (or a default). */
export function onRateLimited(s: PolicyState, e: { retryAfterMs?: number }, now: number): PolicyState {
  const pause = Math.max(e.retryAfterMs ?? 0, DEFAULT_PAUSE_MS);
  const next = decrease(s, 0.5, now);
  return { ...next, pausedUntil: Math.max(s.pausedUntil, now + pause) };
}

/** A refused submission (503, connection refused...): no new submissions for `ms`. */
export function pauseFor(s: PolicyState, ms: number, now: number): PolicyState {
  return { ...s, pausedUntil: Math.max(s.pausedUntil, now + Math.max(0, ms)) };
}

/** Whether another job may be submitted now; otherwise how long to wait before asking again. */
export function admission(
  s: PolicyState,
  inFlight: number,
  now: number,
): { ok: true } | { ok: false; waitMs?: number } {
  if (now < s.pausedUntil) return { ok: false, waitMs: s.pausedUntil - now };
  if (inFlight >= s.limit) return { ok: false };
  return { ok: true };
}
