// Pure settings resolution: flag > environment > selected profile > built-in default, keeping
// where each value came from so `rpv config list` can show it. No I/O here.
import { baseUrlProblem } from './base-url.js';
import { ConfigError, UsageError } from '../core/errors.js';
import { ID_PATTERN } from '../core/ids.js';
import { PROFILE_KEYS, type ConfigValue, type ProfileKey } from './keys.js';
import { envValue, type Env } from '../core/paths.js';
import type { ConfigFile } from './store.js';

/** Where a value came from: 'flag', 'env:<VAR>', 'config:<profile>' or 'default'. */
export type SettingSource = 'flag' | `env:${string}` | `config:${string}` | 'default';

/** A value and its origin. */
export interface Sourced<T> {
  value: T;
  source: SettingSource;
}

/** The flags that take part in resolution. */
export interface SettingFlags {
  endpoint?: string;
  baseUrl?: string;
  profile?: string;
}

/** Everything resolveSettings needs; `allowMissingProfile` is for `rpv config set`. */
export interface ResolveInput {
  flags: SettingFlags;
  env: Env;
  config: ConfigFile;
  allowMissingProfile?: boolean;
}

/** The profile's sampling/route defaults (every key other than api-key, endpoint, base-url). */
export type DefaultKey = Exclude<ProfileKey, 'api-key' | 'endpoint' | 'base-url'>;

/** The resolved settings of one run. */
export interface ResolvedSettings {
  profile: Sourced<string>;
  apiKey?: Sourced<string>;
  endpoint?: Sourced<string>;
  baseUrl: Sourced<string>;
  defaults: Partial<Record<DefaultKey, Sourced<ConfigValue>>>;
}

/** Runpod's serverless API root. */
export const DEFAULT_BASE_URL = 'https://api.runpod.ai/v2';
/** The profile used when none is named anywhere. */
const DEFAULT_PROFILE = 'default';

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function pick(
  flag: string | undefined,
  env: Env,
  envName: string,
  fromProfile: string | undefined,
  profile: string,
): Sourced<string> | undefined {
  const fromFlag = nonEmpty(flag);
  if (fromFlag !== undefined) return { value: fromFlag, source: 'flag' };
  const fromEnv = envValue(env, envName);
  if (fromEnv !== undefined) return { value: fromEnv, source: `env:${envName}` };
  const stored = nonEmpty(fromProfile);
  if (stored !== undefined) return { value: stored, source: `config:${profile}` };
  return undefined;
}

/** Which profile is in use, and why: flag > RPV_PROFILE > default-profile > "default". */
export function selectProfile(flags: SettingFlags, env: Env, config: ConfigFile): Sourced<string> {
  const fromFlag = nonEmpty(flags.profile);
  if (fromFlag !== undefined) return { value: fromFlag, source: 'flag' };
  const fromEnv = envValue(env, 'RPV_PROFILE');
  if (fromEnv !== undefined) return { value: fromEnv, source: 'env:RPV_PROFILE' };
  const fromConfig = nonEmpty(config['default-profile']);
  if (fromConfig !== undefined) return { value: fromConfig, source: 'config:default-profile' };
  return { value: DEFAULT_PROFILE, source: 'default' };
}

function badValue(source: SettingSource, message: string): Error {
  return source === 'flag' ? new UsageError(message) : new ConfigError(`${message} (from ${source})`);
}

/** Resolves key, endpoint, base URL and profile defaults, each with its source. */
export function resolveSettings(input: ResolveInput): ResolvedSettings {
  const { flags, env, config } = input;
  const profile = selectProfile(flags, env, config);
  // Own properties only: a profile named `constructor` or `__proto__` is not in the file.
  const stored = Object.hasOwn(config.profiles, profile.value) ? config.profiles[profile.value] : undefined;
  if (stored === undefined && profile.source !== 'default' && input.allowMissingProfile !== true) {
    const known = Object.keys(config.profiles);
    throw new ConfigError(`no profile named "${profile.value}" (from ${profile.source})`, {
      hint:
        known.length > 0
          ? `profiles: ${known.join(', ')}`
          : 'create it with: rpv config set --profile <name> <key> <value>',
    });
  }
  const settings = stored ?? {};
  const name = profile.value;

  // A profile with no key of its own uses the default profile's key (contract).
  const apiKey =
    pick(undefined, env, 'RUNPOD_API_KEY', settings['api-key'], name) ??
    (name === DEFAULT_PROFILE
      ? undefined
      : pick(undefined, {}, 'RUNPOD_API_KEY', config.profiles[DEFAULT_PROFILE]?.['api-key'], DEFAULT_PROFILE));
  const endpoint = pick(flags.endpoint, env, 'RUNPOD_ENDPOINT_ID', settings.endpoint, name);
  if (endpoint !== undefined && !ID_PATTERN.test(endpoint.value)) {
    throw badValue(endpoint.source, 'endpoint ID may only contain letters, digits, "_" and "-"');
  }
  const base = pick(flags.baseUrl, env, 'RUNPOD_ENDPOINT_BASE_URL', settings['base-url'], name) ?? {
    value: DEFAULT_BASE_URL,
    source: 'default',
  };
  const urlProblem = baseUrlProblem(base.value);
  if (urlProblem?.credentials) throw new ConfigError(`${urlProblem.message} (from ${base.source}); nothing was sent`);
  if (urlProblem) throw badValue(base.source, `${urlProblem.message}; nothing was sent`);
  const baseUrl: Sourced<string> = { value: base.value.replace(/\/+$/, ''), source: base.source };

  const defaults: ResolvedSettings['defaults'] = {};
  for (const key of PROFILE_KEYS) {
    if (key === 'api-key' || key === 'endpoint' || key === 'base-url') continue;
    const value = settings[key];
    if (value !== undefined) defaults[key] = { value, source: `config:${name}` };
  }

  const result: ResolvedSettings = { profile, baseUrl, defaults };
  if (apiKey !== undefined) result.apiKey = apiKey;
  if (endpoint !== undefined) result.endpoint = endpoint;
  return result;
}

/** The command that stores a key for the selected profile. */
function setKeyCommand(profile: string): string {
  return profile === DEFAULT_PROFILE ? 'rpv config set api-key' : `rpv config set --profile ${profile} api-key`;
}

/** The API key, or a ConfigError (exit 3) naming the profile and how to provide one. */
export function requireKey(settings: ResolvedSettings): string {
  if (settings.apiKey !== undefined) {
    const problem = keyProblem(settings.apiKey.value);
    if (problem) throw new ConfigError(`the API key (from ${settings.apiKey.source}) ${problem}; nothing was sent`);
    return settings.apiKey.value;
  }
  const profile = settings.profile.value;
  const which = profile === DEFAULT_PROFILE ? '' : ` for profile "${profile}" (nor in profile "default")`;
  throw new ConfigError(`no API key${which}`, { hint: `set RUNPOD_API_KEY or run: ${setKeyCommand(profile)}` });
}

/** What to do when the service rejects the key: fix it where it came from. */
export function rejectedKeyHint(settings: ResolvedSettings): string {
  const source = settings.apiKey?.source;
  const profile = settings.profile.value;
  if (source?.startsWith('env:')) {
    return `the key came from ${source.slice(4)}: correct or unset that variable (it overrides the config)`;
  }
  if (source === `config:${DEFAULT_PROFILE}` && profile !== DEFAULT_PROFILE) {
    return `the key came from profile "default" (profile "${profile}" has none): run ${setKeyCommand(profile)} or rpv config set api-key`;
  }
  return `the key came from profile "${profile}": run ${setKeyCommand(profile)}`;
}

const MAX_KEY_LENGTH = 1024;

/** Why a key cannot go into an Authorization header (never quoting it), or undefined when it can. */
function keyProblem(key: string): string | undefined {
  if (/[\r\n]/.test(key)) return 'contains a line break (a copy-paste accident?)';
  if (!/^[\x21-\x7e]+$/.test(key)) return 'contains spaces, control or non-ASCII characters';
  if (key.length > MAX_KEY_LENGTH)
    return `is ${key.length} characters long (at most ${MAX_KEY_LENGTH}); is it really a key?`;
  return undefined;
}

/** The endpoint ID, or a ConfigError (exit 3) telling the user how to provide one. */
export function requireEndpoint(settings: ResolvedSettings): string {
  if (settings.endpoint !== undefined) return settings.endpoint.value;
  throw new ConfigError('no endpoint ID', {
    hint: 'pass -e <id>, set RUNPOD_ENDPOINT_ID, or run: rpv config set endpoint <id>',
  });
}
