// The emulator's live settings: defaults, and validated merging of partial options coming from
// code, the /_emulator/config route or the CLI.
import { EmulatorUsageError } from './errors.js';
import { parseRateLimit, RATE_GROUPS, type RateLimits } from './rate-limit.js';
import type { ModelKind, ReasoningField, WorkerGeneration } from './types.js';

/** Every option resolved to a value (apiKey, log, rateLimit and replyText stay optional). */
export interface Settings {
  host: string;
  port: number;
  worker: WorkerGeneration;
  tokenDelayMs: number;
  coldStartMs: number;
  idleTimeoutMs: number;
  workers: number;
  concurrency: number;
  jobDurationMs: number;
  rateLimit?: RateLimits;
  rateLimitRetryAfter: boolean;
  modelKind: ModelKind;
  reasoningField: ReasoningField;
  reasoningTokens: number;
  speculativeTokens: number;
  replyText?: string;
  apiKey?: string;
  streamWaitMs: number;
  retentionMs: number;
  slowMs: number;
  seed: number;
  log?: (line: string) => void;
}

/** Defaults: the hosted service's own where it has one, fast for tests otherwise. */
export function defaultSettings(): Settings {
  return {
    host: '127.0.0.1',
    port: 0,
    worker: 'openai',
    tokenDelayMs: 20,
    coldStartMs: 0,
    idleTimeoutMs: 5_000,
    workers: 3,
    concurrency: 30,
    jobDurationMs: 0,
    rateLimitRetryAfter: false,
    modelKind: 'plain',
    reasoningField: 'reasoning',
    reasoningTokens: 16,
    speculativeTokens: 0,
    streamWaitMs: 10_000,
    retentionMs: 30 * 60_000,
    slowMs: 5_000,
    seed: 0,
  };
}

const DURATION_KEYS = [
  'tokenDelayMs',
  'coldStartMs',
  'idleTimeoutMs',
  'jobDurationMs',
  'streamWaitMs',
  'retentionMs',
  'slowMs',
] as const;
const COUNT_KEYS = {
  workers: [0, 1000],
  concurrency: [1, 100_000],
  reasoningTokens: [0, 100_000],
  speculativeTokens: [0, 16],
} as const;
const OTHER_KEYS = [
  'host',
  'port',
  'worker',
  'apiKey',
  'seed',
  'log',
  'faults',
  'rateLimit',
  'rateLimitRetryAfter',
  'modelKind',
  'reasoningField',
  'replyText',
];

function oneOf<T extends string>(key: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    throw new EmulatorUsageError(`${key} must be ${allowed.join(' or ')}`);
  return v as T;
}

function rateLimitOption(v: unknown): RateLimits | undefined {
  if (v === null) return undefined;
  if (typeof v === 'string') return parseRateLimit(v);
  if (typeof v !== 'object' || Array.isArray(v))
    throw new EmulatorUsageError('rateLimit must be a spec string, an object of windows, or null');
  const out: RateLimits = {};
  for (const [group, w] of Object.entries(v as Record<string, unknown>)) {
    const win = (w ?? {}) as { count?: unknown; windowMs?: unknown; concurrent?: unknown };
    const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1;
    if (
      !(RATE_GROUPS as readonly string[]).includes(group) ||
      !ok(win.count) ||
      !ok(win.windowMs) ||
      (win.concurrent !== undefined && !ok(win.concurrent))
    ) {
      throw new EmulatorUsageError(
        `rateLimit.${group} must be {count, windowMs[, concurrent]} for one of ${RATE_GROUPS.join(', ')}`,
      );
    }
    out[group as keyof RateLimits] = {
      count: win.count as number,
      windowMs: win.windowMs as number,
      ...(win.concurrent === undefined ? {} : { concurrent: win.concurrent as number }),
    };
  }
  return out;
}

/** Applies a partial set of options onto `target`; throws EmulatorUsageError naming a bad option. */
export function mergeOptions(target: Settings, partial: unknown): void {
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    throw new EmulatorUsageError('emulator options must be an object');
  }
  const p = partial as Record<string, unknown>;
  const known = new Set<string>([...DURATION_KEYS, ...Object.keys(COUNT_KEYS), ...OTHER_KEYS]);
  for (const key of Object.keys(p)) if (!known.has(key)) throw new EmulatorUsageError(`unknown emulator option ${key}`);
  for (const key of DURATION_KEYS) {
    const v = p[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new EmulatorUsageError(`${key} must be a number of milliseconds >= 0`);
    target[key] = v;
  }
  for (const [key, [min, max]] of Object.entries(COUNT_KEYS) as [
    keyof typeof COUNT_KEYS,
    readonly [number, number],
  ][]) {
    const v = p[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new EmulatorUsageError(`${key} must be an integer between ${min} and ${max} (got ${JSON.stringify(v)})`);
    target[key] = v;
  }
  if (p.worker !== undefined) target.worker = oneOf('worker', p.worker, ['legacy', 'openai'] as const);
  if (p.modelKind !== undefined) target.modelKind = oneOf('modelKind', p.modelKind, ['plain', 'reasoning'] as const);
  if (p.reasoningField !== undefined)
    target.reasoningField = oneOf('reasoningField', p.reasoningField, ['reasoning', 'reasoning_content'] as const);
  if (p.rateLimit !== undefined) {
    const limits = rateLimitOption(p.rateLimit);
    if (limits === undefined) delete target.rateLimit;
    else target.rateLimit = limits;
  }
  if (p.rateLimitRetryAfter !== undefined) {
    if (typeof p.rateLimitRetryAfter !== 'boolean')
      throw new EmulatorUsageError('rateLimitRetryAfter must be true or false');
    target.rateLimitRetryAfter = p.rateLimitRetryAfter;
  }
  if (p.replyText !== undefined) {
    if (p.replyText !== null && (typeof p.replyText !== 'string' || p.replyText === ''))
      throw new EmulatorUsageError('replyText must be a non-empty string or null');
    if (p.replyText === null) delete target.replyText;
    else target.replyText = p.replyText;
  }
  if (p.host !== undefined) {
    if (typeof p.host !== 'string' || p.host === '') throw new EmulatorUsageError('host must be a non-empty string');
    target.host = p.host;
  }
  if (p.port !== undefined) {
    if (typeof p.port !== 'number' || !Number.isInteger(p.port) || p.port < 0 || p.port > 65535)
      throw new EmulatorUsageError('port must be 0..65535');
    target.port = p.port;
  }
  if (p.seed !== undefined) {
    if (typeof p.seed !== 'number' || !Number.isFinite(p.seed)) throw new EmulatorUsageError('seed must be a number');
    target.seed = p.seed;
  }
  if (p.apiKey !== undefined) {
    if (typeof p.apiKey !== 'string') throw new EmulatorUsageError('apiKey must be a string');
    if (p.apiKey === '') delete target.apiKey;
    else target.apiKey = p.apiKey;
  }
  if (p.log !== undefined) {
    if (typeof p.log !== 'function') throw new EmulatorUsageError('log must be a function');
    target.log = p.log as (line: string) => void;
  }
}
