// `rpv config <set|get|unset|list|path> [key] [value]`: reads and changes the config file, and
// shows every resolved setting with its source. The API key is only ever shown masked.
import { ConfigError, ExitCode, UsageError } from '../../core/errors.js';
import { CONFIG_KEYS, DEFAULT_PROFILE_KEY, assertConfigKey, type ConfigValue } from '../../config/keys.js';
import { maskKey } from '../../config/mask.js';
import { configFile } from '../../core/paths.js';
import { readSecret } from '../../config/read-secret.js';
import { resolveSettings, selectProfile, type ResolvedSettings, type Sourced } from '../../config/resolve.js';
import { checkPermissions, readConfig, setValue, unsetValue } from '../../config/store.js';
import { warnerFor, type CliIo } from '../../core/io.js';

/** Options `rpv config` accepts. */
export interface ConfigCommandOptions {
  profile?: string;
  json?: boolean;
}

const ACTIONS = ['set', 'get', 'unset', 'list', 'path'] as const;

function display(value: ConfigValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && !/[\u0000-\u001f\u007f]/.test(value)) return value;
  return JSON.stringify(value);
}

function writeLine(stream: CliIo['stdout'], text: string): void {
  stream.write(`${text}\n`);
}

/** Every resolved setting in display order, the key masked; unset key/endpoint included. */
function listEntries(settings: ResolvedSettings): [string, Sourced<ConfigValue> | undefined][] {
  const apiKey = settings.apiKey && { value: maskKey(settings.apiKey.value), source: settings.apiKey.source };
  const entries: [string, Sourced<ConfigValue> | undefined][] = [
    ['profile', settings.profile],
    ['api-key', apiKey],
    ['endpoint', settings.endpoint],
    ['base-url', settings.baseUrl],
  ];
  for (const [key, sourced] of Object.entries(settings.defaults)) entries.push([key, sourced]);
  return entries;
}

function requireKeyArg(action: string, key: string | undefined): string {
  if (key === undefined || key === '') {
    throw new UsageError(`config ${action} needs a key`, { hint: `keys: ${CONFIG_KEYS.join(', ')}` });
  }
  return key;
}

function rejectExtra(action: string, ...extra: (string | undefined)[]): void {
  if (extra.some((arg) => arg !== undefined)) throw new UsageError(`config ${action}: too many arguments`);
}

async function runSet(key: string, value: string | undefined, opts: ConfigCommandOptions, io: CliIo): Promise<void> {
  const configKey = assertConfigKey(key);
  const profile = selectProfile({ profile: opts.profile }, io.env, readConfig(io.env)).value;
  let raw = value;
  if (raw === undefined && configKey === 'api-key') {
    raw = await readSecret(io, 'API key: ');
    if (raw.trim() === '') throw new UsageError('no API key given');
  } else if (raw === undefined) {
    throw new UsageError(`config set ${key} needs a value`);
  } else if (configKey === 'api-key') {
    warnerFor(
      io,
      false,
    )('a key typed on the command line may stay in shell history; next time run: rpv config set api-key');
  }
  const stored = await setValue(io.env, profile, configKey, raw);
  const shown = configKey === 'api-key' ? maskKey(String(stored)) : stored;
  const where = configKey === DEFAULT_PROFILE_KEY ? '' : ` in profile "${profile}"`;
  if (opts.json === true) writeLine(io.stdout, JSON.stringify({ profile, key: configKey, value: shown }));
  writeLine(io.stderr, `saved ${configKey}${where}`);
}

async function runUnset(key: string, opts: ConfigCommandOptions, io: CliIo): Promise<void> {
  const configKey = assertConfigKey(key);
  const profile = selectProfile({ profile: opts.profile }, io.env, readConfig(io.env)).value;
  const removed = await unsetValue(io.env, profile, configKey);
  const where = configKey === DEFAULT_PROFILE_KEY ? '' : ` in profile "${profile}"`;
  writeLine(io.stderr, removed ? `removed ${configKey}${where}` : `${configKey} was not set${where}`);
}

function runGet(key: string, opts: ConfigCommandOptions, io: CliIo): void {
  if (key !== 'profile') assertConfigKey(key);
  const config = readConfig(io.env);
  let found: Sourced<ConfigValue> | undefined;
  if (key === DEFAULT_PROFILE_KEY) {
    const name = config[DEFAULT_PROFILE_KEY];
    found = name === undefined ? undefined : { value: name, source: 'config:default-profile' };
  } else {
    const settings = resolveSettings({ flags: { profile: opts.profile }, env: io.env, config });
    found = listEntries(settings).find(([name]) => name === key)?.[1];
  }
  if (found === undefined) {
    throw new ConfigError(`${key} is not set`, { hint: `run: rpv config set ${key} <value>` });
  }
  writeLine(io.stdout, opts.json === true ? JSON.stringify(found) : display(found.value));
}

function runList(opts: ConfigCommandOptions, io: CliIo): void {
  const settings = resolveSettings({ flags: { profile: opts.profile }, env: io.env, config: readConfig(io.env) });
  const entries = listEntries(settings);
  if (opts.json === true) {
    const out: Record<string, Sourced<ConfigValue>> = {};
    for (const [key, sourced] of entries) if (sourced !== undefined) out[key] = sourced;
    writeLine(io.stdout, JSON.stringify(out, null, 2));
    return;
  }
  const rows = entries.map(([key, s]) => [key, s === undefined ? '(not set)' : display(s.value), s?.source ?? '']);
  const keyWidth = Math.max(...rows.map((r) => r[0]!.length));
  const valueWidth = Math.max(...rows.map((r) => r[1]!.length));
  for (const [key, value, source] of rows) {
    writeLine(io.stdout, `${key!.padEnd(keyWidth)}  ${value!.padEnd(valueWidth)}  ${source}`.trimEnd());
  }
}

/** Runs one `rpv config` action; returns the exit code, throws RpvErrors for failures. */
export async function runConfigCommand(
  action: string,
  key: string | undefined,
  value: string | undefined,
  opts: ConfigCommandOptions,
  io: CliIo,
): Promise<number> {
  switch (action) {
    case 'set':
      await runSet(requireKeyArg(action, key), value, opts, io);
      break;
    case 'get':
      rejectExtra(action, value);
      runGet(requireKeyArg(action, key), opts, io);
      break;
    case 'unset':
      rejectExtra(action, value);
      await runUnset(requireKeyArg(action, key), opts, io);
      break;
    case 'list':
      rejectExtra(action, key, value);
      runList(opts, io);
      break;
    case 'path':
      rejectExtra(action, key, value);
      writeLine(io.stdout, opts.json === true ? JSON.stringify({ path: configFile(io.env) }) : configFile(io.env));
      break;
    default:
      throw new UsageError(`unknown config action "${action}"`, { hint: `use one of: ${ACTIONS.join(', ')}` });
  }
  const warning = checkPermissions(io.env);
  if (warning !== undefined) warnerFor(io, false)(warning);
  return ExitCode.ok;
}
