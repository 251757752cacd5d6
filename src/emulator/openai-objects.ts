// Builders for the JSON objects and SSE events vLLM's OpenAI server emits. Both worker
// generations and the /openai route share them.
import { randomUUID } from 'node:crypto';
import type { ToyChoice } from './toy-generator.js';

/** The served model name (what /v1/models lists and what `model` must equal). */
export const MODEL_ID = 'rpv-emulator/toy-vllm-7b';

/** The SSE terminator vLLM sends. */
export const DONE_EVENT = 'data: [DONE]\n\n';

/** Identity shared by every chunk of one response. */
export interface ResponseIdentity {
  api: 'completion' | 'chat';
  id: string;
  created: number;
  model: string;
}

/** A fresh id/created pair for one OpenAI response. */
export function newIdentity(api: 'completion' | 'chat'): ResponseIdentity {
  const hex = randomUUID().replaceAll('-', '');
  const id = `${api === 'chat' ? 'chatcmpl' : 'cmpl'}-${hex}`;
  return { api, id, created: Math.floor(Date.now() / 1000), model: MODEL_ID };
}

/** One SSE event line pair for a JSON payload. */
export function sseEvent(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function usageOf(choices: readonly ToyChoice[], promptTokens: number) {
  const completion = choices.reduce((sum, c) => sum + c.tokenCount, 0);
  return {
    prompt_tokens: promptTokens,
    total_tokens: promptTokens + completion,
    completion_tokens: completion,
    prompt_tokens_details: null,
  };
}

/** The non-streaming response body (text_completion or chat.completion). */
export function finalObject(ident: ResponseIdentity, choices: readonly ToyChoice[], promptTokens: number): Record<string, unknown> {
  const object = ident.api === 'chat' ? 'chat.completion' : 'text_completion';
  const body = choices.map((c) => {
    const end = { logprobs: null, finish_reason: c.finishReason, stop_reason: c.stopReason };
    if (ident.api !== 'chat') return { index: c.index, text: c.text, ...end, prompt_logprobs: null };
    const message = { role: 'assistant', content: c.text, refusal: null, annotations: null, audio: null, tool_calls: [], reasoning_content: null };
    return { index: c.index, message, ...end };
  });
  return {
    id: ident.id,
    object,
    created: ident.created,
    model: ident.model,
    choices: body,
    service_tier: null,
    system_fingerprint: null,
    usage: usageOf(choices, promptTokens),
    prompt_logprobs: null,
  };
}

function chunkHead(ident: ResponseIdentity) {
  const object = ident.api === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  return { id: ident.id, object, created: ident.created, model: ident.model };
}

/** The SSE events of generation step `step` (0-based): role chunks first for chat, then one delta per live choice. */
export function stepEvents(ident: ResponseIdentity, choices: readonly ToyChoice[], step: number): string[] {
  const events: string[] = [];
  if (ident.api === 'chat' && step === 0) {
    for (const c of choices) {
      const role = { index: c.index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null };
      events.push(sseEvent({ ...chunkHead(ident), choices: [role] }));
    }
  }
  for (const c of choices) {
    const delta = c.deltas[step];
    if (delta === undefined) continue;
    const last = step === c.deltas.length - 1;
    const finish = last ? c.finishReason : null;
    const end = { logprobs: null, finish_reason: finish, stop_reason: last ? c.stopReason : null };
    const choice = ident.api === 'chat' ? { index: c.index, delta: { content: delta }, ...end } : { index: c.index, text: delta, ...end };
    events.push(sseEvent({ ...chunkHead(ident), choices: [choice] }));
  }
  return events;
}

/** The trailing usage chunk sent when stream_options.include_usage is true. */
export function usageEvent(ident: ResponseIdentity, choices: readonly ToyChoice[], promptTokens: number): string {
  return sseEvent({ ...chunkHead(ident), choices: [], usage: usageOf(choices, promptTokens) });
}

/** GET /v1/models body. */
export function modelsList(): Record<string, unknown> {
  const created = Math.floor(Date.now() / 1000);
  return {
    object: 'list',
    data: [
      { id: MODEL_ID, object: 'model', created, owned_by: 'vllm', root: MODEL_ID, parent: null, max_model_len: 8192, permission: [] },
    ],
  };
}
