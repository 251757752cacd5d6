// Where rpv keeps its files. Computed from the environment passed in (never process.env
// directly) so tests and in-process commands can point everything at a temporary folder.
import os from 'node:os';
import path from 'node:path';

/** The environment as rpv reads it; `process.env` fits. */
export type Env = Readonly<Record<string, string | undefined>>;

const APP = 'rpv';

/** An environment value, with empty strings treated as unset. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function homeDir(env: Env, platform: NodeJS.Platform): string {
  const fromEnv = platform === 'win32' ? envValue(env, 'USERPROFILE') : envValue(env, 'HOME');
  return fromEnv ?? os.homedir();
}

/** The config folder: RPV_CONFIG_DIR, else the platform's config folder for "rpv". */
export function configDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  const override = envValue(env, 'RPV_CONFIG_DIR');
  if (override !== undefined) return path.resolve(override);
  const home = homeDir(env, platform);
  if (platform === 'darwin') return path.join(home, 'Library', 'Preferences', APP);
  if (platform === 'win32') {
    const appData = envValue(env, 'APPDATA') ?? path.join(home, 'AppData', 'Roaming');
    return path.join(appData, APP, 'Config');
  }
  const xdg = envValue(env, 'XDG_CONFIG_HOME');
  return path.join(xdg ?? path.join(home, '.config'), APP);
}

/** The data folder (journal, sessions, history, cache): RPV_DATA_DIR, else the platform's. */
export function dataDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  const override = envValue(env, 'RPV_DATA_DIR');
  if (override !== undefined) return path.resolve(override);
  const home = homeDir(env, platform);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP);
  if (platform === 'win32') {
    const localAppData = envValue(env, 'LOCALAPPDATA') ?? path.join(home, 'AppData', 'Local');
    return path.join(localAppData, APP, 'Data');
  }
  const xdg = envValue(env, 'XDG_DATA_HOME');
  return path.join(xdg ?? path.join(home, '.local', 'share'), APP);
}

/** The config file every command reads: `<configDir>/config.json`. */
export function configFile(env: Env, platform: NodeJS.Platform = process.platform): string {
  return path.join(configDir(env, platform), 'config.json');
}

/** A folder for disposable cached data (e.g. model lists) inside the data folder. */
export function cacheDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  return path.join(dataDir(env, platform), 'cache');
}
