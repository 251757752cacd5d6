import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../src/core/errors.js';
import { checkPermissions, readConfig, setValue, unsetValue } from '../../src/config/store.js';

const posix = process.platform !== 'win32';
let root: string;
let env: Record<string, string>;
let file: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rpv-store-'));
  env = { RPV_CONFIG_DIR: path.join(root, 'cfg') };
  file = path.join(root, 'cfg', 'config.json');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('readConfig', () => {
  it('treats a missing file as an empty config', () => {
    expect(readConfig(env)).toEqual({ profiles: {} });
  });

  it('names the file when it is not valid JSON (exit 3)', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"profiles": ');
    try {
      readConfig(env);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).exitCode).toBe(3);
      expect((err as ConfigError).message).toContain(file);
    }
  });

  it('rejects a hand-edited value of the wrong type, keeps unknown keys', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ profiles: { default: { temperature: 'hot' } } }));
    expect(() => readConfig(env)).toThrow(/temperature/);
    fs.writeFileSync(file, JSON.stringify({ profiles: { default: { futureKey: 1, seed: 4 } }, extra: true }));
    expect(readConfig(env)).toEqual({ profiles: { default: { futureKey: 1, seed: 4 } }, extra: true });
  });
});

describe('setValue / unsetValue', () => {
  it('writes typed values per profile and reads them back', async () => {
    expect(await setValue(env, 'default', 'temperature', '0.5')).toBe(0.5);
    await setValue(env, 'default', 'endpoint', 'ep1');
    await setValue(env, 'work', 'stop', '["a","b"]');
    await setValue(env, 'ignored', 'default-profile', 'work');
    expect(readConfig(env)).toEqual({
      profiles: { default: { temperature: 0.5, endpoint: 'ep1' }, work: { stop: ['a', 'b'] } },
      'default-profile': 'work',
    });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(readConfig(env));
  });

  it.runIf(posix)('creates the folder 0700 and keeps the file 0600, even after a chmod 644', async () => {
    await setValue(env, 'default', 'api-key', 'secret-value-123456');
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(checkPermissions(env)).toBeUndefined();
    fs.chmodSync(file, 0o644);
    fs.chmodSync(path.dirname(file), 0o755);
    const warning = checkPermissions(env);
    expect(warning).toContain(file);
    expect(warning).toContain('644');
    expect(warning).not.toContain('\n');
    await setValue(env, 'default', 'seed', '1');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // The folder now exists and is the user's: rpv no longer changes its mode (issue 8, finding 3).
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o755);
    expect(checkPermissions(env)).toBeUndefined();
  });

  it('unsets keys, drops emptied profiles and reports what was not set', async () => {
    await setValue(env, 'work', 'model', 'm1');
    await setValue(env, 'work', 'seed', '7');
    await setValue(env, 'x', 'default-profile', 'work');
    expect(await unsetValue(env, 'work', 'model')).toBe(true);
    expect(readConfig(env).profiles['work']).toEqual({ seed: 7 });
    expect(await unsetValue(env, 'work', 'model')).toBe(false);
    expect(await unsetValue(env, 'work', 'seed')).toBe(true);
    // default-profile names 'work', so the emptied profile stays: commands keep working.
    expect(readConfig(env).profiles).toEqual({ work: {} });
    await setValue(env, 'other', 'seed', '1');
    expect(await unsetValue(env, 'other', 'seed')).toBe(true);
    expect(readConfig(env).profiles).toEqual({ work: {} });
    expect(await unsetValue(env, 'x', 'default-profile')).toBe(true);
    expect(readConfig(env)['default-profile']).toBeUndefined();
    expect(await unsetValue(env, 'nobody', 'seed')).toBe(false);
  });

  it('refuses unknown keys, bad values and bad profile names without writing', async () => {
    await expect(setValue(env, 'default', 'colour', 'red')).rejects.toMatchObject({
      exitCode: 2,
      message: 'unknown config key "colour"',
      hint: expect.stringContaining('valid keys: api-key, endpoint'),
    });
    await expect(setValue(env, 'default', 'top-p', 'high')).rejects.toBeInstanceOf(UsageError);
    await expect(setValue(env, 'bad/name', 'seed', '1')).rejects.toBeInstanceOf(UsageError);
    expect(fs.existsSync(file)).toBe(false);
  });
});
