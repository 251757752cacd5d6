import { describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../src/core/errors.js';
import {
  DEFAULT_BASE_URL,
  requireEndpoint,
  requireKey,
  resolveSettings,
  selectProfile,
  type SettingFlags,
} from '../../src/config/resolve.js';
import type { ConfigFile } from '../../src/config/store.js';

const config: ConfigFile = {
  profiles: {
    default: { 'api-key': 'cfg-default-key', endpoint: 'cfgdefault', 'base-url': 'http://cfg-default.test/v2' },
    work: { 'api-key': 'cfg-work-key', endpoint: 'cfgwork', 'base-url': 'http://cfg-work.test/v2/', temperature: 0.2 },
    bare: {},
  },
};

type Layer = 'flag' | 'env' | 'config' | 'none';
const layers: Layer[] = ['flag', 'env', 'config', 'none'];

// Every subset of {flag, env, config} for endpoint and base URL: the highest present layer wins.
function expectedWinner(present: Set<Layer>): Layer {
  return layers.find((layer) => present.has(layer)) ?? 'none';
}

const subsets: Set<Layer>[] = [];
for (let mask = 0; mask < 8; mask += 1) {
  subsets.push(new Set((['flag', 'env', 'config'] as Layer[]).filter((_, i) => (mask >> i) & 1)));
}

describe('resolveSettings precedence', () => {
  it.each(subsets.map((s) => [[...s].join('+') || 'nothing', s] as const))(
    'endpoint and base URL from %s',
    (_, present) => {
      const flags: SettingFlags = { profile: present.has('config') ? 'work' : 'bare' };
      const env: Record<string, string> = {};
      if (present.has('flag')) {
        flags.endpoint = 'flagep';
        flags.baseUrl = 'http://flag.test/v2//';
      }
      if (present.has('env')) {
        env['RUNPOD_ENDPOINT_ID'] = 'envep';
        env['RUNPOD_ENDPOINT_BASE_URL'] = 'http://env.test/v2';
      }
      const settings = resolveSettings({ flags, env, config });
      const profile = flags.profile!;
      const winner = expectedWinner(present);
      const endpoints = { flag: 'flagep', env: 'envep', config: 'cfgwork' } as const;
      const bases = {
        flag: 'http://flag.test/v2',
        env: 'http://env.test/v2',
        config: 'http://cfg-work.test/v2',
      } as const;
      if (winner === 'none') {
        expect(settings.endpoint).toBeUndefined();
        expect(settings.baseUrl).toEqual({ value: DEFAULT_BASE_URL, source: 'default' });
        return;
      }
      const source = { flag: 'flag', env: 'env:RUNPOD_ENDPOINT_ID', config: `config:${profile}` }[winner];
      expect(settings.endpoint).toEqual({ value: endpoints[winner], source });
      const baseSource = { flag: 'flag', env: 'env:RUNPOD_ENDPOINT_BASE_URL', config: `config:${profile}` }[winner];
      expect(settings.baseUrl).toEqual({ value: bases[winner], source: baseSource });
    },
  );

  it('takes the key from the environment before the profile, never from a flag', () => {
    const fromEnv = resolveSettings({ flags: {}, env: { RUNPOD_API_KEY: 'env-key' }, config });
    expect(fromEnv.apiKey).toEqual({ value: 'env-key', source: 'env:RUNPOD_API_KEY' });
    const fromConfig = resolveSettings({ flags: {}, env: {}, config });
    expect(fromConfig.apiKey).toEqual({ value: 'cfg-default-key', source: 'config:default' });
    expect(resolveSettings({ flags: {}, env: {}, config: { profiles: {} } }).apiKey).toBeUndefined();
  });

  it('treats empty environment values as unset', () => {
    const settings = resolveSettings({
      flags: {},
      env: { RUNPOD_API_KEY: '', RUNPOD_ENDPOINT_ID: '', RUNPOD_ENDPOINT_BASE_URL: '', RPV_PROFILE: '' },
      config,
    });
    expect(settings.profile).toEqual({ value: 'default', source: 'default' });
    expect(settings.apiKey?.source).toBe('config:default');
    expect(settings.endpoint?.source).toBe('config:default');
    expect(settings.baseUrl.source).toBe('config:default');
  });
});

describe('profile selection', () => {
  const withDefault: ConfigFile = { ...config, 'default-profile': 'work' };
  it.each([
    [{ profile: 'bare' }, { RPV_PROFILE: 'work' }, withDefault, 'bare', 'flag'],
    [{}, { RPV_PROFILE: 'bare' }, withDefault, 'bare', 'env:RPV_PROFILE'],
    [{}, {}, withDefault, 'work', 'config:default-profile'],
    [{}, {}, config, 'default', 'default'],
  ] as const)('flags %j env %j', (flags, env, cfg, value, source) => {
    expect(selectProfile(flags, env, cfg)).toEqual({ value, source });
    expect(resolveSettings({ flags, env, config: cfg }).profile).toEqual({ value, source });
  });

  it('uses the selected profile for key, endpoint, base URL and defaults', () => {
    const settings = resolveSettings({ flags: {}, env: { RPV_PROFILE: 'work' }, config });
    expect(settings.apiKey).toEqual({ value: 'cfg-work-key', source: 'config:work' });
    expect(settings.endpoint?.value).toBe('cfgwork');
    expect(settings.defaults).toEqual({ temperature: { value: 0.2, source: 'config:work' } });
  });

  it('rejects a named profile that does not exist, unless told to allow it', () => {
    expect(() => resolveSettings({ flags: { profile: 'nope' }, env: {}, config })).toThrow(ConfigError);
    expect(() => resolveSettings({ flags: {}, env: { RPV_PROFILE: 'nope' }, config })).toThrow(
      /no profile named "nope"/,
    );
    const allowed = resolveSettings({ flags: { profile: 'nope' }, env: {}, config, allowMissingProfile: true });
    expect(allowed.profile.value).toBe('nope');
    // The contract: a profile with no key of its own uses the default profile's key.
    expect(allowed.apiKey).toEqual({ value: 'cfg-default-key', source: 'config:default' });
  });

  it('accepts the built-in default profile when it is missing', () => {
    const settings = resolveSettings({ flags: {}, env: {}, config: { profiles: {} } });
    expect(settings.profile).toEqual({ value: 'default', source: 'default' });
    expect(settings.defaults).toEqual({});
  });
});

describe('validation and requirements', () => {
  it('reports a bad flag as a usage error and a bad env value as a config error', () => {
    expect(() => resolveSettings({ flags: { endpoint: 'a/b' }, env: {}, config })).toThrow(UsageError);
    expect(() => resolveSettings({ flags: {}, env: { RUNPOD_ENDPOINT_ID: 'a b' }, config })).toThrow(ConfigError);
    expect(() => resolveSettings({ flags: { baseUrl: 'ftp://x' }, env: {}, config })).toThrow(UsageError);
    expect(() => resolveSettings({ flags: {}, env: { RUNPOD_ENDPOINT_BASE_URL: 'nope' }, config })).toThrow(
      /env:RUNPOD_ENDPOINT_BASE_URL/,
    );
  });

  it('requireKey and requireEndpoint return values or explain how to set them', () => {
    const full = resolveSettings({ flags: {}, env: {}, config });
    expect(requireKey(full)).toBe('cfg-default-key');
    expect(requireEndpoint(full)).toBe('cfgdefault');
    const empty = resolveSettings({ flags: {}, env: {}, config: { profiles: {} } });
    try {
      requireKey(empty);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).exitCode).toBe(3);
      expect((err as ConfigError).hint).toContain('rpv config set api-key');
    }
    expect(() => requireEndpoint(empty)).toThrow(ConfigError);
  });
});
