// Hostile or odd local files give one clear line, never "internal error": a config file with a
// UTF-8 BOM is read, a session with a null message is refused by name, a profile named like an
// Object property is "no profile named", a config folder that cannot be written is a config error (exit 3).
import { mkdirSync, writeFileSync } from 'node:fs';
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

function setup() {
  const home = makeHome();
  const env = { ...home.env, RUNPOD_API_KEY: TEST_KEY, RUNPOD_ENDPOINT_BASE_URL: emu.baseUrl };
  return { home, env, cfg: home.env.RPV_CONFIG_DIR!, data: home.env.RPV_DATA_DIR! };
}

describe('clear errors for odd local files', () => {
  it('a config file with a UTF-8 BOM is read', async () => {
    const { home, env, cfg } = setup();
    try {
      mkdirSync(cfg, { recursive: true, mode: 0o700 });
      writeFileSync(
        join(cfg, 'config.json'),
        `\ufeff${JSON.stringify({ profiles: { default: { endpoint: 'from-bom' } } })}`,
        { mode: 0o600 },
      );
      const res = await runRpv(['config', 'get', 'endpoint'], { env });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout.trim()).toBe('from-bom');
    } finally {
      home.dispose();
    }
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'profile %s that is not in the file: "no profile named" (exit 3)',
    async (name) => {
      const { home, env } = setup();
      try {
        const res = await runRpv(['complete', '-p', name, '-e', 'ep', 'hi'], { env });
        expect(res.code).toBe(3);
        expect(res.stderr).toMatch(new RegExp(`^rpv: no profile named "${name}"`));
      } finally {
        home.dispose();
      }
    },
  );

  it('a session file with a null message is refused by name (exit 3), nothing sent', async () => {
    const { home, env, data } = setup();
    try {
      mkdirSync(join(data, 'sessions'), { recursive: true });
      const now = new Date().toISOString();
      writeFileSync(
        join(data, 'sessions', 'bad.json'),
        JSON.stringify({ name: 'bad', messages: [null], createdAt: now, updatedAt: now }),
      );
      const before = emu.jobs().length;
      const res = await runRpv(['chat', '--session', 'bad', '-e', 'ep', 'hi'], { env });
      expect(res.code).toBe(3);
      expect(res.stderr).toMatch(/^rpv: session file .*bad\.json has a message \(number 1\) without a role and text/);
      expect(res.stderr).not.toMatch(/internal error/);
      expect(emu.jobs().length).toBe(before);
    } finally {
      home.dispose();
    }
  });

  it('config set where the config folder cannot be made (a file is in the way): one line, exit 3', async () => {
    const { home, env } = setup();
    try {
      const blocker = join(home.dir, 'blocker');
      writeFileSync(blocker, 'not a folder');
      const res = await runRpv(['config', 'set', 'endpoint', 'abc'], {
        env: { ...env, RPV_CONFIG_DIR: join(blocker, 'cfg') },
      });
      expect(res.code).toBe(3);
      expect(res.stderr).toMatch(/^rpv: cannot (read|write) config file .*ENOTDIR/);
      expect(res.stderr).not.toMatch(/internal error/);
    } finally {
      home.dispose();
    }
  });
});
