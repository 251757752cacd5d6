// Validates raw commander option values (strings) and config-profile defaults once, at the
// boundary, with zod. Every failure becomes a UsageError (exit 2) naming the flag or config key
// and the accepted range; a ZodError never escapes.
import * as z from 'zod';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import type { JobPolicy, SamplingOptions } from '../core/request.js';

/** Options shared by every command that calls an endpoint, validated. */
export interface CommonFlags {
  timeoutMs?: number;
  retries: number;
  json: boolean;
  jsonl: boolean;
  verbose: boolean;
  quiet: boolean;
  raw: boolean;
  api: 'native' | 'openai';
  model?: string;
}

type Raw = Record<string, unknown>;
interface Found {
  value: unknown;
  label: string;
}

const DEFAULT_MAX_TOKENS = 1024;
const DEFAULT_RETRIES = 4;
const SECOND = 1000;
const DAY = 86_400_000;
const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const PARAM_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

const numeric = z.union([z.number(), z.string().trim().regex(NUMERIC).transform(Number)]).pipe(z.number());
const integer = numeric.pipe(z.number().int());
const between = (min: number, max: number) => numeric.pipe(z.number().gte(min).lte(max));
const aboveZeroTo = (max: number) => numeric.pipe(z.number().gt(0).lte(max));
const intBetween = (min: number, max: number) => integer.pipe(z.number().gte(min).lte(max));
const bool = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((s) => s === 'true' || s === '1' || s === 'yes'),
]);
const webhookUrl = z.url({ protocol: /^https?$/ });
const apiKind = z.enum(['native', 'openai']);

type NumericKey =
  | 'maxTokens'
  | 'temperature'
  | 'topP'
  | 'topK'
  | 'minP'
  | 'repetitionPenalty'
  | 'presencePenalty'
  | 'frequencyPenalty'
  | 'seed'
  | 'n';
interface NumericField {
  key: NumericKey;
  name: string;
  schema: z.ZodType<number>;
  expected: string;
}

const NUMERIC_FIELDS: readonly NumericField[] = [
  {
    key: 'maxTokens',
    name: 'max-tokens',
    schema: intBetween(1, 1_000_000),
    expected: 'an integer between 1 and 1000000',
  },
  { key: 'temperature', name: 'temperature', schema: between(0, 2), expected: 'between 0 and 2' },
  { key: 'topP', name: 'top-p', schema: aboveZeroTo(1), expected: 'greater than 0 and at most 1' },
  {
    key: 'topK',
    name: 'top-k',
    schema: integer.refine((k) => k === -1 || k >= 1),
    expected: '-1 (no limit) or an integer of at least 1',
  },
  { key: 'minP', name: 'min-p', schema: between(0, 1), expected: 'between 0 and 1' },
  {
    key: 'repetitionPenalty',
    name: 'repetition-penalty',
    schema: aboveZeroTo(2),
    expected: 'greater than 0 and at most 2',
  },
  { key: 'presencePenalty', name: 'presence-penalty', schema: between(-2, 2), expected: 'between -2 and 2' },
  { key: 'frequencyPenalty', name: 'frequency-penalty', schema: between(-2, 2), expected: 'between -2 and 2' },
  { key: 'seed', name: 'seed', schema: integer, expected: 'an integer' },
  { key: 'n', name: 'n', schema: intBetween(1, 128), expected: 'an integer between 1 and 128' },
];

const camel = (kebab: string): string => kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The flag's value if given, else the config default, with the label an error should use. */
function find(raw: Raw, defaults: Raw | undefined, name: string): Found | undefined {
  const fromFlag = raw[camel(name)] ?? raw[name];
  if (fromFlag !== undefined) return { value: fromFlag, label: name.length === 1 ? `-${name}` : `--${name}` };
  const fromConfig = defaults?.[name] ?? defaults?.[camel(name)];
  if (fromConfig !== undefined && fromConfig !== null) return { value: fromConfig, label: `config key ${name}` };
  return undefined;
}

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && NUMERIC.test(value.trim())) return value.trim();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return 'an unprintable value';
  }
}

function check<T>(schema: z.ZodType<T>, found: Found, expected: string): T {
  const result = schema.safeParse(found.value);
  if (result.success) return result.data;
  throw new UsageError(`${found.label} must be ${expected} (got ${show(found.value)})`);
}

function strings(found: Found): string[] {
  const list = Array.isArray(found.value) ? found.value : [found.value];
  return list.map((item) => check(z.string().min(1), { ...found, value: item }, 'a non-empty string'));
}

function parseParams(found: Found, into: Record<string, unknown>): void {
  for (const item of strings(found)) {
    const eq = item.indexOf('=');
    if (eq === -1) {
      throw new UsageError(`${found.label} expects key=json, e.g. ignore_eos=true (got ${show(item)})`);
    }
    const key = item.slice(0, eq).trim();
    if (!PARAM_KEY.test(key)) {
      throw new UsageError(`${found.label} key must match [A-Za-z_][A-Za-z0-9_]* (got ${show(key)})`);
    }
    const text = item.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: the value is the text itself
    }
    Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** Sampling flags (and profile defaults) -> SamplingOptions; max-tokens defaults to 1024. */
export function parseSamplingFlags(raw: Raw, defaults?: Raw): SamplingOptions {
  const out: SamplingOptions = { maxTokens: DEFAULT_MAX_TOKENS };
  for (const field of NUMERIC_FIELDS) {
    const found = find(raw, defaults, field.name);
    if (found) out[field.key] = check(field.schema, found, field.expected);
  }
  const bestOf = find(raw, defaults, 'best-of');
  if (bestOf) {
    const min = out.n ?? 1;
    out.bestOf = check(integer.pipe(z.number().gte(min)), bestOf, `an integer of at least n (${min})`);
  }
  const beam = find(raw, defaults, 'use-beam-search');
  if (beam) out.useBeamSearch = check(bool, beam, 'true or false');
  const stop = find(raw, defaults, 'stop');
  if (stop) out.stop = strings(stop);
  const params: Record<string, unknown> = {};
  const fromConfig = defaults?.param;
  if (fromConfig !== undefined && fromConfig !== null) {
    parseParams({ value: fromConfig, label: 'config key param' }, params);
  }
  const fromFlag = raw.param;
  if (fromFlag !== undefined) parseParams({ value: fromFlag, label: '--param' }, params);
  if (Object.keys(params).length > 0) out.params = params;
  return out;
}

function durationWithin(found: Found, min: number, max: number, expected: string): number {
  const ms =
    typeof found.value === 'number'
      ? check(numeric, found, 'a duration like 30s, 5m, 250ms') * SECOND
      : parseDuration(String(found.value), found.label);
  if (ms < min || ms > max) throw new UsageError(`${found.label} must be ${expected} (got ${show(found.value)})`);
  return Math.round(ms);
}

/** Job policy flags -> the policy and webhook for /run; limits are the service's (5s..7d, 10s..7d). */
export function parsePolicyFlags(raw: Raw): { policy: JobPolicy; webhook?: string } {
  const policy: JobPolicy = {};
  const exec = find(raw, undefined, 'execution-timeout');
  if (exec) policy.executionTimeoutMs = durationWithin(exec, 5 * SECOND, 7 * DAY, 'between 5s and 7d');
  const ttl = find(raw, undefined, 'ttl');
  if (ttl) policy.ttlMs = durationWithin(ttl, 10 * SECOND, 7 * DAY, 'between 10s and 7d');
  const low = find(raw, undefined, 'low-priority');
  if (low) policy.lowPriority = check(bool, low, 'true or false');
  const hook = find(raw, undefined, 'webhook');
  if (!hook) return { policy };
  return { policy, webhook: check(webhookUrl, hook, 'an http(s) URL') };
}

/** Shared flags (and profile defaults for timeout, retries, api, model) -> CommonFlags. */
export function parseCommonFlags(raw: Raw, defaults?: Raw): CommonFlags {
  const flag = (name: string): boolean => {
    const found = find(raw, undefined, name);
    return found ? check(bool, found, 'true or false') : false;
  };
  const out: CommonFlags = {
    retries: DEFAULT_RETRIES,
    json: flag('json'),
    jsonl: flag('jsonl'),
    verbose: flag('verbose'),
    quiet: flag('quiet'),
    raw: flag('raw'),
    api: 'native',
  };
  if (out.json && out.jsonl) throw new UsageError('--json and --jsonl cannot be used together');
  const timeout = find(raw, defaults, 'timeout');
  if (timeout) out.timeoutMs = durationWithin(timeout, 1, Number.MAX_SAFE_INTEGER, 'greater than 0');
  const retries = find(raw, defaults, 'retries');
  if (retries) out.retries = check(intBetween(0, 10), retries, 'an integer between 0 and 10');
  const api = find(raw, defaults, 'api');
  if (api) out.api = check(apiKind, api, 'one of native, openai');
  const model = find(raw, defaults, 'model');
  if (model) out.model = check(z.string().trim().min(1), model, 'a non-empty model name');
  return out;
}
