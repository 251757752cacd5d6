// One clock for deadlines and durations: epoch-like milliseconds that never jump. It is the
// process start's wall time plus a monotonic count, so a wall-clock step (NTP, a suspended
// laptop, a user's `date -s`) can neither stretch nor cut short a --timeout or skew a timing.

const origin = performance.timeOrigin;

/** Whole milliseconds on the monotonic clock, comparable with any other value it returned (and, closely, with Date.now at start). */
export function monotonicNow(): number {
  return Math.round(origin + performance.now());
}
