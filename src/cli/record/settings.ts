// What the record, the cache and cost estimates should do for one command, from its parsed
// flags (profile defaults for `cache` and `cache-ttl` already under them) and the profile's
// record settings (`log-text`, `price`, `gpu`, `gpu-count`).
import { pricePerSecond } from '../../core/gpu-prices.js';

/** The resolved switches. */
export interface RecordSettings {
  /** false with `--no-log`: only what status/cancel need is kept. */
  log: boolean;
  /** false with `log-text false`: metadata only, no prompt or reply text. */
  logText: boolean;
  cache: boolean;
  cacheTtlMs: number;
  pricePerSecond?: number;
}

/** The record-related flag values, as the flag table parses them. */
export interface RecordFlags {
  cache?: boolean;
  /** Milliseconds. */
  cacheTtl?: number;
  log?: boolean;
}

/** Default time an answer stays in the cache. */
const DEFAULT_CACHE_TTL_MS = 7 * 24 * 3600 * 1000;

const isFalse = (v: unknown) => v === false || v === 'false';

/** Flags (over the profile) for the cache and logging; the profile for text logging and price. */
export function recordSettings(flags: RecordFlags, defaults: Record<string, unknown>): RecordSettings {
  return {
    log: flags.log !== false,
    logText: !isFalse(defaults['log-text']),
    cache: flags.cache === true,
    cacheTtlMs: flags.cacheTtl ?? DEFAULT_CACHE_TTL_MS,
    pricePerSecond: pricePerSecond({ price: defaults['price'], gpu: defaults['gpu'], gpuCount: defaults['gpu-count'] }),
  };
}
