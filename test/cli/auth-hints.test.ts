// Auth errors point at the fix that works: where the rejected key came from, which profile has
// no key; and a profile with no key of its own uses the default profile's key.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeHome } from '../helpers/cli.js';
import { harness, type Harness } from './harness.js';

const RIGHT = 'the-right-key-0000';
let h: Harness;
beforeAll(async () => {
  h = await harness({ apiKey: RIGHT });
});
afterAll(async () => {
  await h.close();
});

/** A fresh home whose config holds what `setup` stores. */
async function homeWith(setup: [string[], string?][]): Promise<ReturnType<typeof makeHome>> {
  const home = makeHome();
  for (const [args, stdin] of setup) {
    const r = await h.run(['config', 'set', ...args], { env: home.env, stdin: stdin ?? '' });
    expect(r.code, r.stderr).toBe(0);
  }
  return home;
}

function envFor(
  home: ReturnType<typeof makeHome>,
  ep: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return { ...home.env, RUNPOD_ENDPOINT_ID: ep, RUNPOD_ENDPOINT_BASE_URL: h.emu.baseUrl, ...extra };
}

describe('auth hints', () => {
  test('a rejected key from RUNPOD_API_KEY names the variable, not `config set`', async () => {
    const home = makeHome();
    try {
      const r = await h.run(['complete', 'hi'], {
        env: envFor(home, h.endpoint(), { RUNPOD_API_KEY: 'wrong-key-1234' }),
      });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(
        /^rpv: the API key was rejected \(401\)\n {2}the key came from RUNPOD_API_KEY: correct or unset that variable/,
      );
      expect(r.stderr).not.toContain('rpv config set');
    } finally {
      home.dispose();
    }
  });

  test('a rejected key from profile work names `rpv config set --profile work api-key`', async () => {
    const home = await homeWith([[['--profile', 'work', 'api-key'], 'wrong-key-5678\n']]);
    try {
      const r = await h.run(['-p', 'work', 'complete', 'hi'], { env: envFor(home, h.endpoint()) });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('the key came from profile "work": run rpv config set --profile work api-key');
    } finally {
      home.dispose();
    }
  });

  test('-p work with no key anywhere names profile work in the error and the fix', async () => {
    const home = await homeWith([[['--profile', 'work', 'endpoint', 'abc']]]);
    try {
      const r = await h.run(['complete', '-p', 'work', 'hi'], { env: envFor(home, h.endpoint()) });
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(
        'rpv: no API key for profile "work" (nor in profile "default")\n  set RUNPOD_API_KEY or run: rpv config set --profile work api-key\n',
      );
      expect(h.emu.requests().filter((q) => q.path.includes('/abc/'))).toEqual([]);
    } finally {
      home.dispose();
    }
  });

  test('a profile with no key of its own uses the default profile key', async () => {
    const home = await homeWith([[['api-key'], `${RIGHT}\n`], [['--profile', 'work', 'max-tokens', '4']]]);
    try {
      const ep = h.endpoint();
      const r = await h.run(['complete', '-p', 'work', 'hi'], { env: envFor(home, ep) });
      expect(r.code, r.stderr).toBe(0);
      expect(h.requestsOn(ep).every((q) => q.status !== 401)).toBe(true);
    } finally {
      home.dispose();
    }
  });
});
