// `rpv emulate`: validates the flags (the emulator owns them; the CLI only declares them), starts
// the emulator, prints the base URL on stdout and a banner on stderr, runs until the signal aborts.
import { readFileSync } from 'node:fs';
import { parseEmulatorDuration } from './duration.js';
import { EmulatorUsageError } from './errors.js';
import { parseFaultArg } from './faults.js';
import { DEFAULT_PORT } from './help.js';
import { startEmulator, type Emulator } from './index.js';
import { parseRateLimit } from './rate-limit.js';
import type { EmulatorOptions, FaultSpec } from './types.js';

/** Flags of `rpv emulate` as Commander hands them over (strings); apiKey comes from RPV_EMULATOR_KEY. */
export interface EmulateFlags {
  port?: string;
  host?: string;
  worker?: string;
  tokenDelay?: string;
  jobDuration?: string;
  workers?: string;
  concurrency?: string;
  coldStart?: string;
  idleTimeout?: string;
  rateLimit?: string;
  rateLimitRetryAfter?: boolean;
  modelKind?: string;
  reasoningField?: string;
  reasoningTokens?: string;
  speculative?: string;
  replyFile?: string;
  seed?: string;
  fault?: string[];
  apiKey?: string;
  /** No per-request log lines on stderr. */
  quiet?: boolean;
}

/** Where the command writes; `env` is read for RPV_EMULATOR_KEY when `apiKey` is not given. */
export interface EmulateIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

/** Parses a duration flag; a bare number is taken in `bareUnit` (ms for --token-delay, s for --cold-start). */
export function parseDuration(flag: string, value: string, bareUnit: 'ms' | 's'): number {
  return parseEmulatorDuration(flag, value, bareUnit);
}

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < min || n > max)
    throw new EmulatorUsageError(`${flag} must be an integer between ${min} and ${max} (got ${JSON.stringify(value)})`);
  return n;
}

function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new EmulatorUsageError(`${flag} must be ${allowed.join(' or ')} (got ${JSON.stringify(value)})`);
  return value as T;
}

function readReply(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new EmulatorUsageError(
      `--reply-file ${JSON.stringify(file)}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (text.trim() === '') throw new EmulatorUsageError(`--reply-file ${JSON.stringify(file)}: the file is empty`);
  return text;
}

/** Turns the flags into emulator options; throws EmulatorUsageError naming the bad flag. */
function emulatorOptionsFromFlags(
  opts: EmulateFlags,
  env: NodeJS.ProcessEnv,
): EmulatorOptions & { host: string; port: number } {
  const dur = (flag: string, v: string | undefined, unit: 'ms' | 's') =>
    v === undefined ? undefined : parseDuration(flag, v, unit);
  const o: EmulatorOptions = {
    worker: choice('--worker', opts.worker, ['legacy', 'openai'] as const),
    tokenDelayMs: dur('--token-delay', opts.tokenDelay, 'ms'),
    jobDurationMs: dur('--job-duration', opts.jobDuration, 'ms'),
    coldStartMs: dur('--cold-start', opts.coldStart, 's'),
    idleTimeoutMs: dur('--idle-timeout', opts.idleTimeout, 's'),
    workers: wholeNumber('--workers', opts.workers, 0, 1000),
    concurrency: wholeNumber('--concurrency', opts.concurrency, 1, 100_000),
    ...(opts.rateLimit === undefined
      ? {}
      : { rateLimit: parseRateLimit(opts.rateLimit) === undefined ? null : opts.rateLimit }),
    ...(opts.rateLimitRetryAfter ? { rateLimitRetryAfter: true } : {}),
    modelKind: choice('--model-kind', opts.modelKind, ['plain', 'reasoning'] as const),
    reasoningField: choice('--reasoning-field', opts.reasoningField, ['reasoning', 'reasoning_content'] as const),
    reasoningTokens: wholeNumber('--reasoning-tokens', opts.reasoningTokens, 0, 100_000),
    speculativeTokens: wholeNumber('--speculative', opts.speculative, 0, 16),
    replyText: readReply(opts.replyFile),
    seed: wholeNumber('--seed', opts.seed, 0, 2 ** 32 - 1),
    faults: (opts.fault ?? []).map(parseFaultArg),
  };
  const apiKey = opts.apiKey ?? env.RPV_EMULATOR_KEY;
  const defined = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as EmulatorOptions;
  return {
    ...defined,
    host: opts.host ?? '127.0.0.1',
    port: wholeNumber('--port', opts.port, 0, 65535) ?? DEFAULT_PORT,
    ...(apiKey ? { apiKey } : {}),
  };
}

function faultLabel(f: FaultSpec): string {
  return `${f.name}${f.route ? '@' + f.route : ''}:${f.count === Infinity ? 'inf' : String(f.count)}`;
}

function banner(emu: Emulator, o: ReturnType<typeof emulatorOptionsFromFlags>): string {
  const s = emu.settings();
  const faults = (o.faults ?? []).length === 0 ? 'none' : (o.faults ?? []).map(faultLabel).join(', ');
  const coldStart = s.coldStartMs > 0 ? `${s.coldStartMs} ms` : 'off';
  const timing = s.jobDurationMs > 0 ? `job duration ${s.jobDurationMs} ms` : `token delay ${s.tokenDelayMs} ms`;
  const model = [
    s.modelKind === 'reasoning' ? `reasoning (${s.reasoningTokens} tokens in "${s.reasoningField}")` : 'plain',
    s.speculativeTokens > 0 ? `speculative k=${s.speculativeTokens}` : '',
    s.replyText !== undefined ? 'reply from file' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return [
    `rpv emulate: Runpod Serverless endpoint emulator listening on ${emu.url}`,
    `  worker-vllm generation: ${s.worker}; ${timing}; cold start ${coldStart}; faults: ${faults}`,
    `  capacity per endpoint: ${s.workers} workers x ${s.concurrency} jobs; idle timeout ${s.idleTimeoutMs} ms; rate limit ${s.rateLimit ? (s.rateLimitRetryAfter ? 'on (429 with Retry-After)' : 'on (bare 429)') : 'off'}`,
    `  model: ${model}`,
    `  use it with:  export RUNPOD_ENDPOINT_BASE_URL=${emu.baseUrl}`,
    '  any endpoint ID works (except "missing-endpoint", which answers 404)',
    o.apiKey
      ? '  API key: only the value of RPV_EMULATOR_KEY is accepted'
      : '  API key: any non-empty key is accepted (set RPV_EMULATOR_KEY to require one)',
    '  control: GET /_emulator/requests, /_emulator/jobs; POST /_emulator/faults, /_emulator/config, /_emulator/generate',
    '  stop with Ctrl-C',
    '',
  ].join('\n');
}

function usageLine(err: EmulatorUsageError): string {
  return `rpv: ${err.message}\n${err.hint ? `  ${err.hint}\n` : ''}`;
}

/** Runs `rpv emulate` until `signal` aborts; returns the exit code (2 with one `rpv:` line for bad flags). */
export async function runEmulateCommand(opts: EmulateFlags, io: EmulateIo, signal: AbortSignal): Promise<number> {
  let emu: Emulator;
  let o: ReturnType<typeof emulatorOptionsFromFlags>;
  try {
    o = emulatorOptionsFromFlags(opts, io.env ?? process.env);
    // Prompts and replies would be served to anyone who can reach the host: say so before listening.
    if (!/^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i.test(o.host)) {
      io.stderr.write(
        `rpv: warning: --host ${o.host} is not loopback: other machines can reach this emulator and see every prompt sent to it\n`,
      );
    }
    emu = await startEmulator({
      ...o,
      ...(opts.quiet ? {} : { log: (line: string) => void io.stderr.write(`  ${line}\n`) }),
    }).catch((err: unknown) => {
      if (err instanceof EmulatorUsageError) throw err;
      const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
      throw new EmulatorUsageError(`cannot listen on ${o.host}:${o.port}: ${code}`, {
        hint: 'pick another --port, or --port 0 for a free one',
      });
    });
  } catch (err) {
    if (!(err instanceof EmulatorUsageError)) throw err;
    io.stderr.write(usageLine(err));
    return err.exitCode;
  }
  io.stdout.write(`${emu.baseUrl}\n`);
  io.stderr.write(banner(emu, o));
  await new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emu.close();
  return 0;
}
