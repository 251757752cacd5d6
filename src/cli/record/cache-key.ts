// Which requests the cache may answer, and the key it files them under. Pure.
import { createRequire } from 'node:module';
import type { SamplingOptions } from '../../core/request.js';

/** Deterministic: temperature 0 or a seed, after `--param` overrides (they win, as in the request). */
export function isDeterministic(s: SamplingOptions): boolean {
  const params = s.params ?? {};
  const temperature = 'temperature' in params ? params['temperature'] : s.temperature;
  const seed = 'seed' in params ? params['seed'] : s.seed;
  return temperature === 0 || (typeof seed === 'number' && Number.isFinite(seed));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

/** Everything that changes the answer. */
export interface CacheKeyParts {
  baseUrl: string;
  endpoint: string;
  route: string;
  model?: string;
  input: { prompt: string } | { messages: unknown[] };
  sampling: SamplingOptions;
}

// node:crypto is required only when a key is made: importing it as an ES module costs every
// `complete` ~4 ms of start-up, most of which never needs a key.
const requireBuiltin = createRequire(import.meta.url);

/** SHA-256 over a canonical JSON of the parts (keys sorted, so flag order does not matter). */
export function cacheKey(parts: CacheKeyParts): string {
  const text = JSON.stringify(canonical({ v: 1, ...parts, model: parts.model ?? null }));
  const { createHash } = requireBuiltin('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(text).digest('hex');
}
