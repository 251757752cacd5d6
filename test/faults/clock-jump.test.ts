// Deadlines and durations use a monotonic clock: a wall-clock step forward does not cut
// `status --wait --timeout` short, and a step back does not stretch `health --watch --timeout`.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';

const PRELOAD = fileURLToPath(new URL('../helpers/clock-jump.mjs', import.meta.url));
let emu: Emulator;
const home = makeHome();
beforeAll(async () => {
  emu = await startEmulator({ port: 0, tokenDelayMs: 1, coldStartMs: 60_000 });
});
afterAll(async () => {
  await emu.close();
  home.dispose();
});

const env = (jumpMs: number) => ({
  ...home.env,
  RUNPOD_API_KEY: TEST_KEY,
  RUNPOD_ENDPOINT_ID: 'ep',
  RUNPOD_ENDPOINT_BASE_URL: emu.baseUrl,
  NODE_OPTIONS: `--import ${PRELOAD}`,
  RPV_TEST_CLOCK_JUMP_MS: String(jumpMs),
});

describe('a wall-clock step', () => {
  it('an hour forward does not cut status --wait --timeout 3s short', async () => {
    const sub = await runRpv(['complete', '--detach', 'hi'], { env: env(0) });
    expect(sub.code, sub.stderr).toBe(0);
    const started = performance.now();
    const res = await runRpv(['status', sub.stdout.trim(), '--wait', '--timeout', '3s'], {
      env: env(3_600_000),
      timeoutMs: 20_000,
    });
    const took = performance.now() - started;
    expect(res.code, res.stderr).toBe(6);
    expect(took).toBeGreaterThan(2_500);
  });

  it('an hour back does not stretch health --watch --timeout 2s', async () => {
    const res = await runRpv(['health', '--watch', '--interval', '500ms', '--timeout', '2s'], {
      env: env(-3_600_000),
      timeoutMs: 15_000,
    });
    expect(res.code, res.stderr).toBe(6);
  });
});
