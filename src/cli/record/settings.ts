// What the record, the cache and cost estimates should do for one command, from its flags and
// the profile's settings (`log-text`, `cache`, `cache-ttl`, `price`, `gpu`, `gpu-count`).
import { parseDuration } from '../../core/duration.js';
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

/** Default time an answer stays in the cache. */
export const DEFAULT_CACHE_TTL_MS = 7 * 24 * 3600 * 1000;

const isTrue = (v: unknown) => v === true || v === 'true';
const isFalse = (v: unknown) => v === false || v === 'false';

/** Flags win over the profile; `--cache-ttl` is checked here (a usage error names the flag). */
export function recordSettings(opts: Record<string, unknown>, defaults: Record<string, unknown>): RecordSettings {
  const ttlFlag = opts.cacheTtl as string | undefined;
  const ttlConfig = defaults['cache-ttl'] as string | undefined;
  const cacheTtlMs = ttlFlag !== undefined ? parseDuration(ttlFlag, '--cache-ttl') : ttlConfig !== undefined ? parseDuration(ttlConfig, 'cache-ttl (config)') : DEFAULT_CACHE_TTL_MS;
  const cache = opts.cache !== undefined ? opts.cache === true : isTrue(defaults['cache']);
  return {
    log: opts.log !== false,
    logText: !isFalse(defaults['log-text']),
    cache,
    cacheTtlMs,
    pricePerSecond: pricePerSecond({ price: defaults['price'], gpu: defaults['gpu'], gpuCount: defaults['gpu-count'] }),
  };
}
