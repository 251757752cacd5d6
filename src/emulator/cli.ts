// `rpv emulate`: validates the flags, starts the emulator, prints the base URL on stdout and a
// short banner on stderr, and runs until the signal aborts.
import { parseDuration as parseCoreDuration } from '../core/duration.js';
import { UsageError } from '../core/errors.js';
import { parseFaultArg } from './faults.js';
import { startEmulator, type Emulator } from './index.js';
import type { FaultSpec, WorkerGeneration } from './types.js';

/** Flags of `rpv emulate` as Commander hands them over (strings); apiKey comes from RPV_EMULATOR_KEY. */
export interface EmulateFlags {
  port?: string;
  host?: string;
  worker?: string;
  tokenDelay?: string;
  coldStart?: string;
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

const BARE_NUMBER = /^\s*\d+(?:\.\d+)?\s*$/;

/**
 * Parses a duration with rpv's own parser (`250ms`, `2s`, `5m`, `1h`), except that a bare number
 * is taken in `bareUnit` (--token-delay: milliseconds; --cold-start: seconds, as elsewhere in rpv).
 */
export function parseDuration(flag: string, value: string, bareUnit: 'ms' | 's'): number {
  if (bareUnit === 'ms' && BARE_NUMBER.test(value)) return Math.round(Number(value));
  return Math.round(parseCoreDuration(value, flag));
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535) throw new UsageError(`--port ${JSON.stringify(value)}: expected 0..65535 (0 picks a free port)`);
  return n;
}

function parseWorker(value: string | undefined): WorkerGeneration {
  if (value === undefined || value === 'openai' || value === 'legacy') return value ?? 'openai';
  throw new UsageError(`--worker ${JSON.stringify(value)}: expected legacy or openai`);
}

interface BannerFacts {
  worker: WorkerGeneration;
  tokenDelayMs: number;
  coldStartMs: number;
  faults: FaultSpec[];
  keyed: boolean;
}

function faultLabel(f: FaultSpec): string {
  return `${f.name}${f.route ? '@' + f.route : ''}:${f.count === Infinity ? 'inf' : String(f.count)}`;
}

function banner(emu: Emulator, b: BannerFacts): string {
  const faults = b.faults.length === 0 ? 'none' : b.faults.map(faultLabel).join(', ');
  const coldStart = b.coldStartMs > 0 ? `${b.coldStartMs} ms` : 'off';
  return [
    `rpv emulate: Runpod Serverless endpoint emulator listening on ${emu.url}`,
    `  worker-vllm generation: ${b.worker}; token delay ${b.tokenDelayMs} ms; cold start ${coldStart}; faults: ${faults}`,
    `  use it with:  export RUNPOD_ENDPOINT_BASE_URL=${emu.baseUrl}`,
    '  any endpoint ID works (except "missing-endpoint", which answers 404)',
    b.keyed
      ? '  API key: only the value of RPV_EMULATOR_KEY is accepted'
      : '  API key: any non-empty key is accepted (set RPV_EMULATOR_KEY to require one)',
    '  control: GET /_emulator/requests, /_emulator/jobs; POST /_emulator/faults, /_emulator/config, /_emulator/generate',
    '  stop with Ctrl-C',
    '',
  ].join('\n');
}

/** Runs `rpv emulate` until `signal` aborts; returns the exit code. Throws UsageError on bad flags. */
export async function runEmulateCommand(opts: EmulateFlags, io: EmulateIo, signal: AbortSignal): Promise<number> {
  const port = parsePort(opts.port);
  const host = opts.host ?? '127.0.0.1';
  const worker = parseWorker(opts.worker);
  const tokenDelayMs = opts.tokenDelay === undefined ? 20 : parseDuration('--token-delay', opts.tokenDelay, 'ms');
  const coldStartMs = opts.coldStart === undefined ? 0 : parseDuration('--cold-start', opts.coldStart, 's');
  const faults = (opts.fault ?? []).map(parseFaultArg);
  const apiKey = opts.apiKey ?? (io.env ?? process.env).RPV_EMULATOR_KEY;
  let emu: Emulator;
  try {
    emu = await startEmulator({
      host,
      port,
      worker,
      tokenDelayMs,
      coldStartMs,
      faults,
      ...(apiKey ? { apiKey } : {}),
      ...(opts.quiet ? {} : { log: (line: string) => void io.stderr.write(`  ${line}\n`) }),
    });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new UsageError(`cannot listen on ${host}:${port}: ${code}`, { hint: 'pick another --port, or --port 0 for a free one' });
  }
  io.stdout.write(`${emu.baseUrl}\n`);
  io.stderr.write(banner(emu, { worker, tokenDelayMs, coldStartMs, faults, keyed: Boolean(apiKey) }));
  await new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emu.close();
  return 0;
}
