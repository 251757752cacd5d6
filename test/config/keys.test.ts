import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { CONFIG_KEYS, assertConfigKey, assertProfileName, parseConfigValue } from '../../src/config/keys.js';
import { maskKey } from '../../src/config/mask.js';
import { cacheDir, configDir, configFile, dataDir } from '../../src/core/paths.js';

describe('parseConfigValue', () => {
  it.each([
    ['temperature', '0.7', 0.7],
    ['max-tokens', '512', 512],
    ['seed', '-3', -3],
    ['retries', '0', 0],
    ['api', 'openai', 'openai'],
    ['base-url', 'https://example.test/v2///', 'https://example.test/v2'],
    ['endpoint', 'abc_DEF-123', 'abc_DEF-123'],
    ['stop', '</s>', '</s>'],
    ['stop', '["a","b"]', ['a', 'b']],
    ['timeout', '5m', '5m'],
    ['system', 'be brief', 'be brief'],
    ['api-key', '  secret-value \n', 'secret-value'],
  ] as const)('%s %j', (key, raw, expected) => {
    expect(parseConfigValue(key, raw)).toEqual(expected);
  });

  it.each([
    ['temperature', 'hot'],
    ['temperature', ''],
    ['max-tokens', '0'],
    ['max-tokens', '1.5'],
    ['top-k', '2.5'],
    ['retries', '-1'],
    ['api', 'grpc'],
    ['base-url', 'ftp://example.test'],
    ['base-url', 'not a url'],
    ['endpoint', 'a/b'],
    ['timeout', 'soon'],
    ['stop', '[1,2]'],
    ['api-key', 'has space'],
    ['default-profile', 'a b'],
  ] as const)('rejects %s %j as a usage error', (key, raw) => {
    expect(() => parseConfigValue(key, raw)).toThrow(UsageError);
  });

  it('names the config key and what was typed, in the same shape as a flag error', () => {
    expect(() => parseConfigValue('max-tokens', 'abc')).toThrow(
      /^config key max-tokens must be an integer of at least 1 \(got "abc"\)$/,
    );
    expect(() => parseConfigValue('api', 'nope')).toThrow(/^config key api must be native or openai \(got "nope"\)$/);
  });

  it('never echoes a rejected key in the message', () => {
    expect(() => parseConfigValue('api-key', 'sekrit with-space')).toThrow(/^config key api-key must/);
    try {
      parseConfigValue('api-key', 'sekrit with-space');
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('sekrit');
    }
  });

  it('lists valid keys for an unknown key and checks profile names', () => {
    try {
      assertConfigKey('colour');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      for (const key of CONFIG_KEYS) expect((err as UsageError).hint).toContain(key);
    }
    expect(assertProfileName('work.eu-1')).toBe('work.eu-1');
    expect(() => assertProfileName('a/b')).toThrow(UsageError);
  });
});

describe('maskKey', () => {
  it('keeps the first and last four characters of long keys only', () => {
    const key = 'ABCD' + 'x'.repeat(20) + 'WXYZ';
    expect(maskKey(key)).toBe('ABCD…WXYZ');
    expect(maskKey(key)).not.toContain('x');
    expect(maskKey('123456789012')).toBe('1234…9012');
  });
  it('hides short keys entirely', () => {
    expect(maskKey('12345678901')).toBe('****');
    expect(maskKey('')).toBe('****');
  });
});

describe('paths', () => {
  it('honours RPV_CONFIG_DIR and RPV_DATA_DIR', () => {
    const env = { RPV_CONFIG_DIR: '/tmp/c', RPV_DATA_DIR: '/tmp/d', HOME: '/home/u' };
    expect(configDir(env, 'linux')).toBe(path.resolve('/tmp/c'));
    expect(configFile(env, 'linux')).toBe(path.join(path.resolve('/tmp/c'), 'config.json'));
    expect(dataDir(env, 'linux')).toBe(path.resolve('/tmp/d'));
    expect(cacheDir(env, 'linux')).toBe(path.join(path.resolve('/tmp/d'), 'cache'));
  });
  it('follows XDG on Linux, with empty values unset', () => {
    expect(configDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/rpv');
    expect(configDir({ HOME: '/home/u', XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe('/x/cfg/rpv');
    expect(dataDir({ HOME: '/home/u', XDG_DATA_HOME: '' }, 'linux')).toBe('/home/u/.local/share/rpv');
    expect(dataDir({ HOME: '/home/u', XDG_DATA_HOME: '/x/data' }, 'linux')).toBe('/x/data/rpv');
  });
  it('uses a plain rpv folder on macOS and Windows', () => {
    expect(configDir({ HOME: '/Users/u' }, 'darwin')).toBe(path.join('/Users/u', 'Library', 'Preferences', 'rpv'));
    expect(dataDir({ HOME: '/Users/u' }, 'darwin')).toBe(
      path.join('/Users/u', 'Library', 'Application Support', 'rpv'),
    );
    expect(configDir({ APPDATA: '/appdata' }, 'win32')).toBe(path.join('/appdata', 'rpv', 'Config'));
    expect(dataDir({ LOCALAPPDATA: '/local' }, 'win32')).toBe(path.join('/local', 'rpv', 'Data'));
  });
});
