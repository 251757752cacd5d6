// `rpv config set` must refuse exactly what the endpoint commands would later refuse, so a
// profile can never hold a value that makes every command exit 2 (or 3) until it is unset.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommonFlags, parseSamplingFlags } from '../../src/core/flags/values.js';
import { runConfigCommand } from '../../src/cli/commands/config.js';
import { UsageError } from '../../src/core/errors.js';
import { readConfig } from '../../src/config/store.js';
import { fakeIo } from './fake-io.js';

let root: string;
let env: NodeJS.ProcessEnv;
let file: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rpv-ranges-'));
  env = { RPV_CONFIG_DIR: path.join(root, 'cfg') };
  file = path.join(root, 'cfg', 'config.json');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

async function set(key: string, value: string, opts: { profile?: string } = {}) {
  const fake = fakeIo(env);
  const code = await runConfigCommand('set', key, value, opts, fake.io);
  return { code, err: fake.stderr() };
}

/** What an endpoint command does with the stored profile: the same two parsers. */
function commandsAccept(profile = 'default'): void {
  const defaults: Record<string, unknown> = { ...readConfig(env).profiles[profile] };
  parseSamplingFlags({}, defaults);
  parseCommonFlags({}, defaults);
}

describe('config set checks ranges the way the commands do', () => {
  it.each([
    ['temperature', '7', 'between 0 and 2'],
    ['top-k', '0', '-1 (no limit) or an integer of at least 1'],
    ['retries', '50', 'an integer between 0 and 10'],
    ['max-tokens', '2000000', 'an integer between 1 and 1000000'],
    ['top-p', '0', 'greater than 0 and at most 1'],
    ['presence-penalty', '-3', 'between -2 and 2'],
    ['timeout', '0', 'greater than 0'],
    ['model', '  ', 'a non-empty model name'],
  ])('refuses %s %s with exit 2 naming key and range, and stores nothing', async (key, value, range) => {
    await set('seed', '1');
    const before = fs.readFileSync(file, 'utf8');
    const failure = set(key, value);
    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(failure).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(new RegExp(`^config key ${key} must be .*${range.replace(/[()]/g, '\\$&')}`)),
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(() => commandsAccept()).not.toThrow();
  });

  it.each([
    ['temperature', '2', 2],
    ['top-k', '-1', -1],
    ['retries', '10', 10],
    ['timeout', '2m05s', '2m05s'],
    ['timeout', '1d', '1d'],
    ['timeout', '1.5', '1.5'],
    ['stop', '["</s>","\\n\\n"]', ['</s>', '\n\n']],
  ] as const)('stores %s %s and the commands accept it', async (key, value, stored) => {
    expect((await set(key, value)).code).toBe(0);
    expect(readConfig(env).profiles['default']?.[key]).toEqual(stored);
    expect(() => commandsAccept()).not.toThrow();
  });

  it('reads back a hand-written compound timeout instead of calling the file broken', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ profiles: { default: { timeout: '1h30m' } } }));
    expect(readConfig(env).profiles['default']).toEqual({ timeout: '1h30m' });
  });
});

describe('config set default-profile', () => {
  it('refuses a profile that does not exist with exit 2, naming the known ones', async () => {
    await set('seed', '1', { profile: 'work' });
    const before = fs.readFileSync(file, 'utf8');
    const failure = set('default-profile', 'nosuchprofile');
    await expect(failure).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('no profile named "nosuchprofile"'),
      hint: expect.stringContaining('profiles: work'),
    });
    await expect(set('default-profile', 'constructor')).rejects.toBeInstanceOf(UsageError);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses even "default" until that profile holds something', async () => {
    await expect(set('default-profile', 'default')).rejects.toMatchObject({ exitCode: 2 });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('accepts a profile that exists', async () => {
    await set('temperature', '0.4', { profile: 'work' });
    expect((await set('default-profile', 'work')).code).toBe(0);
    expect(readConfig(env)['default-profile']).toBe('work');
  });
});
