// What rpv has learnt about each endpoint from its jobs' output: which worker-vllm generation
// answers there. Only the proxy generation (>= v2.24) may be sent `stream_options` (exact usage
// on native streams); the legacy one FAILs a job on any unknown sampling key, and the generation
// shows only in a job's output. One small JSON file in the data folder, 0600, written atomically.
import path from 'node:path';
import { dataDir, type Env } from '../core/paths.js';
import { readTextIfExists, writeFileAtomic } from '../core/private-fs.js';

/** The worker-vllm output generation seen on an endpoint. */
export type WorkerGeneration = 'legacy' | 'openai';

interface Fact {
  generation: WorkerGeneration;
  /** ISO time it was last seen. */
  seenAt: string;
}

const MAX_ENDPOINTS = 500;

/** The file the facts live in. */
function endpointFactsFile(env: Env): string {
  return path.join(dataDir(env), 'endpoint-facts.json');
}

/** The key of an endpoint: the same ID behind another base URL is another deployment. */
function keyOf(baseUrl: string, endpoint: string): string {
  return `${baseUrl.replace(/\/+$/, '')} ${endpoint}`;
}

function readAll(env: Env): Record<string, Fact> {
  try {
    const text = readTextIfExists(endpointFactsFile(env));
    if (text === undefined) return {};
    const json = JSON.parse(text) as unknown;
    const endpoints = (json as { endpoints?: unknown } | null)?.endpoints;
    if (typeof endpoints !== 'object' || endpoints === null || Array.isArray(endpoints)) return {};
    const out: Record<string, Fact> = {};
    for (const [k, v] of Object.entries(endpoints as Record<string, unknown>)) {
      const g = (v as { generation?: unknown } | null)?.generation;
      const seenAt = (v as { seenAt?: unknown } | null)?.seenAt;
      if ((g === 'legacy' || g === 'openai') && typeof seenAt === 'string') out[k] = { generation: g, seenAt };
    }
    return out;
  } catch {
    // A damaged or unreadable file only means nothing is known.
    return {};
  }
}

/** The generation last seen on the endpoint, if any job's output showed it. */
export function knownGeneration(env: Env, baseUrl: string, endpoint: string): WorkerGeneration | undefined {
  return readAll(env)[keyOf(baseUrl, endpoint)]?.generation;
}

/** Remembers the generation a job's output showed; false when the data folder is not writable. */
export function rememberGeneration(
  env: Env,
  baseUrl: string,
  endpoint: string,
  generation: WorkerGeneration,
  now = new Date(),
): boolean {
  const all = readAll(env);
  const key = keyOf(baseUrl, endpoint);
  if (all[key]?.generation === generation) return true;
  all[key] = { generation, seenAt: now.toISOString() };
  const kept = Object.entries(all)
    .sort((a, b) => b[1].seenAt.localeCompare(a[1].seenAt))
    .slice(0, MAX_ENDPOINTS);
  try {
    writeFileAtomic(
      endpointFactsFile(env),
      `${JSON.stringify({ version: 1, endpoints: Object.fromEntries(kept) }, null, 1)}\n`,
    );
    return true;
  } catch {
    return false;
  }
}
