// The emulator's live settings: defaults, and validated merging of partial options coming from
// code, the /_emulator/config route or the CLI.
import { UsageError } from '../core/errors.js';
import type { WorkerGeneration } from './types.js';

/** Every option resolved to a value (apiKey and log stay optional). */
export interface Settings {
  host: string;
  port: number;
  worker: WorkerGeneration;
  tokenDelayMs: number;
  coldStartMs: number;
  idleTimeoutMs: number;
  apiKey?: string;
  streamWaitMs: number;
  retentionMs: number;
  slowMs: number;
  seed: number;
  log?: (line: string) => void;
}

/** Defaults from the brief: the hosted service's own defaults where it has one. */
export function defaultSettings(): Settings {
  return {
    host: '127.0.0.1',
    port: 0,
    worker: 'openai',
    tokenDelayMs: 20,
    coldStartMs: 0,
    idleTimeoutMs: 60_000,
    streamWaitMs: 10_000,
    retentionMs: 30 * 60_000,
    slowMs: 5_000,
    seed: 0,
  };
}

const DURATION_KEYS = ['tokenDelayMs', 'coldStartMs', 'idleTimeoutMs', 'streamWaitMs', 'retentionMs', 'slowMs'] as const;

/** Applies a partial set of options onto `target`; throws UsageError naming a bad option. */
export function mergeOptions(target: Settings, partial: unknown): void {
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    throw new UsageError('emulator options must be an object');
  }
  const p = partial as Record<string, unknown>;
  const known = new Set<string>([...DURATION_KEYS, 'host', 'port', 'worker', 'apiKey', 'seed', 'log', 'faults']);
  for (const key of Object.keys(p)) if (!known.has(key)) throw new UsageError(`unknown emulator option ${key}`);
  for (const key of DURATION_KEYS) {
    const v = p[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new UsageError(`${key} must be a number of milliseconds >= 0`);
    target[key] = v;
  }
  if (p.worker !== undefined) {
    if (p.worker !== 'legacy' && p.worker !== 'openai') throw new UsageError('worker must be legacy or openai');
    target.worker = p.worker;
  }
  if (p.host !== undefined) {
    if (typeof p.host !== 'string' || p.host === '') throw new UsageError('host must be a non-empty string');
    target.host = p.host;
  }
  if (p.port !== undefined) {
    if (typeof p.port !== 'number' || !Number.isInteger(p.port) || p.port < 0 || p.port > 65535) throw new UsageError('port must be 0..65535');
    target.port = p.port;
  }
  if (p.seed !== undefined) {
    if (typeof p.seed !== 'number' || !Number.isFinite(p.seed)) throw new UsageError('seed must be a number');
    target.seed = p.seed;
  }
  if (p.apiKey !== undefined) {
    if (typeof p.apiKey !== 'string') throw new UsageError('apiKey must be a string');
    if (p.apiKey === '') delete target.apiKey;
    else target.apiKey = p.apiKey;
  }
  if (p.log !== undefined) {
    if (typeof p.log !== 'function') throw new UsageError('log must be a function');
    target.log = p.log as (line: string) => void;
  }
}

