// The settings a profile may hold, and how each is checked: once when `rpv config set` parses
// what the user typed, and again when a hand-edited config file is read.
import { baseUrlProblem } from './base-url.js';
import { parseDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { ID_PATTERN, PROFILE_NAME_PATTERN } from '../core/ids.js';
import { FLAG_PROFILE_KEYS, profileRow, type FlagProfileKey, type FlagProfileSettings } from '../core/flags/index.js';
import { GPU_PRICES, PRICE_TABLE_DATE, gpuName } from '../core/gpu-prices.js';

/** What a stored setting can be. */
export type ConfigValue = string | number | string[];

/**
 * Settings no flag backs: whether the local record keeps prompt and reply text, and what a
 * worker-second costs (a price, or a GPU from the dated price table times a count).
 */
const RECORD_KEYS = ['log-text', 'price', 'gpu', 'gpu-count'] as const;
type RecordKey = (typeof RECORD_KEYS)[number];

/** One profile's settings as stored in config.json. */
export type ProfileSettings = {
  'api-key'?: string;
  'log-text'?: string;
  price?: number;
  gpu?: string;
  'gpu-count'?: number;
} & FlagProfileSettings;

/** Every key a profile may hold, in display order: the key, every flag a profile may default, then the record's. */
export const PROFILE_KEYS = ['api-key', ...FLAG_PROFILE_KEYS, ...RECORD_KEYS] as const;

/** A key stored inside a profile. */
export type ProfileKey = 'api-key' | FlagProfileKey | RecordKey;

/** The one key stored at the top level of the file rather than in a profile. */
export const DEFAULT_PROFILE_KEY = 'default-profile';

/** Every key `rpv config set/unset` accepts. */
export type ConfigKey = ProfileKey | typeof DEFAULT_PROFILE_KEY;

/** All settable keys, for help text and "unknown key" errors. */
export const CONFIG_KEYS: readonly ConfigKey[] = [...PROFILE_KEYS, DEFAULT_PROFILE_KEY];

type Kind =
  | 'string'
  | 'int'
  | 'count'
  | 'number'
  | 'url'
  | 'id'
  | 'api'
  | 'duration'
  | 'stop'
  | 'secret'
  | 'bool'
  | 'price'
  | 'gpu';

const RECORD_KINDS: Record<RecordKey, Kind> = { 'log-text': 'bool', price: 'price', gpu: 'gpu', 'gpu-count': 'count' };

/** The stored kind of a flag-backed key, from its row's value spec. */
function kindOfRow(key: string): Kind {
  const spec = profileRow(key)?.value;
  switch (spec?.kind) {
    case 'number':
      return 'number';
    case 'int':
      return spec.min !== undefined && spec.or === undefined ? 'count' : 'int';
    case 'url':
      return 'url';
    case 'id':
      return 'id';
    case 'choice':
      return 'api';
    case 'duration':
      return 'duration';
    case 'strings':
      return 'stop';
    case 'bool':
      return 'bool';
    default:
      return 'string';
  }
}

function kindOf(key: ConfigKey): Kind {
  if (key === 'api-key') return 'secret';
  if (key === DEFAULT_PROFILE_KEY) return 'id';
  if (Object.hasOwn(RECORD_KINDS, key)) return RECORD_KINDS[key as RecordKey];
  return kindOfRow(key);
}

/** The lowest whole number a count key takes (from its row's range). */
function countMin(key: ConfigKey): number {
  if (key === 'gpu-count') return 1;
  const spec = profileRow(key)?.value;
  return spec?.kind === 'int' ? (spec.min ?? 0) : 0;
}

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
  if (!PROFILE_NAME_PATTERN.test(name)) {
    throw new UsageError(`invalid profile name "${name}"`, { hint: 'use letters, digits, ".", "_" and "-"' });
  }
  return name;
}

/** Why a parsed/stored value is wrong for its key, or undefined when it is fine. */
export function valueProblem(key: ConfigKey, value: unknown): string | undefined {
  const kind = kindOf(key);
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'secret':
      return typeof value === 'string' && value.length > 0 && !/[\s\u0000-\u001f]/.test(value)
        ? undefined
        : 'must be non-empty without spaces';
    case 'id':
      return typeof value === 'string' && (key === 'default-profile' ? PROFILE_NAME_PATTERN : ID_PATTERN).test(value)
        ? undefined
        : 'may only contain letters, digits, "_" and "-"';
    case 'url':
      if (typeof value !== 'string') return 'must be an http(s) URL';
      return baseUrlProblem(value)?.message.replace(/^base URL /, '');
    case 'api': {
      const spec = profileRow(key)?.value;
      const choices: readonly string[] = spec?.kind === 'choice' ? spec.choices : [];
      return choices.includes(value as string) ? undefined : `must be ${choices.join(' or ')}`;
    }
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
      return Number.isSafeInteger(value) ? undefined : 'must be an integer';
    case 'bool':
      return value === 'true' || value === 'false' || typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'price':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0
        ? undefined
        : 'must be a number of USD per second, 0 or more';
    case 'gpu':
      return typeof value === 'string' && gpuName(value) !== undefined
        ? undefined
        : `must be one of the price table's GPUs (${PRICE_TABLE_DATE}): ${Object.keys(GPU_PRICES).join(', ')}`;
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= countMin(key)
        ? undefined
        : `must be an integer of at least ${countMin(key)}`;
  }
}

const SHOWN_KINDS: ReadonlySet<string> = new Set(['number', 'int', 'count', 'price', 'bool', 'duration', 'gpu', 'api']);

/** Turns what the user typed for `key` into the value to store; UsageError when invalid. */
export function parseConfigValue(key: ConfigKey, raw: string): ConfigValue {
  const kind = kindOf(key);
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
  // Only values of a kind that cannot hold a secret are shown (a URL may carry credentials).
  const got = SHOWN_KINDS.has(kind) ? ` (got ${JSON.stringify(raw)})` : '';
  if (problem !== undefined) throw new UsageError(`config key ${key} ${problem}${got}`);
  return value;
}
