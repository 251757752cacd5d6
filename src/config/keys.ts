// The settings a profile may hold, and how each is checked: once when `rpv config set` parses
// what the user typed, and again when a hand-edited config file is read.
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { GPU_PRICES, PRICE_TABLE_DATE, gpuName } from '../core/gpu-prices.js';

/** What a stored setting can be. */
export type ConfigValue = string | number | string[];

/** One profile's settings as stored in config.json. */
export interface ProfileSettings {
  'api-key'?: string;
  endpoint?: string;
  'base-url'?: string;
  'max-tokens'?: number;
  temperature?: number;
  'top-p'?: number;
  'top-k'?: number;
  'min-p'?: number;
  'repetition-penalty'?: number;
  'presence-penalty'?: number;
  'frequency-penalty'?: number;
  seed?: number;
  stop?: string | string[];
  model?: string;
  api?: 'native' | 'openai';
  system?: string;
  retries?: number;
  timeout?: string;
  // The local record, its cache and cost estimates (src/store).
  'log-text'?: string;
  cache?: string;
  'cache-ttl'?: string;
  price?: number;
  gpu?: string;
  'gpu-count'?: number;
}

/** Every key a profile may hold, in display order. */
export const PROFILE_KEYS = [
  'api-key',
  'endpoint',
  'base-url',
  'model',
  'api',
  'system',
  'max-tokens',
  'temperature',
  'top-p',
  'top-k',
  'min-p',
  'repetition-penalty',
  'presence-penalty',
  'frequency-penalty',
  'seed',
  'stop',
  'retries',
  'timeout',
  'log-text',
  'cache',
  'cache-ttl',
  'price',
  'gpu',
  'gpu-count',
] as const satisfies readonly (keyof ProfileSettings)[];

/** A key stored inside a profile. */
export type ProfileKey = (typeof PROFILE_KEYS)[number];

/** The one key stored at the top level of the file rather than in a profile. */
export const DEFAULT_PROFILE_KEY = 'default-profile';

/** Every key `rpv config set/unset` accepts. */
export type ConfigKey = ProfileKey | typeof DEFAULT_PROFILE_KEY;

/** All settable keys, for help text and "unknown key" errors. */
export const CONFIG_KEYS: readonly ConfigKey[] = [...PROFILE_KEYS, DEFAULT_PROFILE_KEY];

type Kind = 'string' | 'int' | 'count' | 'number' | 'url' | 'id' | 'api' | 'duration' | 'stop' | 'secret' | 'bool' | 'price' | 'gpu';

const KINDS: Record<ConfigKey, Kind> = {
  'api-key': 'secret',
  endpoint: 'id',
  'base-url': 'url',
  model: 'string',
  api: 'api',
  system: 'string',
  'max-tokens': 'count',
  temperature: 'number',
  'top-p': 'number',
  'top-k': 'int',
  'min-p': 'number',
  'repetition-penalty': 'number',
  'presence-penalty': 'number',
  'frequency-penalty': 'number',
  seed: 'int',
  stop: 'stop',
  retries: 'count',
  timeout: 'duration',
  'log-text': 'bool',
  cache: 'bool',
  'cache-ttl': 'duration',
  price: 'price',
  gpu: 'gpu',
  'gpu-count': 'count',
  'default-profile': 'id',
};

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const PROFILE_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Whether `text` is a duration --timeout accepts (same parser, so 2m05s and 1d work). */
function isDuration(text: string): boolean {
  try {
    parseDuration(text, 'timeout');
    return true;
  } catch {
    return false;
  }
}

/** True for the keys a profile may hold. */
export function isProfileKey(key: string): key is ProfileKey {
  return (PROFILE_KEYS as readonly string[]).includes(key);
}

/** Narrows a user-typed key, or fails with the list of valid keys. */
export function assertConfigKey(key: string): ConfigKey {
  if ((CONFIG_KEYS as readonly string[]).includes(key)) return key as ConfigKey;
  throw new UsageError(`unknown config key "${key}"`, { hint: `valid keys: ${CONFIG_KEYS.join(', ')}` });
}

/** Fails unless `name` is a usable profile name. */
export function assertProfileName(name: string): string {
  if (!PROFILE_PATTERN.test(name)) {
    throw new UsageError(`invalid profile name "${name}"`, { hint: 'use letters, digits, ".", "_" and "-"' });
  }
  return name;
}

/** Whether `url` is an absolute http(s) URL. */
export function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Why a parsed/stored value is wrong for its key, or undefined when it is fine. */
export function valueProblem(key: ConfigKey, value: unknown): string | undefined {
  const kind = KINDS[key];
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'secret':
      return typeof value === 'string' && value.length > 0 && !/[\s\u0000-\u001f]/.test(value)
        ? undefined
        : 'must be non-empty without spaces';
    case 'id':
      return typeof value === 'string' && (key === 'default-profile' ? PROFILE_PATTERN : ID_PATTERN).test(value)
        ? undefined
        : 'may only contain letters, digits, "_" and "-"';
    case 'url':
      return typeof value === 'string' && isHttpUrl(value) ? undefined : 'must be an http(s) URL';
    case 'api':
      return value === 'native' || value === 'openai' ? undefined : 'must be native or openai';
    case 'duration':
      return typeof value === 'string' && isDuration(value)
        ? undefined
        : 'must be a duration like 250ms, 30s, 2m05s, 1h, 1d or a number of seconds';
    case 'stop':
      return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))
        ? undefined
        : 'must be text or a JSON array of texts';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'int':
      return Number.isSafeInteger(value) ? undefined : 'must be a whole number';
    case 'bool':
      return value === 'true' || value === 'false' || typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'price':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : 'must be a number of USD per second, 0 or more';
    case 'gpu':
      return typeof value === 'string' && gpuName(value) !== undefined
        ? undefined
        : `must be one of the price table's GPUs (${PRICE_TABLE_DATE}): ${Object.keys(GPU_PRICES).join(', ')}`;
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= (key === 'retries' ? 0 : 1)
        ? undefined
        : `must be a whole number of at least ${key === 'retries' ? 0 : 1}`;
  }
}

/** Turns what the user typed for `key` into the value to store; UsageError when invalid. */
export function parseConfigValue(key: ConfigKey, raw: string): ConfigValue {
  const kind = KINDS[key];
  let value: ConfigValue = kind === 'secret' ? raw.trim() : raw;
  if (kind === 'number' || kind === 'int' || kind === 'count' || kind === 'price') {
    value = raw.trim() === '' ? Number.NaN : Number(raw);
  } else if (kind === 'bool') {
    value = raw.trim().toLowerCase();
  } else if (kind === 'gpu') {
    value = gpuName(raw) ?? raw;
  } else if (kind === 'url') {
    value = raw.replace(/\/+$/, '');
  } else if (kind === 'stop' && raw.trimStart().startsWith('[')) {
    try {
      value = JSON.parse(raw) as string[];
    } catch {
      value = raw;
    }
  }
  const problem = valueProblem(key, value);
  // The key's own value is never echoed back, whatever was typed.
  if (problem !== undefined) throw new UsageError(`${key} ${problem}`);
  return value;
}
