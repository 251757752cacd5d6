// Failures before anything is sent are configuration (3) or usage (2) errors that say so, never
// "the job may have been submitted": credentials in a base URL (never shown), a query, fragment or
// spaces in it, a key with CR/LF, non-ASCII or absurd length (never shown whole), a deeply nested --param.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';

let emu: Emulator;
const home = makeHome();
beforeAll(async () => {
  emu = await startEmulator({ port: 0, tokenDelayMs: 1 });
});
afterAll(async () => {
  await emu.close();
  home.dispose();
});

const run = (args: string[], env: Record<string, string | undefined> = {}) =>
  runRpv(args, {
    env: {
      ...home.env,
      RUNPOD_API_KEY: TEST_KEY,
      RUNPOD_ENDPOINT_ID: 'ep',
      RUNPOD_ENDPOINT_BASE_URL: emu.baseUrl,
      ...env,
    },
  });

const oneErrorLine = (stderr: string): string => {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).toMatch(/^rpv: /);
  return stderr.split('\n')[0]!;
};

describe('base URLs', () => {
  const withCreds = (): string => emu.baseUrl.replace('http://', 'http://alice:hunter2pw@');
  it.each([
    ['environment', (u: string) => [['complete', 'hi'], { RUNPOD_ENDPOINT_BASE_URL: u }] as const],
    ['flag', (u: string) => [['complete', '--base-url', u, 'hi'], {}] as const],
  ])('user:pass@ from the %s is refused (exit 3) and never shown', async (_where, make) => {
    const before = emu.jobs().length;
    const [args, env] = make(withCreds());
    const res = await run([...args], env);
    expect(res.code).toBe(3);
    const line = oneErrorLine(res.stderr);
    expect(line).toMatch(/user name or password/);
    expect(`${res.stdout}${res.stderr}`).not.toContain('hunter2pw');
    expect(emu.jobs().length).toBe(before);
  });

  it('config set base-url with credentials is refused without echoing them', async () => {
    const res = await run(['config', 'set', 'base-url', withCreds()]);
    expect([2, 3]).toContain(res.code);
    expect(`${res.stdout}${res.stderr}`).not.toContain('hunter2pw');
  });

  it.each([
    ['a query', '?x=1', /query/],
    ['a fragment', '#frag', /fragment/],
    ['spaces', '/a b', /space/],
  ])('a base URL with %s is a clear configuration error', async (_what, tail, words) => {
    const res = await run(['complete', 'hi'], { RUNPOD_ENDPOINT_BASE_URL: `${emu.baseUrl}${tail}` });
    expect(res.code).toBe(3);
    expect(oneErrorLine(res.stderr)).toMatch(words);
  });
});

describe('API keys', () => {
  it.each([
    ['a carriage return', `${TEST_KEY}\r`],
    ['a newline', `${TEST_KEY}\nx`],
    ['non-ASCII', `${TEST_KEY}é`],
  ])('a key with %s: exit 3, nothing was sent', async (_what, key) => {
    const before = emu.jobs().length;
    const res = await run(['complete', 'hi'], { RUNPOD_API_KEY: key });
    expect(res.code).toBe(3);
    expect(oneErrorLine(res.stderr)).toMatch(/nothing was sent/);
    expect(res.stderr).not.toContain(TEST_KEY.slice(4, 20));
    expect(emu.jobs().length).toBe(before);
  });

  it('a 32K-character key is never printed whole', async () => {
    const key = `rpa_${'Q'.repeat(32_000)}`;
    const res = await run(['complete', 'hi'], { RUNPOD_API_KEY: key });
    expect(res.code).toBe(3);
    oneErrorLine(res.stderr);
    expect(res.stderr.length).toBeLessThan(400);
    expect(res.stderr).not.toContain('Q'.repeat(40));
  });
});

describe('--param', () => {
  it('a deeply nested value is a usage error: nothing was sent', async () => {
    const before = emu.jobs().length;
    const deep = `${'['.repeat(60_000)}${']'.repeat(60_000)}`;
    const res = await run(['complete', '--param', `x=${deep}`, 'hi']);
    expect(res.code).toBe(2);
    expect(oneErrorLine(res.stderr)).toMatch(/--param.*nested.*nothing was sent/);
    expect(emu.jobs().length).toBe(before);
  });
});
