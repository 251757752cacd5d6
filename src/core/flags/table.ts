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
//     request: 'length_penalty', set: true, commands: GENERATE },
//
// gives `--length-penalty <x>` on complete and chat, a usage error naming the range, the
// config key `length-penalty`, `sampling_params.length_penalty` on the wire, and
// `/set length_penalty` in the chat (test/core/flags/table.test.ts runs exactly this row).
import type { FlagRow } from './spec.js';

const SECOND = 1000;
const DAY = 86_400_000;

/** complete and chat: the commands that generate. */
const GENERATE = ['complete', 'chat'] as const;
const ENDPOINT = ['complete', 'chat', 'status', 'cancel', 'health'] as const;

/** The rows, in help order (profile keys are listed by `rpv config` in this order too). */
export const FLAG_TABLE = [
  { name: 'endpoint', short: 'e', arg: 'id', value: { kind: 'id' }, help: 'endpoint ID (env RUNPOD_ENDPOINT_ID)', group: 'common', profile: true, commands: ENDPOINT, global: true },
  { name: 'profile', short: 'p', arg: 'name', value: { kind: 'string' }, help: 'config profile (env RPV_PROFILE)', group: 'common', commands: [...ENDPOINT, 'config'], global: true },
  { name: 'base-url', arg: 'url', value: { kind: 'url' }, help: 'API base URL (env RUNPOD_ENDPOINT_BASE_URL)', group: 'common', profile: true, commands: ENDPOINT, global: true },
  { name: 'model', arg: 'name', value: { kind: 'text', what: 'a non-empty model name' }, help: 'model for the OpenAI route (default: the first listed)', group: 'route', profile: true, commands: GENERATE },
  { name: 'api', arg: 'route', value: { kind: 'choice', choices: ['native', 'openai'] }, help: 'native job API or the OpenAI-compatible route', group: 'route', profile: true, commands: GENERATE },
  { name: 'system', short: 's', arg: 'text', value: { kind: 'string' }, help: 'system prompt', group: 'chat', profile: true, commands: ['chat'] },
  { name: 'max-tokens', arg: 'n', value: { kind: 'int', min: 1, max: 1_000_000 }, help: 'maximum tokens to generate', default: 1024, group: 'sampling', profile: true, request: 'max_tokens', set: true, commands: GENERATE },
  { name: 'temperature', arg: 't', value: { kind: 'number', min: 0, max: 2 }, help: 'sampling temperature', group: 'sampling', profile: true, request: 'temperature', set: true, commands: GENERATE },
  { name: 'top-p', arg: 'p', value: { kind: 'number', min: 0, max: 1, aboveMin: true }, help: 'nucleus sampling', group: 'sampling', profile: true, request: 'top_p', set: true, commands: GENERATE },
  { name: 'top-k', arg: 'k', value: { kind: 'int', min: 1, or: { value: -1, means: 'no limit' } }, help: 'top-k sampling', group: 'sampling', profile: true, request: 'top_k', set: true, commands: GENERATE },
  { name: 'min-p', arg: 'p', value: { kind: 'number', min: 0, max: 1 }, help: 'min-p sampling', group: 'sampling', profile: true, request: 'min_p', set: true, commands: GENERATE },
  { name: 'repetition-penalty', arg: 'x', value: { kind: 'number', min: 0, max: 2, aboveMin: true }, help: 'repetition penalty', group: 'sampling', profile: true, request: 'repetition_penalty', set: true, commands: GENERATE },
  { name: 'presence-penalty', arg: 'x', value: { kind: 'number', min: -2, max: 2 }, help: 'presence penalty', group: 'sampling', profile: true, request: 'presence_penalty', set: true, commands: GENERATE },
  { name: 'frequency-penalty', arg: 'x', value: { kind: 'number', min: -2, max: 2 }, help: 'frequency penalty', group: 'sampling', profile: true, request: 'frequency_penalty', set: true, commands: GENERATE },
  { name: 'seed', arg: 'n', value: { kind: 'int' }, help: 'random seed', group: 'sampling', profile: true, request: 'seed', set: true, commands: GENERATE },
  { name: 'stop', arg: 'text', value: { kind: 'strings' }, help: 'stop string', repeat: true, group: 'sampling', profile: true, request: 'stop', set: true, commands: GENERATE },
  { name: 'n', arg: 'count', value: { kind: 'int', min: 1, max: 128 }, help: 'number of completions', group: 'sampling', request: 'n', set: true, commands: GENERATE },
  { name: 'best-of', arg: 'n', value: { kind: 'int', atLeast: 'n' }, help: 'candidates generated server-side', group: 'sampling', request: 'best_of', set: true, commands: GENERATE },
  { name: 'use-beam-search', value: { kind: 'bool' }, help: 'beam search', group: 'sampling', request: 'use_beam_search', set: true, commands: GENERATE },
  { name: 'param', arg: 'key=json', value: { kind: 'params' }, help: 'any other vLLM sampling field', repeat: true, group: 'sampling', commands: GENERATE },
  { name: 'retries', arg: 'n', value: { kind: 'int', min: 0, max: 10 }, help: 'retries of transient failures per HTTP call', default: 4, group: 'common', profile: true, commands: ENDPOINT, global: true },
  { name: 'timeout', arg: 'duration', value: { kind: 'duration' }, help: 'deadline for the whole command, e.g. 30s, 5m', group: 'common', profile: true, commands: ENDPOINT, global: true },
  { name: 'json', value: { kind: 'bool' }, help: 'one JSON object on stdout', group: 'common', commands: [...ENDPOINT, 'config'], global: true },
  { name: 'verbose', short: 'v', value: { kind: 'bool' }, help: 'diagnostics on stderr (never the key)', group: 'common', commands: ENDPOINT, global: true },
  { name: 'quiet', short: 'q', value: { kind: 'bool' }, help: 'no progress or warnings on stderr', group: 'common', commands: ENDPOINT, global: true },
  { name: 'execution-timeout', arg: 'duration', value: { kind: 'duration', min: 5 * SECOND, max: 7 * DAY }, help: 'job policy: maximum run time on the worker', group: 'policy', commands: GENERATE },
  { name: 'ttl', arg: 'duration', value: { kind: 'duration', min: 10 * SECOND, max: 7 * DAY }, help: 'job policy: time to live of the job', group: 'policy', commands: GENERATE },
  { name: 'low-priority', value: { kind: 'bool' }, help: 'job policy: low priority', group: 'policy', commands: GENERATE },
  { name: 'webhook', arg: 'url', value: { kind: 'url' }, help: 'URL the service calls when the job ends', group: 'policy', commands: GENERATE },
  { name: 'detach', value: { kind: 'bool' }, help: 'submit, print the job ID and exit', group: 'output', commands: ['complete'] },
  { name: 'stream', value: { kind: 'bool' }, negate: true, default: true, help: 'one non-streaming job; print the text when done', group: 'output', commands: GENERATE },
  { name: 'jsonl', value: { kind: 'bool' }, help: 'one JSON event per line as things happen', group: 'output', commands: GENERATE },
  { name: 'stats', value: { kind: 'bool' }, help: 'a timing line on stderr at the end', group: 'output', commands: GENERATE },
  { name: 'raw', value: { kind: 'bool' }, help: 'do not neutralise escape sequences in model output', group: 'output', commands: [...GENERATE, 'status'] },
  { name: 'markdown', value: { kind: 'bool' }, negate: true, default: true, help: 'terminal view: show Markdown as typed', group: 'output', commands: GENERATE },
  { name: 'session', arg: 'name', value: { kind: 'string' }, help: 'load and append to a saved conversation', group: 'chat', commands: ['chat'] },
  { name: 'continue', short: 'c', value: { kind: 'bool' }, help: 'continue the most recent conversation', group: 'chat', commands: ['chat'] },
  { name: 'wait', value: { kind: 'bool' }, help: 'wait until the job ends; exit with its code', group: 'status', commands: ['status'] },
  { name: 'text', value: { kind: 'bool' }, help: 'print only the job output text (with --wait: after the end)', group: 'status', commands: ['status'] },
  { name: 'follow', value: { kind: 'bool' }, help: 'attach to the job stream and print what it still produces', group: 'status', commands: ['status'] },
  { name: 'limit', arg: 'n', value: { kind: 'int', min: 1, max: 1000 }, help: 'how many recent jobs to list', default: 20, group: 'status', commands: ['status'] },
  { name: 'watch', value: { kind: 'bool' }, help: 'refresh until interrupted', group: 'health', commands: ['health'] },
  { name: 'interval', arg: 'duration', value: { kind: 'duration', min: 500 }, help: 'refresh interval with --watch', default: '2s', group: 'health', commands: ['health'] },
] as const satisfies readonly FlagRow[];
