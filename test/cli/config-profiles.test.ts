// `rpv config` through the built binary with RPV_CONFIG_DIR, and where settings come from when
// a command runs: flag > environment > profile, for the endpoint and the base URL.
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeHome, TEST_KEY } from '../helpers/cli.js';
import { closedPort, filesHolding, harness, type Harness } from './harness.js';

// Two emulators that both insist on the test key, so a run shows which base URL it used.
let a: Harness;
let b: Harness;
const homes: ReturnType<typeof makeHome>[] = [];
beforeAll(async () => {
  [a, b] = await Promise.all([harness({ apiKey: TEST_KEY }), harness({ apiKey: TEST_KEY })]);
});
afterAll(async () => {
  try {
    for (const home of homes) expect(filesHolding(home.env.RPV_DATA_DIR, TEST_KEY)).toEqual([]);
  } finally {
    for (const home of homes) home.dispose();
    await a?.close();
    await b?.close();
  }
});

/** A home of its own with no key in the environment: the key comes from `config set`. */
async function configuredHome(): Promise<{
  env: Record<string, string>;
  config: (...args: string[]) => ReturnType<Harness['run']>;
}> {
  const home = makeHome();
  homes.push(home);
  const config = (...args: string[]) => a.run(['config', ...args], { env: home.env });
  const set = await a.run(['config', 'set', 'api-key'], { env: home.env, stdin: `${TEST_KEY}\n` });
  expect(set.code).toBe(0);
  expect(set.stdout).toBe('');
  return { env: home.env, config };
}

function jobsOf(h: Harness, ep: string): number {
  return h.jobsOn(ep).length;
}

describe('rpv config', () => {
  test.concurrent('set api-key from stdin; get and list show it masked; path names the 0600 file', async () => {
    const { env, config } = await configuredHome();
    const got = await config('get', 'api-key');
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(`${TEST_KEY.slice(0, 4)}…${TEST_KEY.slice(-4)}\n`);
    const list = await config('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^api-key\s+rpa_….{4}\s+config:default$/m);
    const listJson = JSON.parse((await config('list', '--json')).stdout) as Record<
      string,
      { value: unknown; source: string }
    >;
    expect(listJson['api-key']).toEqual({
      value: `${TEST_KEY.slice(0, 4)}…${TEST_KEY.slice(-4)}`,
      source: 'config:default',
    });
    const path = await config('path');
    expect(path.code).toBe(0);
    expect(path.stdout.startsWith(env.RPV_CONFIG_DIR!)).toBe(true);
    const file = path.stdout.trimEnd();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(filesHolding(env.RPV_CONFIG_DIR, TEST_KEY)).toEqual([file]);
  });

  test.concurrent('set/get endpoint and a sampling default; list shows their sources', async () => {
    const { config } = await configuredHome();
    expect((await config('set', 'endpoint', 'stored-endpoint')).code).toBe(0);
    expect((await config('set', 'max-tokens', '7')).code).toBe(0);
    expect((await config('get', 'endpoint')).stdout).toBe('stored-endpoint\n');
    const list = await config('list');
    expect(list.stdout).toMatch(/^endpoint\s+stored-endpoint\s+config:default$/m);
    expect(list.stdout).toMatch(/^max-tokens\s+7\s+config:default$/m);
    const unknown = await config('get', 'no-such-key');
    expect(unknown.code).toBe(2);
  });

  test.concurrent('the key from the config file authenticates a run, and the profile default applies', async () => {
    const { env, config } = await configuredHome();
    const ep = a.endpoint();
    expect((await config('set', 'endpoint', ep)).code).toBe(0);
    expect((await config('set', 'base-url', a.emu.baseUrl)).code).toBe(0);
    expect((await config('set', 'max-tokens', '5')).code).toBe(0);
    const r = await a.run(['complete', 'from the config file'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [job] = a.jobsOn(ep);
    expect(job?.input).toMatchObject({ prompt: 'from the config file', sampling_params: { max_tokens: 5 } });
    expect(a.requestsOn(ep).every((q) => q.auth === 'bearer')).toBe(true);
  });
});

describe('profiles and precedence', () => {
  test.concurrent('-p selects a profile; RPV_PROFILE too; a flag beats it', async () => {
    const { env, config } = await configuredHome();
    const work = a.endpoint();
    const other = a.endpoint();
    expect((await a.run(['config', 'set', '--profile', 'work', 'api-key'], { env, stdin: TEST_KEY })).code).toBe(0);
    expect((await config('set', '--profile', 'work', 'endpoint', work)).code).toBe(0);
    expect((await config('set', '--profile', 'work', 'base-url', a.emu.baseUrl)).code).toBe(0);
    const viaFlag = await a.run(['complete', '-p', 'work', '--max-tokens', '2', 'profile by flag'], { env });
    expect(viaFlag.code).toBe(0);
    expect(jobsOf(a, work)).toBe(1);
    const viaEnv = await a.run(['complete', '--max-tokens', '2', 'profile by env'], {
      env: { ...env, RPV_PROFILE: 'work' },
    });
    expect(viaEnv.code).toBe(0);
    expect(jobsOf(a, work)).toBe(2);
    const flagWins = await a.run(['complete', '-p', 'work', '-e', other, '--max-tokens', '2', 'flag wins'], { env });
    expect(flagWins.code).toBe(0);
    expect(jobsOf(a, other)).toBe(1);
    expect(jobsOf(a, work)).toBe(2);
    const missing = await a.run(['complete', '-p', 'nope', 'x'], { env });
    expect(missing.code).toBe(3);
  });

  test.concurrent('endpoint: flag > env > profile', async () => {
    const { env, config } = await configuredHome();
    const [fromProfile, fromEnv, fromFlag] = [a.endpoint(), a.endpoint(), a.endpoint()];
    expect((await config('set', 'endpoint', fromProfile)).code).toBe(0);
    expect((await config('set', 'base-url', a.emu.baseUrl)).code).toBe(0);
    const args = ['complete', '--max-tokens', '2', 'which endpoint'];
    expect((await a.run(args, { env })).code).toBe(0);
    expect([jobsOf(a, fromProfile), jobsOf(a, fromEnv), jobsOf(a, fromFlag)]).toEqual([1, 0, 0]);
    expect((await a.run(args, { env: { ...env, RUNPOD_ENDPOINT_ID: fromEnv } })).code).toBe(0);
    expect([jobsOf(a, fromProfile), jobsOf(a, fromEnv), jobsOf(a, fromFlag)]).toEqual([1, 1, 0]);
    expect((await a.run([...args, '-e', fromFlag], { env: { ...env, RUNPOD_ENDPOINT_ID: fromEnv } })).code).toBe(0);
    expect([jobsOf(a, fromProfile), jobsOf(a, fromEnv), jobsOf(a, fromFlag)]).toEqual([1, 1, 1]);
  });

  test.concurrent('base URL: flag > env > profile', async () => {
    const { env, config } = await configuredHome();
    const ep = a.endpoint();
    const closed = `http://127.0.0.1:${await closedPort()}/v2`;
    expect((await config('set', 'endpoint', ep)).code).toBe(0);
    expect((await config('set', 'base-url', b.emu.baseUrl)).code).toBe(0);
    const args = ['complete', '--max-tokens', '2', '--retries', '0', 'which base url'];
    expect((await a.run(args, { env })).code).toBe(0);
    expect([jobsOf(a, ep), jobsOf(b, ep)]).toEqual([0, 1]);
    expect((await a.run(args, { env: { ...env, RUNPOD_ENDPOINT_BASE_URL: a.emu.baseUrl } })).code).toBe(0);
    expect([jobsOf(a, ep), jobsOf(b, ep)]).toEqual([1, 1]);
    const flagged = await a.run([...args, '--base-url', b.emu.baseUrl], {
      env: { ...env, RUNPOD_ENDPOINT_BASE_URL: closed },
    });
    expect(flagged.code).toBe(0);
    expect([jobsOf(a, ep), jobsOf(b, ep)]).toEqual([1, 2]);
  });

  test.concurrent('status and cancel of a job use the profile the journal recorded for it', async () => {
    const home = makeHome();
    homes.push(home);
    const env = home.env;
    const ep = b.endpoint();
    for (const [key, value] of [
      ['endpoint', ep],
      ['base-url', b.emu.baseUrl],
    ]) {
      expect((await b.run(['config', 'set', '--profile', 'team', key!, value!], { env })).code).toBe(0);
    }
    expect((await b.run(['config', 'set', '--profile', 'team', 'api-key'], { env, stdin: TEST_KEY })).code).toBe(0);
    const detached = await b.run(['complete', '-p', 'team', '--detach', '--max-tokens', '3', 'team job'], { env });
    expect(detached.code).toBe(0);
    const id = detached.stdout.trim();
    // No profile, key or endpoint anywhere but in the journal entry and that profile.
    const r = await b.run(['status', id, '--wait'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(b.emu.generate(b.jobsOn(ep)[0]!.input)[0]);
    const cancel = await b.run(['cancel', id], { env });
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toBe(`${id} already COMPLETED; nothing to cancel\n`);
  });

  test.concurrent('config list shows each value with its source', async () => {
    const { env, config } = await configuredHome();
    expect((await config('set', 'endpoint', 'profile-ep')).code).toBe(0);
    const list = await a.run(['config', 'list'], {
      env: { ...env, RUNPOD_ENDPOINT_BASE_URL: a.emu.baseUrl, RUNPOD_API_KEY: TEST_KEY },
    });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^api-key\s+rpa_….{4}\s+env:RUNPOD_API_KEY$/m);
    expect(list.stdout).toMatch(/^endpoint\s+profile-ep\s+config:default$/m);
    expect(list.stdout).toMatch(/^base-url\s+\S+\s+env:RUNPOD_ENDPOINT_BASE_URL$/m);
    expect(list.stdout).toMatch(/^profile\s+default\s+default$/m);
  });
});
