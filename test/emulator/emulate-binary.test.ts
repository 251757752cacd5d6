// `rpv emulate` as users run it: the built binary's --help (derived from the fault table),
// bad flags (exit 2, one line), and the capacity and rate-limit flags reaching a live emulator.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FAULT_HELP } from '../../src/emulator/index.js';
import { ROUTE_NAMES } from '../../src/emulator/faults.js';
import { BIN, baseEnv, runRpv } from '../helpers/cli.js';

describe('rpv emulate (built binary)', () => {
  it('--help lists every fault with its description, every route and the defaults', async () => {
    const r = await runRpv(['emulate', '--help']);
    expect(r.code).toBe(0);
    for (const [name, what] of Object.entries(FAULT_HELP))
      expect(r.stdout).toMatch(
        new RegExp(`^  ${name.replace(/[-]/g, '\\-')} +${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
      );
    for (const route of ROUTE_NAMES) expect(r.stdout).toContain(route);
    expect(r.stdout).toContain('chat/completions, completions, models');
    for (const d of [
      '(default 8787)',
      '(default 3)',
      '(default 30)',
      '(default 20ms)',
      '(default 5s)',
      '(default openai)',
      '(default off)',
    ]) {
      expect(r.stdout).toContain(d);
    }
    expect(r.stdout).toMatch(/run 1000\/10s \(200 at once\)/);
  });

  it.each([
    [['--workers', 'many'], /^rpv: --workers must be an integer between 0 and 1000 \(got "many"\)\n$/],
    [['--rate-limit', 'health=1/1s'], /^rpv: --rate-limit must be off, runpod.* \(got "health=1\/1s"\)\n$/],
    [['--fault', 'explode'], /^rpv: --fault "explode": unknown fault/],
  ])('%j is exit 2 with one rpv: line', async (args, message) => {
    const r = await runRpv(['emulate', '--port', '0', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('    at ');
  });

  it('capacity and rate-limit flags reach the emulator; SIGTERM ends it with exit 0', { timeout: 20_000 }, async () => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'emulate',
        '--port',
        '0',
        '-q',
        '--workers',
        '1',
        '--concurrency',
        '1',
        '--job-duration',
        '2s',
        '--rate-limit',
        'run=2/10s',
        '--rate-limit-retry-after',
      ],
      {
        env: baseEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        child.on('exit', () => reject(new Error('emulator exited early')));
      });
      const headers = { authorization: 'Bearer k', 'content-type': 'application/json' };
      const run = () =>
        fetch(`${base}/ep/run`, { method: 'POST', headers, body: JSON.stringify({ input: { prompt: 'x' } }) });
      const [a, b, c] = [await run(), await run(), await run()];
      expect([a.status, b.status, c.status]).toEqual([200, 200, 429]);
      expect(Number(c.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 300));
      const health = (await (await fetch(`${base}/ep/health`, { headers })).json()) as {
        jobs: Record<string, number>;
        workers: Record<string, number>;
      };
      expect(health.jobs).toMatchObject({ inProgress: 1, inQueue: 1 });
      expect(health.workers).toMatchObject({ running: 1 });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  });
});
