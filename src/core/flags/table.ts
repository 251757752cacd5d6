// Every flag of rpv, declared once. Commander options (cli/options.ts), validation with the
// range in the message (flags/parse.ts), `rpv config set` checks and profile keys
// (config/keys.ts), the worker request field (core/request.ts), the chat's `/set` and its Tab
// completion (ui/chat/commands.ts) are all derived from these rows, and so can shell completion
// be (flags/index.ts exports what a generator needs).
//
// Adding a flag is one row. For example, a vLLM sampling field any profile may default:
//
//   { name: 'length-penalty', arg: 'x', value: { kind: 'number', min: 0, max: 2 },
//     help: 'beam search length penalty', group: 'sampling', profile: true,
//     request: 'length_penalty', set: true, commands: ['complete', 'chat'] },
//
// gives `--length-penalty <x>` on complete and chat, a usage error naming the range, the
// config key `length-penalty`, `sampling_params.length_penalty` on the wire, and
// `/set length_penalty` in the chat (test/core/flags/table.test.ts runs exactly this row).
import type { FlagRow } from './spec.js';

const SECOND = 1000;
const DAY = 86_400_000;

/** complete and chat: the commands that generate. */
const GENERATE = ['complete', 'chat'] as const;
const ENDPOINT = ['complete', 'chat', 'status', 'cancel', 'health', 'models'] as const;
/** The commands that send generation requests: complete, chat and batch. */
const SEND = [...GENERATE, 'batch'] as const;
const ENDPOINT_ALL = [...ENDPOINT, 'batch'] as const;
/** Commands that read the local record only. */
const RECORD = ['log', 'stats'] as const;

/** The rows, in help order (profile keys are listed by `rpv config` in this order too). */
export const FLAG_TABLE = [
  { name: 'endpoint', short: 'e', arg: 'id', value: { kind: 'id' }, help: 'endpoint ID (env RUNPOD_ENDPOINT_ID)', group: 'common', profile: true, commands: [...ENDPOINT_ALL, ...RECORD], global: true },
  { name: 'profile', short: 'p', arg: 'name', value: { kind: 'string' }, help: 'config profile (env RPV_PROFILE)', group: 'common', commands: [...ENDPOINT, 'config'], global: true },
  { name: 'base-url', arg: 'url', value: { kind: 'url' }, help: 'API base URL (env RUNPOD_ENDPOINT_BASE_URL)', group: 'common', profile: true, commands: ENDPOINT_ALL, global: true },
  { name: 'model', arg: 'name', value: { kind: 'text', what: 'a non-empty model name' }, help: 'model for the OpenAI route (default: the first listed)', group: 'route', profile: true, commands: SEND },
  { name: 'api', arg: 'route', value: { kind: 'choice', choices: ['native', 'openai'] }, help: 'native job API or the OpenAI-compatible route', group: 'route', profile: true, commands: SEND },
  { name: 'system', short: 's', arg: 'text', value: { kind: 'string' }, help: 'system prompt', group: 'chat', profile: true, commands: ['chat'] },
  { name: 'max-tokens', arg: 'n', value: { kind: 'int', min: 1, max: 1_000_000 }, help: 'maximum tokens to generate', default: 1024, group: 'sampling', profile: true, request: 'max_tokens', set: true, commands: SEND },
  { name: 'temperature', arg: 't', value: { kind: 'number', min: 0, max: 2 }, help: 'sampling temperature', group: 'sampling', profile: true, request: 'temperature', set: true, commands: SEND },
  { name: 'top-p', arg: 'p', value: { kind: 'number', min: 0, max: 1, aboveMin: true }, help: 'nucleus sampling', group: 'sampling', profile: true, request: 'top_p', set: true, commands: SEND },
  { name: 'top-k', arg: 'k', value: { kind: 'int', min: 1, or: { value: -1, means: 'no limit' } }, help: 'top-k sampling', group: 'sampling', profile: true, request: 'top_k', set: true, commands: SEND },
  { name: 'min-p', arg: 'p', value: { kind: 'number', min: 0, max: 1 }, help: 'min-p sampling', group: 'sampling', profile: true, request: 'min_p', set: true, commands: SEND },
  { name: 'repetition-penalty', arg: 'x', value: { kind: 'number', min: 0, max: 2, aboveMin: true }, help: 'repetition penalty', group: 'sampling', profile: true, request: 'repetition_penalty', set: true, commands: SEND },
  { name: 'presence-penalty', arg: 'x', value: { kind: 'number', min: -2, max: 2 }, help: 'presence penalty', group: 'sampling', profile: true, request: 'presence_penalty', set: true, commands: SEND },
  { name: 'frequency-penalty', arg: 'x', value: { kind: 'number', min: -2, max: 2 }, help: 'frequency penalty', group: 'sampling', profile: true, request: 'frequency_penalty', set: true, commands: SEND },
  { name: 'seed', arg: 'n', value: { kind: 'int' }, help: 'random seed', group: 'sampling', profile: true, request: 'seed', set: true, commands: SEND },
  { name: 'stop', arg: 'text', value: { kind: 'strings' }, help: 'stop string', repeat: true, group: 'sampling', profile: true, request: 'stop', set: true, commands: SEND },
  { name: 'n', arg: 'count', value: { kind: 'int', min: 1, max: 128 }, help: 'number of completions', group: 'sampling', request: 'n', set: true, commands: SEND },
  { name: 'best-of', arg: 'n', value: { kind: 'int', atLeast: 'n' }, help: 'candidates generated server-side', group: 'sampling', request: 'best_of', set: true, commands: SEND },
  { name: 'use-beam-search', value: { kind: 'bool' }, help: 'beam search', group: 'sampling', request: 'use_beam_search', set: true, commands: SEND },
  { name: 'param', arg: 'key=json', value: { kind: 'params' }, help: 'any other vLLM sampling field', repeat: true, group: 'sampling', commands: SEND },
  { name: 'retries', arg: 'n', value: { kind: 'int', min: 0, max: 10 }, help: 'retries of transient failures per HTTP call', default: 4, group: 'common', profile: true, commands: ENDPOINT_ALL, global: true },
  { name: 'timeout', arg: 'duration', value: { kind: 'duration' }, help: 'deadline for the whole command, e.g. 30s, 5m', group: 'common', profile: true, commands: ENDPOINT_ALL, global: true },
  { name: 'json', value: { kind: 'bool' }, help: 'one JSON object on stdout', group: 'common', commands: [...ENDPOINT_ALL, 'config', ...RECORD, 'cache'], global: true },
  { name: 'verbose', short: 'v', value: { kind: 'bool' }, help: 'diagnostics on stderr (never the key)', group: 'common', commands: ENDPOINT_ALL, global: true },
  { name: 'quiet', short: 'q', value: { kind: 'bool' }, help: 'no progress or warnings on stderr', group: 'common', commands: ENDPOINT_ALL, global: true },
  { name: 'execution-timeout', arg: 'duration', value: { kind: 'duration', min: 5 * SECOND, max: 7 * DAY }, help: 'job policy: maximum run time on the worker', group: 'policy', commands: SEND },
  { name: 'ttl', arg: 'duration', value: { kind: 'duration', min: 10 * SECOND, max: 7 * DAY }, help: 'job policy: time to live of the job', group: 'policy', commands: SEND },
  { name: 'low-priority', value: { kind: 'bool' }, help: 'job policy: low priority', group: 'policy', commands: SEND },
  { name: 'webhook', arg: 'url', value: { kind: 'url' }, help: 'URL the service calls when the job ends', group: 'policy', commands: SEND },
  { name: 'detach', value: { kind: 'bool' }, help: 'submit, print the job ID and exit', group: 'output', commands: ['complete'] },
  { name: 'stream', value: { kind: 'bool' }, negate: true, default: true, help: 'one non-streaming job; print the text when done', group: 'output', commands: GENERATE },
  { name: 'stdin', value: { kind: 'bool' }, negate: true, default: true, help: 'never read stdin: the arguments are the whole prompt (for `while read` loops)', group: 'output', commands: GENERATE },
  { name: 'jsonl', value: { kind: 'bool' }, help: 'one JSON event per line as things happen', group: 'output', commands: GENERATE },
  { name: 'stats', value: { kind: 'bool' }, help: 'a timing line on stderr at the end', group: 'output', commands: GENERATE },
  { name: 'show-reasoning', value: { kind: 'bool' }, help: "a reasoning model's reasoning on stderr (outside a terminal)", group: 'output', commands: GENERATE },
  { name: 'raw', value: { kind: 'bool' }, help: 'do not neutralise escape sequences in model output', group: 'output', commands: [...GENERATE, 'status'] },
  { name: 'markdown', value: { kind: 'bool' }, negate: true, default: true, help: 'terminal view: show Markdown as typed', group: 'output', commands: GENERATE },
  { name: 'session', arg: 'name', value: { kind: 'string' }, help: 'load and append to a saved conversation', group: 'chat', commands: ['chat'] },
  { name: 'continue', short: 'c', value: { kind: 'bool' }, help: 'continue the most recent conversation', group: 'chat', commands: ['chat'] },
  { name: 'cache', value: { kind: 'bool' }, help: 'answer a deterministic request (temperature 0 or a seed) from the local cache', group: 'record', profile: true, commands: GENERATE },
  { name: 'cache', value: { kind: 'bool' }, negate: true, help: 'never answer from the cache (overrides the config key cache)', group: 'record', commands: GENERATE },
  { name: 'cache-ttl', arg: 'duration', value: { kind: 'duration', min: 0 }, help: 'how long a cached answer stays valid (default 7d)', group: 'record', profile: true, commands: GENERATE },
  { name: 'log', value: { kind: 'bool' }, negate: true, default: true, help: 'record only what status and cancel need (no timings, no text)', group: 'record', commands: GENERATE },
  { name: 'last', value: { kind: 'bool' }, help: 'the newest job in the local record', group: 'jobref', commands: ['status', 'cancel'] },
  { name: 'n', arg: 'count', value: { kind: 'int', min: 1, max: 100_000 }, help: 'how many jobs', default: 20, group: 'log', commands: ['log'] },
  { name: 'since', arg: 'duration', value: { kind: 'duration' }, help: 'only jobs newer than this, e.g. 1h, 7d (stats: default 7d)', group: 'log', commands: RECORD },
  { name: 'search', arg: 'text', value: { kind: 'text', what: 'a non-empty text' }, help: 'only jobs whose prompt, reply or error contains this', group: 'log', commands: ['log'] },
  { name: 'output', short: 'o', arg: 'file', value: { kind: 'string' }, help: 'where result lines go (default stdout)', group: 'batch', commands: ['batch'] },
  { name: 'errors', arg: 'file', value: { kind: 'string' }, help: 'write failed lines there instead', group: 'batch', commands: ['batch'] },
  { name: 'ordered', value: { kind: 'bool' }, help: 'write results in input order', group: 'batch', commands: ['batch'] },
  { name: 'concurrency', arg: 'n|auto', value: { kind: 'string' }, help: 'jobs in flight at once (default auto)', group: 'batch', commands: ['batch'] },
  { name: 'retry-failed', value: { kind: 'bool' }, help: 'also resubmit the lines that failed', group: 'batch', commands: ['batch'] },
  { name: 'wait', value: { kind: 'bool' }, help: 'wait until the job ends; exit with its code', group: 'status', commands: ['status'] },
  { name: 'text', value: { kind: 'bool' }, help: 'print only the job output text (with --wait: after the end)', group: 'status', commands: ['status'] },
  { name: 'follow', value: { kind: 'bool' }, help: 'attach to the job stream and print what it still produces', group: 'status', commands: ['status'] },
  { name: 'limit', arg: 'n', value: { kind: 'int', min: 1, max: 1000 }, help: 'how many recent jobs to list', default: 20, group: 'status', commands: ['status'] },
  { name: 'watch', value: { kind: 'bool' }, help: 'refresh until interrupted', group: 'health', commands: ['health'] },
  { name: 'interval', arg: 'duration', value: { kind: 'duration', min: 500 }, help: 'refresh interval with --watch', default: '2s', group: 'health', commands: ['health'] },
] as const satisfies readonly FlagRow[];
