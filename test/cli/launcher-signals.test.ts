// A Ctrl-C or SIGTERM that comes while rpv is still loading (before the CLI has put its own
// handlers in place) ends it with exit 130, as an interruption later does; without the
// launcher's start-up handlers the signal killed the process with no exit code at all. The
// built launcher runs here beside a stand-in for the ES module entry that loads forever.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rpv-launcher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(join(dist, 'rpv.cjs'), join(dir, 'rpv.cjs'));
// The stand-in entry: says it has started, then never finishes loading.
writeFileSync(
  join(dir, 'main.js'),
  "process.stdout.write('loading\\n');\nsetInterval(() => {}, 1000);\nawait new Promise(() => {});\n",
);
writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');

function interrupted(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, 'rpv.cjs'), 'complete', 'hi'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stdout.once('data', () => child.kill(signal));
    child.once('error', reject);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig });
    });
  });
}

describe('signals while rpv loads', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} before the CLI is ready: exit 130`, async () => {
      expect(await interrupted(signal)).toEqual({ code: 130, signal: null });
    });
  }
});
