// The toy "vllm serve": validates an OpenAI request the way vLLM's OpenAI server would and turns
// it into a generation plan, or into the HTTP error vLLM would send back.
import { generateReply, type ModelSettings, type ReplyChoice } from './model.js';
import { MODEL_ID } from './openai-objects.js';
import { vllmErrorBody } from './py-repr.js';
import { contentText, countPromptTokens, messagesKey } from './toy-generator.js';
import type { ReasoningField } from './types.js';

/** What the toy server needs besides the request: the seed and the model's manner. */
export interface ServeContext extends ModelSettings {
  seed: number;
  reasoningField: ReasoningField;
}

/** A successful OpenAI request: what to generate and how to frame it. */
export type OpenAIPlan =
  | { kind: 'models' }
  | {
      kind: 'generate';
      api: 'completion' | 'chat';
      stream: boolean;
      includeUsage: boolean;
      choices: ReplyChoice[];
      promptTokens: number;
      reasoningField: ReasoningField;
    };

/** An HTTP error from the vLLM server: status and the exact body text. */
export interface VllmHttpError {
  kind: 'http-error';
  status: number;
  body: string;
  message: string;
  type: string;
}

const MAX_MODEL_LEN = 8192;

function httpError(status: number, message: string, type: string, param: string | null = null): VllmHttpError {
  return { kind: 'http-error', status, body: vllmErrorBody(message, type, status, param), message, type };
}

function fastApiError(status: number, detail: string): VllmHttpError {
  return { kind: 'http-error', status, body: JSON.stringify({ detail }), message: detail, type: 'HTTPException' };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Normalizes a `stop` field (string, list or null) to a list; undefined when malformed. */
export function stopList(stop: unknown): string[] | undefined {
  if (stop === undefined || stop === null) return [];
  if (typeof stop === 'string') return [stop];
  if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) return stop as string[];
  return undefined;
}

/** True for an integer number >= min. */
export function isIntAtLeast(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

function promptText(prompt: unknown): string | undefined {
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.length === 1 && typeof prompt[0] === 'string') return prompt[0];
  return undefined;
}

function planGenerate(
  api: 'completion' | 'chat',
  body: Record<string, unknown>,
  ctx: ServeContext,
): OpenAIPlan | VllmHttpError {
  if (body.model !== undefined && body.model !== MODEL_ID) {
    return httpError(404, `The model \`${String(body.model)}\` does not exist.`, 'NotFoundError', 'model');
  }
  let key: string;
  let promptTokens: number;
  if (api === 'chat') {
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return httpError(400, 'messages: Field required (a non-empty list of messages)', 'BadRequestError', 'messages');
    }
    key = messagesKey(body.messages);
    promptTokens = body.messages.reduce<number>(
      (sum, m) => sum + 4 + countPromptTokens(contentText((m as { content?: unknown })?.content)),
      3,
    );
  } else {
    const text = promptText(body.prompt);
    if (text === undefined) return httpError(400, 'prompt must be a string', 'BadRequestError', 'prompt');
    key = text;
    promptTokens = countPromptTokens(text);
  }
  const maxTokens = body.max_tokens ?? body.max_completion_tokens ?? 16;
  if (!isIntAtLeast(maxTokens, 1)) {
    return httpError(
      400,
      `max_tokens must be at least 1, got ${JSON.stringify(maxTokens)}.`,
      'BadRequestError',
      'max_tokens',
    );
  }
  if (maxTokens + promptTokens > MAX_MODEL_LEN) {
    const message =
      `This model's maximum context length is ${MAX_MODEL_LEN} tokens. However, you requested ` +
      `${maxTokens + promptTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). ` +
      'Please reduce the length of the messages or completion.';
    return httpError(400, message, 'BadRequestError');
  }
  const n = body.n ?? 1;
  if (!isIntAtLeast(n, 1) || n > 16)
    return httpError(400, `n must be between 1 and 16, got ${JSON.stringify(n)}.`, 'BadRequestError', 'n');
  const stop = stopList(body.stop);
  if (stop === undefined)
    return httpError(400, 'stop must be a string or a list of strings', 'BadRequestError', 'stop');
  const stream = body.stream === true;
  if (body.stream_options != null && !stream) {
    return httpError(400, 'Stream options can only be defined when `stream=True`.', 'BadRequestError');
  }
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const useSeed = typeof body.seed === 'number' ? body.seed : ctx.seed;
  const choices = generateReply({ key, seed: useSeed, maxTokens, n, stop }, ctx, api === 'chat' ? 'chat' : 'raw');
  return { kind: 'generate', api, stream, includeUsage, choices, promptTokens, reasoningField: ctx.reasoningField };
}

/** Serves one request to the toy vLLM server: a plan, or the HTTP error vLLM would answer. */
export function serveOpenAI(
  route: string,
  method: string,
  body: unknown,
  ctx: ServeContext,
): OpenAIPlan | VllmHttpError {
  const path = route.replace(/\/+$/, '');
  if (path === '/v1/models') {
    return method === 'GET' ? { kind: 'models' } : fastApiError(405, 'Method Not Allowed');
  }
  const api = path === '/v1/completions' ? 'completion' : path === '/v1/chat/completions' ? 'chat' : undefined;
  if (api === undefined) return fastApiError(404, 'Not Found');
  if (method !== 'POST') return fastApiError(405, 'Method Not Allowed');
  if (!isRecord(body)) return httpError(400, 'Expected a JSON object as the request body', 'BadRequestError');
  return planGenerate(api, body, ctx);
}
