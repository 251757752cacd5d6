// Pure: one validated batch line plus the command's defaults -> the /run body. Flags are defaults,
// the line's own values win; nothing is streamed. OpenAI-format lines ride in
// {openai_route, openai_input}, which both worker-vllm generations accept.
import { buildRunBody, samplingParams, type JobPolicy, type SamplingOptions } from '../core/request.js';
import type { BatchLine, OpenAIRoute } from './input.js';

/** What every line inherits from flags and the profile. */
export interface LineDefaults {
  sampling: SamplingOptions;
  api: 'native' | 'openai';
  /** For the OpenAI shape: `--model`, or the endpoint's first listed model; absent = the worker picks. */
  model?: string;
  policy: JobPolicy;
  webhook?: string;
}

/** What a result needs to know about its request later (chat or completion, model, max tokens). */
export interface RequestShape {
  api: 'chat' | 'completion';
  model?: string;
  maxTokens?: number;
}

/** The /run body and the shape of the reply to expect. */
export interface BuiltRequest {
  body: Record<string, unknown>;
  shape: RequestShape;
}

function openAIInput(route: OpenAIRoute, fields: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { ...fields, stream: false };
  delete body.stream_options;
  return { openai_route: route, openai_input: body };
}

const maxTokensOf = (o: Record<string, unknown>): number | undefined => {
  const v = o.max_tokens ?? o.max_completion_tokens;
  return typeof v === 'number' ? v : undefined;
};

/** Builds the request for one line. */
export function buildLineRequest(line: BatchLine, d: LineDefaults): BuiltRequest {
  const defaults = samplingParams(d.sampling);
  const model = d.model === undefined ? {} : { model: d.model };
  let input: Record<string, unknown>;
  let shape: RequestShape;
  if (line.kind === 'openai') {
    const fields = { ...model, ...defaults, ...line.body };
    input = openAIInput(line.url, fields);
    shape = { api: line.url === '/v1/chat/completions' ? 'chat' : 'completion', maxTokens: maxTokensOf(fields) };
    if (typeof fields.model === 'string') shape.model = fields.model;
  } else {
    const sampling = { ...defaults, ...line.sampling };
    const api = line.kind === 'messages' ? 'chat' : 'completion';
    const content = line.kind === 'messages' ? { messages: line.messages } : { prompt: line.prompt };
    if (d.api === 'openai') {
      input = openAIInput(api === 'chat' ? '/v1/chat/completions' : '/v1/completions', {
        ...model,
        ...content,
        ...sampling,
      });
    } else {
      input = { ...content, sampling_params: sampling, stream: false };
    }
    shape = { api, maxTokens: maxTokensOf(sampling), ...(d.model === undefined ? {} : { model: d.model }) };
  }
  return { body: buildRunBody(input, d.policy, d.webhook), shape };
}

/** The prompt as the job log keeps it: the text, or a conversation as JSON (as `chat` records it). */
export function promptOfLine(line: BatchLine): string {
  if (line.kind === 'prompt') return line.prompt;
  if (line.kind === 'messages') return JSON.stringify(line.messages);
  const { prompt, messages } = line.body;
  if (typeof prompt === 'string') return prompt;
  return JSON.stringify(Array.isArray(messages) ? messages : (prompt ?? ''));
}
