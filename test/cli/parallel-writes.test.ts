// Parallel processes changing one file keep every change: `config set` of different keys,
// one-shot chats on one --session; and a copied session file is its own conversation.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, tokenDelayMs: 1 });
});
afterAll(async () => {
  await emu.close();
});

const envOf = (home: ReturnType<typeof makeHome>) => ({
  ...home.env,
  RUNPOD_API_KEY: TEST_KEY,
  RUNPOD_ENDPOINT_ID: 'ep',
  RUNPOD_ENDPOINT_BASE_URL: emu.baseUrl,
});

describe('parallel writers', () => {
  it('10 parallel `config set` of different keys keep all 10', async () => {
    const home = makeHome();
    try {
      const runs = Array.from({ length: 10 }, (_, i) =>
        runRpv(['config', 'set', '--profile', `p${i}`, 'endpoint', `ep${i}`], { env: home.env, timeoutMs: 30_000 }),
      );
      const results = await Promise.all(runs);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const file = JSON.parse(readFileSync(join(home.env.RPV_CONFIG_DIR!, 'config.json'), 'utf8')) as {
        profiles: Record<string, { endpoint: string }>;
      };
      for (let i = 0; i < 10; i++) expect(file.profiles[`p${i}`]?.endpoint).toBe(`ep${i}`);
    } finally {
      home.dispose();
    }
  }, 40_000);

  it('6 parallel one-shot chats on one --session keep all 12 messages', async () => {
    const home = makeHome();
    try {
      const runs = Array.from({ length: 6 }, (_, i) =>
        runRpv(['chat', '--session', 'shared', '--max-tokens', '4', `message ${i}`], {
          env: envOf(home),
          timeoutMs: 30_000,
        }),
      );
      for (const r of await Promise.all(runs)) expect(r.code, r.stderr).toBe(0);
      const saved = JSON.parse(readFileSync(join(home.env.RPV_DATA_DIR!, 'sessions', 'shared.json'), 'utf8')) as {
        messages: { role: string; content: string }[];
      };
      expect(saved.messages).toHaveLength(12);
      const users = saved.messages
        .filter((m) => m.role === 'user')
        .map((m) => m.content)
        .sort();
      expect(users).toEqual(Array.from({ length: 6 }, (_, i) => `message ${i}`));
    } finally {
      home.dispose();
    }
  }, 40_000);

  it('a copied session file is its own conversation: the original is never written', async () => {
    const home = makeHome();
    try {
      const env = envOf(home);
      expect((await runRpv(['chat', '--session', 'work', '--max-tokens', '4', 'first'], { env })).code).toBe(0);
      const dir = join(home.env.RPV_DATA_DIR!, 'sessions');
      const original = readFileSync(join(dir, 'work.json'), 'utf8');
      copyFileSync(join(dir, 'work.json'), join(dir, 'branch.json'));
      const res = await runRpv(['chat', '--session', 'branch', '--max-tokens', '4', 'second'], { env });
      expect(res.code, res.stderr).toBe(0);
      expect(readFileSync(join(dir, 'work.json'), 'utf8')).toBe(original);
      const branch = JSON.parse(readFileSync(join(dir, 'branch.json'), 'utf8')) as {
        name: string;
        messages: unknown[];
      };
      expect(branch.name).toBe('branch');
      expect(branch.messages).toHaveLength(4);
    } finally {
      home.dispose();
    }
  });
});
