// stdin as a prompt is bounded: more than 16 MiB is a usage error naming the limit (exit 2,
// nothing sent); --timeout covers waiting for it (exit 6); Ctrl-C while waiting exits 130 at
// once; --no-stdin leaves stdin alone, so a `while read` loop keeps its lines.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { baseEnv, BIN, makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';

let emu: Emulator;
const home = makeHome();
beforeAll(async () => {
  emu = await startEmulator({ port: 0, tokenDelayMs: 1 });
});
afterAll(async () => {
  await emu.close();
  home.dispose();
});
const env = () => ({
  ...home.env,
  RUNPOD_API_KEY: TEST_KEY,
  RUNPOD_ENDPOINT_ID: 'ep',
  RUNPOD_ENDPOINT_BASE_URL: emu.baseUrl,
});

/** Spawns rpv with a stdin pipe the test controls; resolves with exit code, stderr and ms taken. */
function spawnRpv(args: string[], feed: (stdin: NodeJS.WritableStream, kill: (s: NodeJS.Signals) => void) => void) {
  return new Promise<{ code: number | null; stderr: string; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: baseEnv(env()), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    child.stdin.on('error', () => undefined);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: performance.now() - started });
    });
    feed(child.stdin, (s) => child.kill(s));
  });
}

describe('stdin bounds', () => {
  it('more than 16 MiB on stdin: exit 2 naming the limit, nothing sent', async () => {
    const before = emu.jobs().length;
    const res = await spawnRpv(['complete', 'hi'], (stdin) => {
      const block = Buffer.alloc(1024 * 1024, 'y');
      let sent = 0;
      const pump = (): void => {
        while (sent < 40) {
          sent++;
          if (!stdin.write(block)) return void stdin.once('drain', pump);
        }
        stdin.end();
      };
      pump();
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^rpv: stdin is larger than 16 MiB .*nothing was sent/);
    expect(emu.jobs().length).toBe(before);
  }, 30_000);

  it('--timeout covers waiting for stdin: exit 6', async () => {
    const res = await spawnRpv(['complete', '--timeout', '1s', 'hi'], () => undefined);
    expect(res.code).toBe(6);
    expect(res.stderr).toMatch(/^rpv: --timeout passed while waiting for stdin/);
  });

  it('Ctrl-C while waiting for stdin exits 130 promptly', async () => {
    const res = await spawnRpv(['complete', 'hi'], (_stdin, kill) => setTimeout(() => kill('SIGINT'), 700));
    expect(res.code).toBe(130);
    expect(res.ms).toBeLessThan(4_000);
  });

  it('--no-stdin leaves stdin unread: the prompt is the arguments only', async () => {
    const res = await runRpv(['complete', '--no-stdin', '--json', '--max-tokens', '4', 'only me'], {
      env: env(),
      stdin: 'rest of the file\n',
    });
    expect(res.code, res.stderr).toBe(0);
    const job = emu.jobs().at(-1)!;
    expect(JSON.stringify(job.input)).toContain('only me');
    expect(JSON.stringify(job.input)).not.toContain('rest of the file');
  });
});
