// Spawns the built binary (dist/, built by `pretest`) with an isolated config and data folder,
// a fake key and the emulator's base URL, and collects what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/rpv.cjs', import.meta.url));

/** A fake key distinctive enough to search for in every output. */
export const TEST_KEY = 'rpa_TESTKEY_0123456789_do_not_leak_ZZ';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string | null;
  timeoutMs?: number;
  /** Called with the child once spawned (to send signals, close pipes, ...). */
  onSpawn?: (child: ChildProcess) => void;
}

/** An isolated home for one test: config and data folders, cleaned by `dispose`. */
export function makeHome(): { dir: string; env: Record<string, string>; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rpv-test-'));
  return {
    dir,
    env: { RPV_CONFIG_DIR: join(dir, 'config'), RPV_DATA_DIR: join(dir, 'data') },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Environment for a spawned rpv: nothing from the developer's own Runpod settings leaks in. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT']) if (process.env[k]) env[k] = process.env[k];
  env.NO_UPDATE_NOTIFIER = '1';
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** Runs `rpv args...` to completion (killed after timeoutMs, default 15 s). */
export function runRpv(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: baseEnv(opts.env),
      stdio: [opts.stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    if (child.stdin) {
      child.stdin.on('error', () => undefined);
      if (opts.stdin !== undefined && opts.stdin !== null) child.stdin.end(opts.stdin);
      else child.stdin.end();
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `rpv ${args.join(' ')} did not finish in ${opts.timeoutMs ?? 15000} ms\nstderr: ${Buffer.concat(err).toString()}`,
        ),
      );
    }, opts.timeoutMs ?? 15_000);
    opts.onSpawn?.(child);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({
        code,
        signal,
        stdout: stdoutBytes.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        stdoutBytes,
      });
    });
  });
}

/** Asserts-friendly check that the test key is nowhere in a run's output. */
export function leaksKey(r: RunResult): boolean {
  return (
    r.stdout.includes(TEST_KEY) ||
    r.stderr.includes(TEST_KEY) ||
    r.stdout.includes(TEST_KEY.slice(4, 20)) ||
    r.stderr.includes(TEST_KEY.slice(4, 20))
  );
}

/** Every file under `dir` whose bytes hold `needle` or its distinctive middle (secrets checks). */
export function filesHolding(dir: string | undefined, needle: string): string[] {
  if (dir === undefined) return [];
  const hits: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p, 'latin1');
        if (text.includes(needle) || text.includes(needle.slice(4, 20))) hits.push(p);
      }
    }
  };
  walk(dir);
  return hits;
}
