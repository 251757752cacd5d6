// The answer cache: deterministic requests (temperature 0 or a seed) keyed by a hash of
// everything that changes the answer. Entries expire after their TTL; a hit counts itself.
import type { Store } from './db.js';

/** What a cached answer holds: enough to replay the reply exactly. */
export interface CachedAnswer {
  jobId?: string;
  text: string;
  choices: string[];
  usage: { promptTokens?: number; completionTokens?: number; estimated?: boolean };
  finishReason?: string;
}

/** The live entry for `key`, counted as a hit; undefined when absent, expired, or older than `maxAgeMs`. */
export function cacheGet(store: Store, key: string, now = new Date(), maxAgeMs = Infinity): CachedAnswer | undefined {
  const oldest = Number.isFinite(maxAgeMs) ? new Date(now.getTime() - maxAgeMs).toISOString() : '';
  const row = store.db
    .prepare('SELECT answer FROM cache WHERE key = ? AND expires_at > ? AND created_at > ?')
    .get(key, now.toISOString(), oldest) as { answer: string } | undefined;
  if (!row) return undefined;
  let answer: CachedAnswer;
  try {
    answer = JSON.parse(row.answer) as CachedAnswer;
  } catch {
    return undefined;
  }
  if (typeof answer.text !== 'string' || !Array.isArray(answer.choices)) return undefined;
  store.db.prepare('UPDATE cache SET hits = hits + 1, last_hit_at = ? WHERE key = ?').run(now.toISOString(), key);
  return answer;
}

/** Stores an answer for `ttlMs`, replacing an older one. */
export function cachePut(
  store: Store,
  key: string,
  endpoint: string,
  answer: CachedAnswer,
  ttlMs: number,
  now = new Date(),
): void {
  const json = JSON.stringify({
    jobId: answer.jobId,
    text: answer.text,
    choices: answer.choices,
    usage: {
      promptTokens: answer.usage.promptTokens,
      completionTokens: answer.usage.completionTokens,
      estimated: answer.usage.estimated,
    },
    finishReason: answer.finishReason,
  });
  store.db
    .prepare(
      `INSERT INTO cache (key, created_at, expires_at, job_id, endpoint, answer, bytes, hits) VALUES (?, ?, ?, ?, ?, ?, ?, 0)
       ON CONFLICT(key) DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at,
       job_id = excluded.job_id, endpoint = excluded.endpoint, answer = excluded.answer, bytes = excluded.bytes, hits = 0`,
    )
    .run(
      key,
      now.toISOString(),
      new Date(now.getTime() + ttlMs).toISOString(),
      answer.jobId ?? null,
      endpoint,
      json,
      Buffer.byteLength(json),
    );
  // Expired answers go when a new one comes, so the cache does not grow without bound.
  cachePrune(store, now);
}

/** What `rpv cache stats` reports. */
export interface CacheStats {
  entries: number;
  expired: number;
  bytes: number;
  hits: number;
}

/** Counts of the cache. */
export function cacheStats(store: Store, now = new Date()): CacheStats {
  const row = store.db
    .prepare(
      'SELECT count(*) AS entries, coalesce(sum(expires_at <= ?), 0) AS expired, coalesce(sum(bytes), 0) AS bytes, coalesce(sum(hits), 0) AS hits FROM cache',
    )
    .get(now.toISOString()) as Record<string, number | bigint>;
  const n = (v: unknown) => Number(v ?? 0);
  return { entries: n(row['entries']), expired: n(row['expired']), bytes: n(row['bytes']), hits: n(row['hits']) };
}

/** Empties the cache; returns how many entries went. */
export function cacheClear(store: Store): number {
  return store.db.prepare('DELETE FROM cache').run().changes;
}

/** Drops expired entries (done now and then on a write, so the file does not grow forever). */
export function cachePrune(store: Store, now = new Date()): number {
  return store.db.prepare('DELETE FROM cache WHERE expires_at <= ?').run(now.toISOString()).changes;
}
