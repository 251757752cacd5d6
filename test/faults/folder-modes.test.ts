// Only folders rpv creates are made 0700: an existing RPV_DATA_DIR / RPV_CONFIG_DIR (or a symlink
// to one) keeps its mode, a shared 1777 folder keeps its sticky bit, and a too-open one is warned about.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runRpv, TEST_KEY } from '../helpers/cli.js';

let emu: Emulator;
let root = '';
beforeAll(async () => {
  emu = await startEmulator({ port: 0, tokenDelayMs: 1 });
});
afterAll(async () => {
  await emu.close();
});
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const modeOf = (p: string): number => statSync(p).mode & 0o7777;
const run = (args: string[], env: Record<string, string>, stdin?: string) =>
  runRpv(args, {
    env: { RUNPOD_API_KEY: TEST_KEY, RUNPOD_ENDPOINT_ID: 'ep', RUNPOD_ENDPOINT_BASE_URL: emu.baseUrl, ...env },
    stdin,
  });

describe('folder modes', () => {
  it('an existing shared 1777 data folder keeps its mode and sticky bit, with a warning', async () => {
    root = mkdtempSync(join(tmpdir(), 'rpv-modes-'));
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const res = await run(['complete', '--max-tokens', '4', 'hi'], {
      RPV_DATA_DIR: shared,
      RPV_CONFIG_DIR: join(root, 'cfg'),
    });
    expect(res.code, res.stderr).toBe(0);
    expect(modeOf(shared)).toBe(0o1777);
    expect(res.stderr).toMatch(/^rpv: warning: .*shared is accessible to other users \(mode 1777\)/m);
    // Files rpv wrote in it (the local record) are still private.
    expect(modeOf(join(shared, 'rpv.db')) & 0o777).toBe(0o600);
  });

  it('a symlink to an existing 0755 config folder: the target is never chmod-ed', async () => {
    root = mkdtempSync(join(tmpdir(), 'rpv-modes-'));
    const real = join(root, 'real');
    mkdirSync(real);
    chmodSync(real, 0o755);
    const link = join(root, 'link');
    symlinkSync(real, link);
    const res = await run(['config', 'set', 'endpoint', 'abc'], {
      RPV_CONFIG_DIR: link,
      RPV_DATA_DIR: join(root, 'data'),
    });
    expect(res.code, res.stderr).toBe(0);
    expect(modeOf(real)).toBe(0o755);
  });

  it('folders rpv creates itself are 0700, parents included', async () => {
    root = mkdtempSync(join(tmpdir(), 'rpv-modes-'));
    const data = join(root, 'a', 'b');
    const res = await run(['complete', '--max-tokens', '4', 'hi'], {
      RPV_DATA_DIR: data,
      RPV_CONFIG_DIR: join(root, 'cfg'),
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    expect(modeOf(data)).toBe(0o700);
    expect(modeOf(join(root, 'a'))).toBe(0o700);
  });
});
