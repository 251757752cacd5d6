// `rpv config set api-key` at a terminal asks with hidden input: what is typed is saved, never
// echoed, and Ctrl-C leaves the config untouched.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, baseEnv, makeHome, TEST_KEY } from '../helpers/cli.js';
import { spawnPty } from '../helpers/pty.js';

describe('rpv config set api-key in a terminal', () => {
  const homes: { dispose: () => void }[] = [];
  afterEach(() => {
    for (const h of homes.splice(0)) h.dispose();
  });

  it('prompts, hides what is typed and saves it masked from view', { timeout: 20_000 }, async () => {
    const home = makeHome();
    homes.push(home);
    const pty = spawnPty(process.execPath, [BIN, 'config', 'set', 'api-key'], {
      env: baseEnv(home.env),
      cols: 80,
      rows: 10,
    });
    await pty.waitFor(/API key/i);
    pty.write(TEST_KEY);
    await new Promise((r) => setTimeout(r, 100));
    pty.write('\r');
    expect(await pty.waitForExit()).toBe(0);
    expect(pty.raw()).not.toContain(TEST_KEY);
    expect(pty.raw()).not.toContain(TEST_KEY.slice(4, 20));
    const config = JSON.parse(readFileSync(join(home.env.RPV_CONFIG_DIR ?? '', 'config.json'), 'utf8')) as {
      profiles: Record<string, Record<string, string>>;
    };
    expect(config.profiles.default?.['api-key']).toBe(TEST_KEY);
  });

  it('Ctrl-C at the prompt saves nothing and exits 130', { timeout: 20_000 }, async () => {
    const home = makeHome();
    homes.push(home);
    const pty = spawnPty(process.execPath, [BIN, 'config', 'set', 'api-key'], {
      env: baseEnv(home.env),
      cols: 80,
      rows: 10,
    });
    await pty.waitFor(/API key/i);
    pty.write('half-typed');
    await new Promise((r) => setTimeout(r, 100));
    pty.write('\x03');
    expect(await pty.waitForExit()).toBe(130);
    expect(pty.raw()).not.toContain('half-typed');
    const file = join(home.env.RPV_CONFIG_DIR ?? '', 'config.json');
    expect(existsSync(file) ? readFileSync(file, 'utf8') : '').not.toContain('half-typed');
  });
});
