// Shared by the spawned-binary tests: one emulator and one isolated home per suite, a run
// wrapper that checks the key never shows, and filters for what the emulator saw per endpoint.
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  startEmulator,
  type Emulator,
  type EmulatorJobView,
  type EmulatorOptions,
  type RecordedRequest,
} from '../../src/emulator/index.js';
import { filesHolding, leaksKey, makeHome, runRpv, TEST_KEY, type RunOptions, type RunResult } from '../helpers/cli.js';

export { filesHolding };

/** What a suite works with. */
export interface Harness {
  emu: Emulator;
  home: ReturnType<typeof makeHome>;
  /** A fresh endpoint ID, so concurrent tests can tell their jobs and requests apart. */
  endpoint: () => string;
  /** Environment for a run against `endpoint` (key, base URL, isolated folders). */
  env: (endpoint: string, extra?: Record<string, string | undefined>) => Record<string, string | undefined>;
  /** Spawns the built binary and asserts the key is not in its output. */
  run: (args: string[], opts?: RunOptions) => Promise<RunResult>;
  jobsOn: (endpoint: string) => EmulatorJobView[];
  requestsOn: (endpoint: string) => RecordedRequest[];
  close: () => Promise<void>;
}

let endpoints = 0;

/** Starts an emulator (token delay 0 unless given) and a home; close() checks the data dir. */
export async function harness(opts: EmulatorOptions = {}): Promise<Harness> {
  const emu = await startEmulator({ port: 0, tokenDelayMs: 0, ...opts });
  const home = makeHome();
  const env = (endpoint: string, extra: Record<string, string | undefined> = {}) => ({
    ...home.env,
    RUNPOD_API_KEY: TEST_KEY,
    RUNPOD_ENDPOINT_ID: endpoint,
    RUNPOD_ENDPOINT_BASE_URL: emu.baseUrl,
    ...extra,
  });
  return {
    emu,
    home,
    endpoint: () => `ep-${process.pid}-${++endpoints}`,
    env,
    run: async (args, runOpts = {}) => {
      const r = await runRpv(args, runOpts);
      expect(leaksKey(r), `key leaked by rpv ${args.join(' ')}`).toBe(false);
      return r;
    },
    jobsOn: (endpoint) => emu.jobs().filter((j) => j.endpointId === endpoint),
    requestsOn: (endpoint) => emu.requests().filter((r) => r.path.startsWith(`/v2/${endpoint}/`)),
    close: async () => {
      try {
        expect(filesHolding(home.env.RPV_DATA_DIR, TEST_KEY), 'key found in the data folder').toEqual([]);
      } finally {
        await emu.close();
        home.dispose();
      }
    },
  };
}

/** Every file under `dir`, for checks that the walk above saw something. */
export function countFiles(dir: string | undefined): number {
  if (dir === undefined) return 0;
  let n = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else n++;
    }
  };
  try {
    walk(dir);
  } catch {
    return n;
  }
  return n;
}

/** The text with the one newline plain mode adds when it lacks one. */
export function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The single job an endpoint received (fails the test otherwise). */
export function onlyJob(h: Harness, endpoint: string): EmulatorJobView {
  const jobs = h.jobsOn(endpoint);
  expect(jobs, `jobs on ${endpoint}`).toHaveLength(1);
  return jobs[0]!;
}

/** Asserts the output of a failed run: one `rpv: ` line, at most one hint, no stack trace. */
export function expectOneError(r: RunResult, pattern?: RegExp): void {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines.length, `stderr: ${r.stderr}`).toBeGreaterThanOrEqual(1);
  expect(lines.length, `stderr: ${r.stderr}`).toBeLessThanOrEqual(2);
  expect(lines[0]).toMatch(/^rpv: \S/);
  if (lines[1] !== undefined) expect(lines[1]).not.toMatch(/^rpv: /);
  expect(r.stderr).not.toContain('    at ');
  if (pattern) expect(r.stderr).toMatch(pattern);
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
