// Runpod's per-endpoint request limits (runpod-api.md 7.4): a sliding window of requests and a
// cap on requests in flight, per route group. Excess requests get a bare 429.
import { parseEmulatorDuration } from './duration.js';
import { EmulatorUsageError } from './errors.js';
import type { RouteName } from './types.js';

/** One route group's limit: `count` requests per `windowMs`, and at most `concurrent` in flight. */
export interface RateWindow {
  count: number;
  windowMs: number;
  concurrent?: number;
}

/** The groups that have limits of their own; /status-sync counts as /status. */
export const RATE_GROUPS = ['run', 'runsync', 'status', 'stream', 'cancel', 'purge-queue', 'openai'] as const;
/** A rate-limited route group. */
export type RateGroup = (typeof RATE_GROUPS)[number];
/** Limits per group; a missing group is unlimited. */
export type RateLimits = Partial<Record<RateGroup, RateWindow>>;

/** The hosted service's documented base limits (per endpoint, per 10 s). */
export const RUNPOD_LIMITS: Readonly<Record<RateGroup, RateWindow>> = {
  run: { count: 1000, windowMs: 10_000, concurrent: 200 },
  runsync: { count: 2000, windowMs: 10_000, concurrent: 400 },
  status: { count: 2000, windowMs: 10_000, concurrent: 400 },
  stream: { count: 2000, windowMs: 10_000, concurrent: 400 },
  cancel: { count: 100, windowMs: 10_000, concurrent: 20 },
  'purge-queue': { count: 2, windowMs: 10_000 },
  openai: { count: 2000, windowMs: 10_000, concurrent: 400 },
};

/** The group a route's requests count against, if any. */
function rateGroup(route: RouteName): RateGroup | undefined {
  if (route === 'status-sync') return 'status';
  return (RATE_GROUPS as readonly string[]).includes(route) ? (route as RateGroup) : undefined;
}

function scaled(divisor: number): RateLimits {
  const out: RateLimits = {};
  for (const g of RATE_GROUPS) {
    const w = RUNPOD_LIMITS[g];
    out[g] = {
      count: Math.max(1, Math.ceil(w.count / divisor)),
      windowMs: w.windowMs,
      ...(w.concurrent === undefined ? {} : { concurrent: Math.max(1, Math.ceil(w.concurrent / divisor)) }),
    };
  }
  return out;
}

const ITEM = /^([a-z-]+)=(\d+)\/([0-9a-z.]+)(?::(\d+))?$/;

/**
 * Parses `--rate-limit`: `off`, `runpod` (the real table), `runpod/<k>` (every count divided by
 * k, windows kept), and/or `route=count/window[:concurrent]` items, comma-separated, later wins.
 */
export function parseRateLimit(spec: string): RateLimits | undefined {
  const text = spec.trim().toLowerCase();
  if (text === 'off' || text === 'none' || text === '') return undefined;
  let limits: RateLimits = {};
  for (const raw of text.split(',')) {
    const item = raw.trim();
    const preset = /^runpod(?:\/(\d+(?:\.\d+)?))?$/.exec(item);
    if (preset) {
      const k = preset[1] === undefined ? 1 : Number(preset[1]);
      if (!(k >= 1)) throw new EmulatorUsageError(`--rate-limit ${JSON.stringify(item)}: the divisor must be >= 1`);
      limits = { ...limits, ...scaled(k) };
      continue;
    }
    const m = ITEM.exec(item);
    const group = m?.[1] === 'status-sync' ? 'status' : m?.[1];
    if (!m || !(RATE_GROUPS as readonly string[]).includes(group ?? '')) {
      throw new EmulatorUsageError(
        `--rate-limit must be off, runpod, runpod/<k> or <route>=<count>/<window>[:<concurrent>] with route one of ${RATE_GROUPS.join(', ')} (got ${JSON.stringify(item)})`,
      );
    }
    const windowMs = parseEmulatorDuration('--rate-limit window', m[3] ?? '', 's');
    const count = Number(m[2]);
    if (count < 1 || windowMs < 1)
      throw new EmulatorUsageError(`--rate-limit ${JSON.stringify(item)}: count and window must be > 0`);
    limits[group as RateGroup] = {
      count,
      windowMs,
      ...(m[4] === undefined ? {} : { concurrent: Math.max(1, Number(m[4])) }),
    };
  }
  return limits;
}

/** A request that was let through: call `done` when its response has ended. */
export type Admission = { ok: true; done: () => void } | { ok: false; retryAfterS: number };

/** Counts requests per endpoint and group against the limits. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();

  /** Admits or refuses one request; refusals are not counted against the window. */
  admit(limits: RateLimits | undefined, endpointId: string, route: RouteName, now = Date.now()): Admission {
    const group = rateGroup(route);
    const limit = group === undefined ? undefined : limits?.[group];
    if (group === undefined || limit === undefined) return { ok: true, done: () => undefined };
    const key = `${endpointId}\u0000${group}`;
    let times = this.hits.get(key);
    if (!times) this.hits.set(key, (times = []));
    // Times are in arrival order: drop the ones that left the window from the front.
    let gone = 0;
    while (gone < times.length && times[gone]! <= now - limit.windowMs) gone++;
    if (gone > 0) times.splice(0, gone);
    const busy = this.inFlight.get(key) ?? 0;
    if (times.length >= limit.count) {
      const oldest = times[0] ?? now;
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((oldest + limit.windowMs - now) / 1000)) };
    }
    if (limit.concurrent !== undefined && busy >= limit.concurrent) return { ok: false, retryAfterS: 1 };
    times.push(now);
    this.inFlight.set(key, busy + 1);
    let released = false;
    return {
      ok: true,
      done: () => {
        if (released) return;
        released = true;
        this.inFlight.set(key, Math.max(0, (this.inFlight.get(key) ?? 1) - 1));
      },
    };
  }
}
