// Shared by the fault tests: one emulator per test (faults are global to an emulator, so tests
// that run concurrently each get their own), the built binary spawned against it with an
// isolated home, and the assertions every fault case repeats (exact text, error shape, no key).
import { expect } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions, type WorkerGeneration } from '../../src/emulator/index.js';
import { filesHolding, leaksKey, makeHome, runRpv, TEST_KEY, type RunOptions, type RunResult } from '../helpers/cli.js';

export { filesHolding };

export const WORKERS: WorkerGeneration[] = ['legacy', 'openai'];

/** A running emulator, its isolated home, and a way to run `rpv` against both. */
export interface FaultRig {
  emu: Emulator;
  home: ReturnType<typeof makeHome>;
  env: Record<string, string>;
  run(args: string[], opts?: RunOptions): Promise<RunResult>;
}

const open = new Set<FaultRig>();

/** Starts an emulator (token delay 2 ms, 1 s long polls unless given) and a fresh home. */
async function rig(opts: EmulatorOptions = {}): Promise<FaultRig> {
  const emu = await startEmulator({ port: 0, tokenDelayMs: 2, streamWaitMs: 1000, ...opts });
  const home = makeHome();
  const env = {
    ...home.env,
    RUNPOD_API_KEY: TEST_KEY,
    RUNPOD_ENDPOINT_ID: 'ep-faults',
    RUNPOD_ENDPOINT_BASE_URL: emu.baseUrl,
  };
  const r: FaultRig = {
    emu,
    home,
    env,
    run: async (args, runOpts = {}) => {
      const result = await runRpv(args, { timeoutMs: 15_000, ...runOpts, env: { ...env, ...runOpts.env } });
      expect(leaksKey(result), `key leaked by rpv ${args.join(' ')}`).toBe(false);
      return result;
    },
  };
  open.add(r);
  return r;
}

/** Closes one rig: the data folder must not hold the key, then the emulator and home go. */
async function closeRig(r: FaultRig): Promise<void> {
  if (!open.delete(r)) return;
  try {
    expect(filesHolding(r.home.env.RPV_DATA_DIR, TEST_KEY), 'key found in the data folder').toEqual([]);
  } finally {
    await r.emu.close();
    r.home.dispose();
  }
}

/** Closes whatever a failed test left open (afterEach / afterAll). */
export async function closeAllRigs(): Promise<void> {
  for (const r of [...open]) await closeRig(r).catch(() => undefined);
}

/** Runs `fn` with a fresh rig and always closes it. */
export async function withRig<T>(opts: EmulatorOptions, fn: (r: FaultRig) => Promise<T>): Promise<T> {
  const r = await rig(opts);
  try {
    return await fn(r);
  } finally {
    await closeRig(r);
  }
}

/** The one job the run created; its input is what rpv really sent. */
export function onlyJob(emu: Emulator) {
  const jobs = emu.jobs();
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

/** What the worker generates for the job rpv submitted, plus the newline rpv adds. */
export function expectedStdout(emu: Emulator): string {
  const text = emu.generate(onlyJob(emu).input)[0] ?? '';
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** A retry note: `rpv: rate limited (429), retry 1/4 in 1.0s`. */
const RETRY_NOTE = /^rpv: (.+), retry (\d+)\/(\d+) in (\d+(?:\.\d)?)(ms|s)$/;

/** Parsed retry notes of a run's stderr (reason, attempt, of, delay ms). */
export function retryNotes(stderr: string): { reason: string; attempt: number; of: number; ms: number }[] {
  const notes = [];
  for (const line of stderr.split('\n')) {
    const m = RETRY_NOTE.exec(line);
    if (!m) continue;
    notes.push({
      reason: m[1]!,
      attempt: Number(m[2]),
      of: Number(m[3]),
      ms: Number(m[4]) * (m[5] === 's' ? 1000 : 1),
    });
  }
  return notes;
}

/**
 * stderr is retry notes (each well formed, attempts counting up from 1 per call and never above
 * the allowed number), then at most one `rpv: ` error line and one indented hint line.
 */
export function expectErrorShape(stderr: string, opts: { error: boolean; retries?: number } = { error: true }): string {
  const lines = stderr.split('\n').filter((l) => l !== '');
  for (const l of lines) expect(l, 'no stack trace').not.toMatch(/^\s+at .+[(:]\d+/);
  const notes = retryNotes(stderr);
  notes.forEach((n, i) => {
    // Each HTTP call counts its own retries: 1, 2, ... then back to 1 for the next call.
    expect([1, (notes[i - 1]?.attempt ?? 0) + 1]).toContain(n.attempt);
    expect(n.attempt).toBeLessThanOrEqual(n.of);
    if (opts.retries !== undefined) expect(n.of).toBe(opts.retries);
    expect(n.ms).toBeGreaterThan(0);
  });
  const rest = lines.filter((l) => !RETRY_NOTE.test(l));
  if (!opts.error) {
    expect(rest, `unexpected stderr: ${stderr}`).toEqual([]);
    return '';
  }
  expect(rest.length, `stderr: ${stderr}`).toBeGreaterThanOrEqual(1);
  expect(rest.length, `stderr: ${stderr}`).toBeLessThanOrEqual(2);
  expect(rest[0]).toMatch(/^rpv: \S/);
  if (rest[1] !== undefined) expect(rest[1]).toMatch(/^ {2}\S/);
  return rest[0]!;
}

/** Resolves once `check()` is true (polled every 5 ms), or rejects after `ms`. */
export async function until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
