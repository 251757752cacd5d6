// A command's flags parsed once into one typed object. Commands read this object, never
// Commander's raw options; profile defaults are merged in by `withProfile` once the config is
// read (a bad flag is a usage error before any setting is looked at).
import { UsageError } from '../errors.js';
import type { GroupValues } from './index.js';
import { parseGroup, samplingSources, type SamplingSource } from './parse.js';
import type { CommandName, FlagGroup } from './spec.js';

type Raw = Record<string, unknown>;

/** Validated sampling options; only the fields that are set are sent (a row with a default always is). */
export type SamplingOptions = Omit<GroupValues<'sampling'>, 'param'> & {
  /** Any other vLLM sampling field from `--param key=json`; merged last, so it wins. */
  params?: Record<string, unknown>;
};

/** Retention and scheduling of a queued job, in the units the CLI works with. */
export interface JobPolicy {
  executionTimeoutMs?: number;
  ttlMs?: number;
  lowPriority?: boolean;
}

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

/** Every flag value of a command, flat, keyed as Commander keys them. */
export type FlagValues = GroupValues<'common'> &
  GroupValues<'route'> &
  GroupValues<'output'> &
  GroupValues<'chat'> &
  GroupValues<'status'> &
  GroupValues<'health'> &
  GroupValues<'record'> &
  GroupValues<'jobref'> &
  GroupValues<'log'> &
  GroupValues<'batch'>;

/** One command's parsed flags. */
export interface ParsedFlags {
  /** Flags as typed (table defaults applied), no profile values. */
  values: FlagValues;
  common: CommonFlags;
  sampling: SamplingOptions;
  policy: JobPolicy;
  webhook?: string;
  /** The same with a profile's defaults (by config key) under the flags. */
  withProfile(defaults: Raw): { values: FlagValues; common: CommonFlags; sampling: SamplingOptions };
  /** Where each sampling field sent comes from (flag, profile, default), by its vLLM name. */
  samplingSources(defaults: Raw): Record<string, SamplingSource>;
}

const GROUPS: Record<CommandName, readonly FlagGroup[]> = {
  complete: ['common', 'route', 'sampling', 'policy', 'output', 'record'],
  chat: ['common', 'route', 'sampling', 'policy', 'output', 'chat', 'record'],
  status: ['common', 'output', 'status', 'jobref'],
  cancel: ['common', 'jobref'],
  health: ['common', 'health'],
  models: ['common'],
  config: ['common'],
  emulate: [],
  log: ['common', 'log'],
  stats: ['common', 'log'],
  cache: ['common'],
  batch: ['common', 'route', 'sampling', 'policy', 'batch'],
};

/** Sampling flags (and profile defaults) -> SamplingOptions, table defaults applied. */
export function parseSamplingFlags(raw: Raw, defaults?: Raw): SamplingOptions {
  const { param, ...rest } = parseGroup('sampling', raw, defaults);
  return (param ? { ...rest, params: param } : rest) as SamplingOptions;
}

/** Job policy flags -> the policy and webhook for /run; limits are the service's (5s..7d, 10s..7d). */
export function parsePolicyFlags(raw: Raw): { policy: JobPolicy; webhook?: string } {
  const v = parseGroup('policy', raw);
  const policy: JobPolicy = {};
  if (v.executionTimeout !== undefined) policy.executionTimeoutMs = v.executionTimeout;
  if (v.ttl !== undefined) policy.ttlMs = v.ttl;
  if (v.lowPriority !== undefined) policy.lowPriority = v.lowPriority;
  return v.webhook === undefined ? { policy } : { policy, webhook: v.webhook };
}

/** Shared flags (and profile defaults for timeout, retries, api, model) -> CommonFlags. */
export function parseCommonFlags(raw: Raw, defaults?: Raw): CommonFlags {
  const c = parseGroup('common', raw, defaults);
  const o = parseGroup('output', raw);
  const r = parseGroup('route', raw, defaults);
  const out: CommonFlags = {
    retries: c.retries,
    json: c.json ?? false,
    jsonl: o.jsonl ?? false,
    verbose: c.verbose ?? false,
    quiet: c.quiet ?? false,
    raw: o.raw ?? false,
    api: r.api ?? 'native',
  };
  if (out.json && out.jsonl) throw new UsageError('--json and --jsonl cannot be used together');
  if (c.timeout !== undefined) out.timeoutMs = c.timeout;
  if (r.model !== undefined) out.model = r.model;
  return out;
}

function valuesOf(command: CommandName, raw: Raw, defaults?: Raw): FlagValues {
  const values: Record<string, unknown> = {};
  for (const group of GROUPS[command]) {
    if (group !== 'sampling' && group !== 'policy') Object.assign(values, parseGroup(group, raw, defaults));
  }
  return values as FlagValues;
}

/** Parses every flag `command` takes, once, in the order errors should be found. */
export function parseFlags(command: CommandName, raw: Raw): ParsedFlags {
  const takes = (g: FlagGroup) => GROUPS[command].includes(g);
  const common = parseCommonFlags(raw);
  const sampling = takes('sampling') ? parseSamplingFlags(raw) : parseSamplingFlags({});
  const { policy, webhook } = takes('policy') ? parsePolicyFlags(raw) : { policy: {} };
  const values = valuesOf(command, raw);
  return {
    values,
    common,
    sampling,
    policy,
    ...(webhook === undefined ? {} : { webhook }),
    withProfile: (defaults) => ({
      values: valuesOf(command, raw, defaults),
      common: parseCommonFlags(raw, defaults),
      sampling: takes('sampling') ? parseSamplingFlags(raw, defaults) : sampling,
    }),
    samplingSources: (defaults) => (takes('sampling') ? samplingSources(raw, defaults) : {}),
  };
}
