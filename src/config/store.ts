// The config file: read with plain node:fs on every command (fast: no conf, no ajv), written
// through conf only by `rpv config set/unset`. This is the project's only conf import.
import fs from 'node:fs';
import { ConfigError, UsageError } from '../core/errors.js';
import { acquireFileLock } from '../core/file-lock.js';
import { ensurePrivateDir, makePrivateFile, readTextIfExists } from '../core/private-fs.js';
import {
  DEFAULT_PROFILE_KEY,
  assertConfigKey,
  assertProfileName,
  isProfileKey,
  parseConfigValue,
  valueProblem,
  type ConfigValue,
  type ProfileKey,
  type ProfileSettings,
} from './keys.js';
import { configDir, configFile, type Env } from '../core/paths.js';

/** The whole config.json. */
export interface ConfigFile {
  profiles: Record<string, ProfileSettings>;
  'default-profile'?: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(file: string, what: string): ConfigError {
  return new ConfigError(`config file ${file} ${what}`, {
    hint: 'fix it by hand, or delete it and run: rpv config set ...',
  });
}

/** Checks a parsed config.json; unknown keys are kept (a newer rpv may have written them). */
function checkShape(data: unknown, file: string): ConfigFile {
  if (!isPlainObject(data)) throw invalid(file, 'is not a JSON object');
  const profiles = data['profiles'] ?? {};
  if (!isPlainObject(profiles)) throw invalid(file, 'has a "profiles" entry that is not an object');
  for (const [name, settings] of Object.entries(profiles)) {
    if (!isPlainObject(settings)) throw invalid(file, `has a profile "${name}" that is not an object`);
    for (const [key, value] of Object.entries(settings)) {
      const problem = isProfileKey(key) ? valueProblem(key, value) : undefined;
      if (problem !== undefined) throw invalid(file, `has a bad ${key} in profile "${name}": it ${problem}`);
    }
  }
  const defaultProfile = data[DEFAULT_PROFILE_KEY];
  if (defaultProfile !== undefined && typeof defaultProfile !== 'string') {
    throw invalid(file, `has a "${DEFAULT_PROFILE_KEY}" that is not text`);
  }
  return { ...data, profiles: profiles as Record<string, ProfileSettings> } as ConfigFile;
}

/** Reads config.json; a missing file is an empty config, a broken one a ConfigError (exit 3). */
export function readConfig(env: Env): ConfigFile {
  const file = configFile(env);
  let text: string | undefined;
  try {
    text = readTextIfExists(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOTREG' ? 'it is not a regular file (a FIFO, device or folder)' : (err as Error).message;
    throw new ConfigError(`cannot read config file ${file}: ${why}`, { cause: err });
  }
  if (text === undefined || text.trim() === '') return { profiles: {} };
  // Editors on some systems save UTF-8 with a byte-order mark; it is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw invalid(file, 'is not valid JSON');
  }
  return checkShape(data, file);
}

/** Writes the whole config through conf, then makes sure folder and file are owner-only. */
async function writeConfig(env: Env, next: ConfigFile): Promise<void> {
  const cwd = configDir(env);
  ensurePrivateDir(cwd);
  const { default: Conf } = await import('conf');
  const store = new Conf<Record<string, unknown>>({
    cwd,
    configName: 'config',
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
  });
  store.store = next as unknown as Record<string, unknown>;
  ensurePrivateDir(cwd);
  makePrivateFile(configFile(env));
}

/**
 * Fails (exit 2) when a profile value is one every endpoint command would reject: runs it through
 * the commands' own parsers, loaded only here so reads stay free of zod.
 */
async function assertUsable(key: ProfileKey, value: ConfigValue): Promise<void> {
  if (key === 'api-key') return;
  const { parseCommonFlags, parseSamplingFlags } = await import('../core/flags/values.js');
  const defaults = { [key]: value };
  parseSamplingFlags({}, defaults);
  parseCommonFlags({}, defaults);
}

/** Fails (exit 2) unless `name` is a profile the file already holds. */
function assertProfileExists(config: ConfigFile, name: string): void {
  if (Object.hasOwn(config.profiles, name)) return;
  const known = Object.keys(config.profiles);
  throw new UsageError(`no profile named "${name}"; default-profile not changed`, {
    hint: `${known.length > 0 ? `profiles: ${known.join(', ')}; or create` : 'create'} it first with: rpv config set --profile ${name} <key> <value>`,
  });
}

const WRITE_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  ENOTDIR: 'a part of its path is not a folder',
  EISDIR: 'it is a folder',
};

/**
 * Runs a read-modify-write of the config file under its lock, so parallel `config set`s keep
 * every key; a write the system refuses is a one-line ConfigError (exit 3), never "internal error".
 */
async function underConfigLock<T>(env: Env, change: () => Promise<T>): Promise<T> {
  const file = configFile(env);
  let release: (() => void) | undefined;
  try {
    ensurePrivateDir(configDir(env));
    release = acquireFileLock(file);
    return await change();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem = code === undefined ? undefined : WRITE_PROBLEMS[code];
    if (problem === undefined) throw err;
    throw new ConfigError(`cannot write config file ${file}: ${problem} (${code}); nothing was changed`, {
      cause: err,
    });
  } finally {
    release?.();
  }
}

/** Sets one key (in `profile`, or top-level for default-profile); returns the stored value. */
export async function setValue(env: Env, profile: string, key: string, raw: string): Promise<ConfigValue> {
  const configKey = assertConfigKey(key);
  parseConfigValue(configKey, raw);
  return underConfigLock(env, () => setValueLocked(env, profile, key, raw));
}

async function setValueLocked(env: Env, profile: string, key: string, raw: string): Promise<ConfigValue> {
  const configKey = assertConfigKey(key);
  const value = parseConfigValue(configKey, raw);
  const config = readConfig(env);
  if (configKey === DEFAULT_PROFILE_KEY) {
    assertProfileExists(config, value as string);
    await writeConfig(env, { ...config, [DEFAULT_PROFILE_KEY]: value as string });
    return value;
  }
  assertProfileName(profile);
  await assertUsable(configKey, value);
  const settings: ProfileSettings = {
    ...(Object.hasOwn(config.profiles, profile) ? config.profiles[profile] : {}),
    [configKey]: value,
  };
  await writeConfig(env, { ...config, profiles: { ...config.profiles, [profile]: settings } });
  return value;
}

/** Removes one key; returns false when it was not set. An emptied profile is removed too. */
export async function unsetValue(env: Env, profile: string, key: string): Promise<boolean> {
  assertConfigKey(key);
  return underConfigLock(env, () => unsetValueLocked(env, profile, key));
}

async function unsetValueLocked(env: Env, profile: string, key: string): Promise<boolean> {
  const configKey = assertConfigKey(key);
  const config = readConfig(env);
  if (configKey === DEFAULT_PROFILE_KEY) {
    if (config[DEFAULT_PROFILE_KEY] === undefined) return false;
    const { [DEFAULT_PROFILE_KEY]: _removed, ...rest } = config;
    await writeConfig(env, rest);
    return true;
  }
  const current = Object.hasOwn(config.profiles, profile) ? config.profiles[profile] : undefined;
  if (current === undefined || current[configKey] === undefined) return false;
  const { [configKey]: _removed, ...settings } = current;
  const profiles = { ...config.profiles };
  // An emptied profile goes away, unless default-profile names it (every command would then fail).
  if (Object.keys(settings).length === 0 && config[DEFAULT_PROFILE_KEY] !== profile) delete profiles[profile];
  else profiles[profile] = settings;
  await writeConfig(env, { ...config, profiles });
  return true;
}

/** A one-line warning when the config file can be read or changed by other users. */
export function checkPermissions(env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32') return undefined;
  const file = configFile(env, platform);
  let mode: number;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    return undefined;
  }
  if ((mode & 0o077) === 0) return undefined;
  return `${file} is accessible to other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`;
}
