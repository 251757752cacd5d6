// Pure builders from validated options to what goes on the wire: worker-vllm's native input
// (accepted by both worker generations), OpenAI-route bodies, and the /run envelope.
import { REQUEST_FIELDS } from './flags/index.js';
import type { JobPolicy, SamplingOptions } from './flags/values.js';

export type { JobPolicy, SamplingOptions } from './flags/values.js';

/** One chat turn as worker-vllm and the OpenAI route expect it. */
export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

/** Either a prompt (completions) or messages (chat); messages win when both are given. */
export interface PromptOrMessages {
  prompt?: string;
  messages?: ChatMessage[];
}

/**
 * vLLM's snake_case sampling fields, only those set. Unset fields are left out on purpose: the
 * legacy worker passes them to `SamplingParams(**kw)`, which rejects keys its vLLM lacks.
 */
export function samplingParams(o: SamplingOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [from, to] of REQUEST_FIELDS) {
    const value = (o as Record<string, unknown>)[from];
    if (value === undefined) continue;
    out[to] = Array.isArray(value) ? [...value] : value;
  }
  if (o.params) Object.assign(out, o.params);
  return out;
}

/**
 * The worker-vllm shorthand `{prompt|messages, sampling_params, stream}`. Works on both
 * generations; no `stream_options` here, because the legacy worker would reject the key.
 */
export function buildNativeInput(
  args: PromptOrMessages & { sampling: SamplingOptions; stream: boolean },
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (args.messages) input.messages = args.messages.map((m) => ({ ...m }));
  else input.prompt = args.prompt ?? '';
  input.sampling_params = samplingParams(args.sampling);
  input.stream = args.stream;
  return input;
}

/** Body for `{base}/{endpoint}/openai/v1/completions` or `.../chat/completions`; vLLM extras ride along. */
export function buildOpenAIBody(
  args: PromptOrMessages & { sampling: SamplingOptions; stream: boolean; model: string },
): Record<string, unknown> {
  const body: Record<string, unknown> = { model: args.model };
  if (args.messages) body.messages = args.messages.map((m) => ({ ...m }));
  else body.prompt = args.prompt ?? '';
  Object.assign(body, samplingParams(args.sampling));
  body.stream = args.stream;
  if (args.stream && body.stream_options === undefined) body.stream_options = { include_usage: true };
  return body;
}

/** The OpenAI route path for a prompt (completions) or messages (chat completions). */
export function openAIPath(kind: 'prompt' | 'messages'): string {
  return kind === 'messages' ? 'chat/completions' : 'completions';
}

/** The `/run` and `/runsync` body: `{input, policy?, webhook?}`; policy only with a field set. */
export function buildRunBody(
  input: Record<string, unknown>,
  policy?: JobPolicy,
  webhook?: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = { input };
  const p: Record<string, unknown> = {};
  if (policy?.executionTimeoutMs !== undefined) p.executionTimeout = policy.executionTimeoutMs;
  if (policy?.ttlMs !== undefined) p.ttl = policy.ttlMs;
  if (policy?.lowPriority !== undefined) p.lowPriority = policy.lowPriority;
  if (Object.keys(p).length > 0) body.policy = p;
  if (webhook !== undefined && webhook !== '') body.webhook = webhook;
  return body;
}

/**
 * The prompt from arguments and piped stdin, per the CLI contract: arguments joined by spaces;
 * with both, arguments, a blank line, then stdin; `-` alone means stdin only. Stdin is kept
 * exactly except for one trailing newline ("\n" or "\r\n"); empty or blank stdin counts as
 * absent. Returns undefined when nothing but whitespace is left (a usage error for the caller).
 */
export function joinPrompt(args: string[], stdinText: string | undefined): string | undefined {
  const stdinOnly = args.length === 1 && args[0] === '-';
  const fromArgs = stdinOnly ? '' : args.join(' ');
  let fromStdin = stdinText ?? '';
  if (fromStdin.endsWith('\r\n')) fromStdin = fromStdin.slice(0, -2);
  else if (fromStdin.endsWith('\n')) fromStdin = fromStdin.slice(0, -1);
  const hasArgs = fromArgs.trim().length > 0;
  const hasStdin = fromStdin.trim().length > 0;
  if (hasArgs && hasStdin) return `${fromArgs}\n\n${fromStdin}`;
  if (hasArgs) return fromArgs;
  if (hasStdin) return fromStdin;
  return undefined;
}
