import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runConfigCommand } from '../../src/cli/commands/config.js';
import { ConfigError, InterruptedError, UsageError } from '../../src/core/errors.js';
import { readConfig } from '../../src/config/store.js';
import { fakeIo } from './fake-io.js';

// Built at run time so no key-shaped literal sits in the source.
const KEY = ['test', 'only', 'key', 'value', 'abcdefgh'].join('-');
const MASKED = `${KEY.slice(0, 4)}…${KEY.slice(-4)}`;

let root: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rpv-cmd-'));
  env = { RPV_CONFIG_DIR: path.join(root, 'cfg') };
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

async function run(action: string, key?: string, value?: string, opts = {}, stdin?: string) {
  const fake = fakeIo(env);
  if (stdin !== undefined) fake.stdin.end(stdin);
  const code = await runConfigCommand(action, key, value, opts, fake.io);
  return { code, out: fake.stdout(), err: fake.stderr() };
}

describe('rpv config set/get/unset', () => {
  it('sets and gets a value in the default profile', async () => {
    const set = await run('set', 'endpoint', 'abc123');
    expect(set.code).toBe(0);
    expect(set.out).toBe('');
    expect(set.err).toContain('endpoint');
    expect((await run('get', 'endpoint')).out).toBe('abc123\n');
    expect(JSON.parse((await run('get', 'endpoint', undefined, { json: true })).out)).toEqual({
      value: 'abc123',
      source: 'config:default',
    });
  });

  it('writes to the profile named by --profile and reads it back with it', async () => {
    await run('set', 'temperature', '0.3', { profile: 'work' });
    expect(readConfig(env).profiles['work']).toEqual({ temperature: 0.3 });
    expect((await run('get', 'temperature', undefined, { profile: 'work' })).out).toBe('0.3\n');
    await expect(run('get', 'temperature')).rejects.toBeInstanceOf(ConfigError);
  });

  it('reads api-key from piped stdin, stores it trimmed and only ever shows the mask', async () => {
    const set = await run('set', 'api-key', undefined, {}, `${KEY}\n`);
    expect(set.code).toBe(0);
    expect(readConfig(env).profiles['default']?.['api-key']).toBe(KEY);
    const got = await run('get', 'api-key');
    expect(got.out).toBe(`${MASKED}\n`);
    for (const output of [set.out, set.err, got.out, got.err]) expect(output).not.toContain(KEY);
  });

  it('refuses an empty api-key from stdin', async () => {
    await expect(run('set', 'api-key', undefined, {}, '  \n')).rejects.toBeInstanceOf(UsageError);
    expect(fs.existsSync(path.join(root, 'cfg', 'config.json'))).toBe(false);
  });

  it('warns when the key is given on the command line, without echoing it', async () => {
    const set = await run('set', 'api-key', KEY);
    expect(set.err).toMatch(
      /^rpv: warning: a key typed on the command line may stay in shell history; next time run: rpv config set api-key$/m,
    );
    expect(set.err).not.toContain(KEY);
  });

  it('unsets a value and says when there was nothing to unset', async () => {
    await run('set', 'model', 'm1');
    const first = await run('unset', 'model');
    expect(first.err).toMatch(/removed model/);
    expect(readConfig(env).profiles).toEqual({});
    expect((await run('unset', 'model')).err).toMatch(/was not set/);
  });

  it('rejects unknown actions, unknown keys, missing keys and missing values as usage errors', async () => {
    await expect(run('frob')).rejects.toBeInstanceOf(UsageError);
    await expect(run('set', 'colour', 'red')).rejects.toMatchObject({
      exitCode: 2,
      hint: expect.stringContaining('api-key'),
    });
    await expect(run('get')).rejects.toBeInstanceOf(UsageError);
    await expect(run('set', 'endpoint')).rejects.toBeInstanceOf(UsageError);
    await expect(run('list', 'extra')).rejects.toBeInstanceOf(UsageError);
  });

  it('reports a corrupt config file as a config error naming it', async () => {
    fs.mkdirSync(path.join(root, 'cfg'));
    fs.writeFileSync(path.join(root, 'cfg', 'config.json'), 'not json');
    await expect(run('list')).rejects.toMatchObject({ exitCode: 3, message: expect.stringContaining('config.json') });
  });
});

describe('rpv config list/path', () => {
  it('lists every setting with its source, env included, the key masked and columns aligned', async () => {
    await run('set', 'api-key', KEY);
    await run('set', 'endpoint', 'cfgep');
    await run('set', 'max-tokens', '256');
    env['RUNPOD_ENDPOINT_ID'] = 'envep';
    const { out } = await run('list');
    expect(out).not.toContain(KEY);
    const lines = out.trimEnd().split('\n');
    const byKey = Object.fromEntries(lines.map((line) => [line.split(/\s+/)[0], line.split(/\s{2,}/).slice(1)]));
    expect(byKey['profile']).toEqual(['default', 'default']);
    expect(byKey['api-key']).toEqual([MASKED, 'config:default']);
    expect(byKey['endpoint']).toEqual(['envep', 'env:RUNPOD_ENDPOINT_ID']);
    expect(byKey['base-url']).toEqual(['https://api.runpod.ai/v2', 'default']);
    expect(byKey['max-tokens']).toEqual(['256', 'config:default']);
    const valueColumn = new Set(lines.map((line) => line.indexOf(line.split(/\s{2,}/)[1]!)));
    expect(valueColumn.size).toBe(1);
  });

  it('prints an object of {value, source} with --json, the key masked', async () => {
    env['RUNPOD_API_KEY'] = KEY;
    await run('set', 'seed', '42');
    const { out } = await run('list', undefined, undefined, { json: true });
    expect(out).not.toContain(KEY);
    expect(JSON.parse(out)).toEqual({
      profile: { value: 'default', source: 'default' },
      'api-key': { value: MASKED, source: 'env:RUNPOD_API_KEY' },
      'base-url': { value: 'https://api.runpod.ai/v2', source: 'default' },
      seed: { value: 42, source: 'config:default' },
    });
  });

  it('shows unset key and endpoint as not set', async () => {
    const { out } = await run('list');
    expect(out).toMatch(/^api-key\s+\(not set\)$/m);
    expect(out).toMatch(/^endpoint\s+\(not set\)$/m);
  });

  it('prints the config file path', async () => {
    expect((await run('path')).out).toBe(`${path.join(root, 'cfg', 'config.json')}\n`);
  });

  it.runIf(process.platform !== 'win32')('prints the permission warning on stderr', async () => {
    await run('set', 'seed', '1');
    fs.chmodSync(path.join(root, 'cfg', 'config.json'), 0o644);
    const { out, err } = await run('path');
    expect(out).not.toMatch(/warning/);
    expect(err).toMatch(/^rpv: warning: .*config\.json.*chmod 600/m);
  });
});

describe('hidden prompt for set api-key on a terminal', () => {
  it('echoes nothing, handles backspace and Enter, and restores the terminal', async () => {
    const fake = fakeIo(env, { stdinIsTTY: true });
    const done = runConfigCommand('set', 'api-key', undefined, {}, fake.io);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.stderr()).toBe('API key: ');
    fake.stdin.write(`${KEY}x`);
    fake.stdin.write('\u007f');
    fake.stdin.write('\u001b[A\r');
    expect(await done).toBe(0);
    expect(readConfig(env).profiles['default']?.['api-key']).toBe(KEY);
    expect(fake.rawModes).toEqual([true, false]);
    expect(fake.stderr()).not.toContain(KEY);
    expect(fake.stdout()).toBe('');
  });

  it('turns Ctrl-C into an interruption and writes nothing', async () => {
    const fake = fakeIo(env, { stdinIsTTY: true });
    const done = runConfigCommand('set', 'api-key', undefined, {}, fake.io);
    await new Promise((resolve) => setImmediate(resolve));
    fake.stdin.write('abc\u0003');
    await expect(done).rejects.toBeInstanceOf(InterruptedError);
    expect(fake.rawModes).toEqual([true, false]);
    expect(fs.existsSync(path.join(root, 'cfg', 'config.json'))).toBe(false);
  });

  it('stops waiting when the run is aborted', async () => {
    const fake = fakeIo(env, { stdinIsTTY: true });
    const done = runConfigCommand('set', 'api-key', undefined, {}, fake.io);
    await new Promise((resolve) => setImmediate(resolve));
    fake.abort();
    await expect(done).rejects.toMatchObject({ exitCode: 130 });
  });
});
