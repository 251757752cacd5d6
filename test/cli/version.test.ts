// The version is written into the bundle at build time: a copy of bin/ and dist/ with no
// package.json beside it still knows its version (no chunk reads ../../package.json).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { runRpv } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const copy = mkdtempSync(join(tmpdir(), 'rpv-version-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('--version', () => {
  test('prints the package version, with -V too', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runRpv([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version} (node ${process.version}, ${process.platform}-${process.arch})\n`);
    }
  });

  test('the launcher and the ES module entry print the same line', async () => {
    const { spawnSync } = await import('node:child_process');
    const viaEntry = spawnSync(process.execPath, [join(root, 'dist', 'main.js'), '--version'], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(viaEntry.status).toBe(0);
    expect(viaEntry.stdout).toBe((await runRpv(['--version'])).stdout);
  });

  test('needs no package.json at run time', async () => {
    cpSync(join(root, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
    const { spawnSync } = await import('node:child_process');
    for (const args of [['--version'], ['--help']]) {
      const r = spawnSync(process.execPath, [join(copy, 'bin', 'rpv.cjs'), ...args], {
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(r.status).toBe(0);
      if (args[0] === '--version')
        expect(r.stdout).toBe(`${version} (node ${process.version}, ${process.platform}-${process.arch})\n`);
    }
  });
});
