// Bad input from the user's side: random strings and numbers for every sampling, policy and
// shared flag. Either the value is accepted (and lands in range) or the result is a one-line
// `rpv: ` usage error with exit 2, never a stack trace. In-process with many runs; a spawned
// sample (with --detach, so accepted values only submit) checks the real process boundary.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommonFlags, parsePolicyFlags, parseSamplingFlags } from '../../src/core/flags/values.js';
import { UsageError } from '../../src/core/errors.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';

/** Flags that take a value, by their commander option key. */
const FLAGS = {
  'max-tokens': 'maxTokens',
  temperature: 'temperature',
  'top-p': 'topP',
  'top-k': 'topK',
  'min-p': 'minP',
  stop: 'stop',
  'repetition-penalty': 'repetitionPenalty',
  'presence-penalty': 'presencePenalty',
  'frequency-penalty': 'frequencyPenalty',
  seed: 'seed',
  n: 'n',
  'best-of': 'bestOf',
  param: 'param',
  'execution-timeout': 'executionTimeout',
  ttl: 'ttl',
  webhook: 'webhook',
  timeout: 'timeout',
  retries: 'retries',
} as const;
type Flag = keyof typeof FLAGS;
const NAMES = Object.keys(FLAGS) as Flag[];
const REPEATABLE = new Set<Flag>(['stop', 'param']);

/** Values a person (or a script with a bug) might type. */
const value = fc
  .oneof(
    fc.string({ maxLength: 16 }),
    fc.string({ maxLength: 16, unit: 'grapheme' }),
    fc.integer().map(String),
    fc.double({ noNaN: false }).map(String),
    fc.constantFrom(
      '',
      ' ',
      '-1',
      '0',
      '1',
      '2',
      '1e3',
      '1e309',
      '-0',
      'NaN',
      'Infinity',
      '0x10',
      '1_000',
      '١٢',
      '½',
      '5s',
      '250ms',
      '7d',
      '8d',
      '1h',
      '30',
      '-5s',
      'https://example.com/hook',
      'ftp://x',
      'key=1',
      '=1',
      'a b=2',
      'ignore_eos=true',
      '--',
      '-',
      'true',
      '\u001b[2J',
      '0.5',
      '2.0001',
      '128',
      '129',
      '1000001',
    ),
  )
  .filter((v) => !v.includes('\u0000'));

const flagValue = fc.tuple(fc.constantFrom(...NAMES), value);

describe('flag values in-process', () => {
  it('each flag: accepted in range, or a one-line UsageError naming the flag', () => {
    fc.assert(
      fc.property(fc.array(flagValue, { minLength: 1, maxLength: 4 }), (pairs) => {
        const raw: Record<string, unknown> = {};
        for (const [flag, v] of pairs) {
          const key = FLAGS[flag];
          raw[key] = REPEATABLE.has(flag) ? [...((raw[key] as string[] | undefined) ?? []), v] : v;
        }
        try {
          const s = parseSamplingFlags(raw);
          const { policy, webhook } = parsePolicyFlags(raw);
          const common = parseCommonFlags(raw);
          expect(Number.isInteger(s.maxTokens) && s.maxTokens >= 1).toBe(true);
          if (s.temperature !== undefined) expect(s.temperature >= 0 && s.temperature <= 2).toBe(true);
          if (s.topP !== undefined) expect(s.topP > 0 && s.topP <= 1).toBe(true);
          if (s.n !== undefined) expect(Number.isInteger(s.n) && s.n >= 1).toBe(true);
          if (policy.executionTimeoutMs !== undefined) expect(policy.executionTimeoutMs).toBeGreaterThanOrEqual(5000);
          if (policy.ttlMs !== undefined) expect(policy.ttlMs).toBeGreaterThanOrEqual(10_000);
          if (webhook !== undefined) expect(webhook).toMatch(/^https?:\/\//);
          expect(common.retries >= 0 && common.retries <= 10).toBe(true);
          if (common.timeoutMs !== undefined) expect(common.timeoutMs).toBeGreaterThan(0);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          const e = err as UsageError;
          expect(e.exitCode).toBe(2);
          expect(e.message).not.toMatch(/[\n\r\u001b]/);
          const named = pairs.some(([flag]) => e.message.includes(flag.length === 1 ? `-${flag}` : `--${flag}`));
          expect(named, e.message).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('flag values through the built binary', () => {
  let emu: Emulator;
  const home = makeHome();
  // Jobs never progress: accepted values only submit (--detach), nothing generates.
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, tokenDelayMs: 60_000 });
  });
  afterAll(async () => {
    await emu.close();
    home.dispose();
  });

  it('exit 0 with a job ID, or exit 2 with one `rpv: ` line (and a hint); never a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(flagValue, async ([flag, v]) => {
        const arg = flag === 'n' ? ['-n', v] : [`--${flag}=${v}`];
        const r = await runRpv(['complete', '--detach', ...arg, 'hello'], {
          timeoutMs: 10_000,
          env: {
            ...home.env,
            RUNPOD_API_KEY: TEST_KEY,
            RUNPOD_ENDPOINT_ID: 'ep-flags',
            RUNPOD_ENDPOINT_BASE_URL: emu.baseUrl,
          },
        });
        expect(r.stderr).not.toMatch(/^\s+at /m);
        // A tiny --timeout may pass before /run answers: that is the contract's exit 6.
        if (flag === 'timeout' && r.code === 6) return;
        expect([0, 2], `rpv ${arg.join(' ')} → ${r.code}: ${r.stderr}`).toContain(r.code);
        if (r.code === 0) {
          expect(r.stdout).toMatch(/^[A-Za-z0-9_-]+\n$/);
          return;
        }
        expect(r.stdout).toBe('');
        const lines = r.stderr.split('\n').filter((l) => l !== '');
        expect(lines.length).toBeGreaterThanOrEqual(1);
        expect(lines.length).toBeLessThanOrEqual(2);
        expect(lines[0]).toMatch(/^rpv: \S/);
        if (lines[1] !== undefined) expect(lines[1]).toMatch(/^ {2}\S/);
        expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      }),
      { numRuns: 15 },
    );
  }, 60_000);
});
