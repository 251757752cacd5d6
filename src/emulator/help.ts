// The option table and help text of `rpv emulate`, derived from the emulator's own fault table,
// routes and defaults, so `rpv emulate --help` can never drift from what the emulator does.
import { FAULT_HELP, ROUTE_NAMES } from './faults.js';
import { RATE_GROUPS, RUNPOD_LIMITS } from './rate-limit.js';
import { defaultSettings } from './settings.js';
import { JOB_FAULTS, RELAY_FAULTS, TRANSPORT_FAULTS } from './types.js';

/** One `rpv emulate` option as the CLI declares it; values reach runEmulateCommand as strings. */
export interface EmulateOptionSpec {
  flags: string;
  description: string;
  /** May be given several times (collected into a list). */
  repeatable?: boolean;
}

/** The port `rpv emulate` listens on without --port. */
export const DEFAULT_PORT = 8787;

const d = defaultSettings();

/** Every option of `rpv emulate`, with its default in the description. */
export const EMULATE_OPTIONS: readonly EmulateOptionSpec[] = [
  { flags: '--port <n>', description: `port; 0 picks a free one (default ${DEFAULT_PORT})` },
  { flags: '--host <host>', description: `address to listen on (default ${d.host})` },
  {
    flags: '--worker <gen>',
    description: `worker-vllm output generation: legacy (<= v2.23) or openai (>= v2.24) (default ${d.worker})`,
  },
  {
    flags: '--token-delay <duration>',
    description: `delay between generated tokens; a bare number is ms (default ${d.tokenDelayMs}ms)`,
  },
  {
    flags: '--job-duration <duration>',
    description: 'every job takes this long in total, whatever its length, e.g. 200ms (default off)',
  },
  { flags: '--workers <n>', description: `max workers per endpoint; 0 = jobs never start (default ${d.workers})` },
  {
    flags: '--concurrency <n>',
    description: `jobs per worker at once, worker-vllm MAX_CONCURRENCY (default ${d.concurrency})`,
  },
  {
    flags: '--cold-start <duration>',
    description: 'time a new worker initializes before it takes jobs; a bare number is s (default 0: off)',
  },
  {
    flags: '--idle-timeout <duration>',
    description: `an idle worker is removed after this long; a bare number is s (default ${d.idleTimeoutMs / 1000}s)`,
  },
  {
    flags: '--rate-limit <spec>',
    description:
      'per-endpoint request limits: off, runpod, runpod/<k> (counts / k), <route>=<count>/<window>[:<concurrent>], comma-separated (default off)',
  },
  {
    flags: '--rate-limit-retry-after',
    description: 'rate-limit 429s carry Retry-After (default: bare 429, as the hosted service)',
  },
  {
    flags: '--model-kind <kind>',
    description: `plain or reasoning (reply starts with reasoning deltas) (default ${d.modelKind})`,
  },
  {
    flags: '--reasoning-field <name>',
    description: `reasoning (current vLLM) or reasoning_content (older) (default ${d.reasoningField})`,
  },
  {
    flags: '--reasoning-tokens <n>',
    description: `reasoning tokens before the answer, counted in max_tokens (default ${d.reasoningTokens})`,
  },
  {
    flags: '--speculative <k>',
    description: `speculative decoding: up to k+1 tokens per streamed delta (default ${d.speculativeTokens}: off)`,
  },
  {
    flags: '--reply-file <file>',
    description: "answer with this file's text (e.g. Markdown) instead of the toy model's words",
  },
  { flags: '--seed <n>', description: `generation seed when a request has none (default ${d.seed})` },
  {
    flags: '--fault <spec>',
    description: 'inject a fault: name[@route][:count|:inf] (repeatable; see the list below)',
    repeatable: true,
  },
  { flags: '-q, --quiet', description: 'no per-request log lines on stderr' },
];

function section(title: string, names: readonly string[]): string[] {
  const width = Math.max(...names.map((n) => n.length));
  return [title, ...names.map((n) => `  ${n.padEnd(width)}  ${FAULT_HELP[n as keyof typeof FAULT_HELP]}`)];
}

function limitsLine(): string {
  return RATE_GROUPS.map((g) => {
    const w = RUNPOD_LIMITS[g];
    return `${g} ${w.count}/${w.windowMs / 1000}s${w.concurrent === undefined ? '' : ` (${w.concurrent} at once)`}`;
  }).join(', ');
}

/** The text `rpv emulate --help` prints after the options. */
export function emulateHelpText(): string {
  return [
    '',
    'Routes (any endpoint ID; "missing-endpoint" answers 404):',
    `  /v2/{endpoint}/: ${ROUTE_NAMES.filter((r) => r !== 'openai').join(', ')}`,
    '  /v2/{endpoint}/openai/v1/: chat/completions, completions, models',
    '  control (no key): GET /_emulator/requests, /_emulator/jobs, /_emulator/faults;',
    '                    POST /_emulator/faults, /_emulator/config, /_emulator/generate',
    '',
    `Fault routes (name@route): ${ROUTE_NAMES.join(', ')}`,
    ...section('Transport faults (act on one request):', TRANSPORT_FAULTS),
    ...section('Job faults (attach to the next job created):', JOB_FAULTS),
    ...section('OpenAI-route relay faults (a job created on /openai):', RELAY_FAULTS),
    '',
    `Rate limits "runpod" (per endpoint): ${limitsLine()}`,
    `Other defaults: /stream holds an empty poll ${d.streamWaitMs / 1000}s; results kept ${d.retentionMs / 60_000} min (/runsync: 1 min); 'slow' holds ${d.slowMs / 1000}s`,
    'The key: set RPV_EMULATOR_KEY to require that key; otherwise any non-empty key is accepted.',
    '',
  ].join('\n');
}
