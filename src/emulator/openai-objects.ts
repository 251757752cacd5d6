// Builders for the JSON objects and SSE events vLLM's OpenAI server emits. Both worker
// generations and the /openai route share them.
import { randomUUID } from 'node:crypto';
import type { ReplyChoice } from './model.js';
import type { ReasoningField } from './types.js';

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
  /** Where reasoning goes in chat messages and deltas. */
  reasoningField: ReasoningField;
}

/** A fresh id/created pair for one OpenAI response. */
export function newIdentity(
  api: 'completion' | 'chat',
  reasoningField: ReasoningField = 'reasoning',
): ResponseIdentity {
  const hex = randomUUID().replaceAll('-', '');
  const id = `${api === 'chat' ? 'chatcmpl' : 'cmpl'}-${hex}`;
  return { api, id, created: Math.floor(Date.now() / 1000), model: MODEL_ID, reasoningField };
}

/** Generation steps of a choice: its reasoning deltas, then its content deltas. */
export function choiceSteps(c: ReplyChoice): number {
  return c.reasoningDeltas.length + c.deltas.length;
}

/** One SSE event line pair for a JSON payload. */
function sseEvent(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

// vLLM's UsageInfo: the non-streamed body dumps every field (prompt_tokens_details: null); the
// streamed usage chunk is dumped with exclude_unset, so the null field is absent there.
function usageOf(choices: readonly ReplyChoice[], promptTokens: number, streamed: boolean) {
  const completion = choices.reduce((sum, c) => sum + c.tokenCount, 0);
  const usage = { prompt_tokens: promptTokens, total_tokens: promptTokens + completion, completion_tokens: completion };
  return streamed ? usage : { ...usage, prompt_tokens_details: null };
}

/** The non-streaming response body (text_completion or chat.completion). */
export function finalObject(
  ident: ResponseIdentity,
  choices: readonly ReplyChoice[],
  promptTokens: number,
): Record<string, unknown> {
  const object = ident.api === 'chat' ? 'chat.completion' : 'text_completion';
  const body = choices.map((c) => {
    const end = { logprobs: null, finish_reason: c.finishReason, stop_reason: c.stopReason };
    if (ident.api !== 'chat') return { index: c.index, text: c.text, ...end, prompt_logprobs: null };
    const message = {
      role: 'assistant',
      content: c.text === '' && c.reasoning !== '' ? null : c.text,
      refusal: null,
      annotations: null,
      audio: null,
      function_call: null,
      tool_calls: [],
      [ident.reasoningField]: c.reasoning === '' ? null : c.reasoning,
    };
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
    usage: usageOf(choices, promptTokens, false),
    prompt_logprobs: null,
  };
}

function chunkHead(ident: ResponseIdentity) {
  const object = ident.api === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  return { id: ident.id, object, created: ident.created, model: ident.model };
}

/**
 * The SSE events of generation step `step` (0-based): role chunks first for chat, then one delta
 * per live choice (reasoning deltas before content deltas). Chunks are dumped as vLLM does with
 * exclude_unset: no system_fingerprint, `stop_reason` only on a choice's last chunk.
 */
export function stepEvents(ident: ResponseIdentity, choices: readonly ReplyChoice[], step: number): string[] {
  const events: string[] = [];
  if (ident.api === 'chat' && step === 0) {
    for (const c of choices) {
      const role = { index: c.index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null };
      events.push(sseEvent({ ...chunkHead(ident), choices: [role] }));
    }
  }
  for (const c of choices) {
    const thinking = step < c.reasoningDeltas.length;
    const delta = thinking ? c.reasoningDeltas[step] : c.deltas[step - c.reasoningDeltas.length];
    if (delta === undefined) continue;
    const last = step === choiceSteps(c) - 1;
    const end = last
      ? { logprobs: null, finish_reason: c.finishReason, stop_reason: c.stopReason }
      : { logprobs: null, finish_reason: null };
    const chatDelta = thinking ? { [ident.reasoningField]: delta } : { content: delta };
    const choice =
      ident.api === 'chat' ? { index: c.index, delta: chatDelta, ...end } : { index: c.index, text: delta, ...end };
    events.push(sseEvent({ ...chunkHead(ident), choices: [choice] }));
  }
  return events;
}

/** vLLM's mid-stream error event (its ErrorResponse), as sent before `[DONE]`. */
export function errorEvent(message: string, type = 'InternalServerError', code = 500): string {
  return sseEvent({ error: { message, type, param: null, code } });
}

/** The trailing usage chunk sent when stream_options.include_usage is true. */
export function usageEvent(ident: ResponseIdentity, choices: readonly ReplyChoice[], promptTokens: number): string {
  return sseEvent({ ...chunkHead(ident), choices: [], usage: usageOf(choices, promptTokens, true) });
}

/** GET /v1/models body. */
export function modelsList(): Record<string, unknown> {
  const created = Math.floor(Date.now() / 1000);
  return {
    object: 'list',
    data: [
      {
        id: MODEL_ID,
        object: 'model',
        created,
        owned_by: 'vllm',
        root: MODEL_ID,
        parent: null,
        max_model_len: 8192,
        permission: [
          {
            id: `modelperm-${randomUUID().replaceAll('-', '')}`,
            object: 'model_permission',
            created,
            allow_create_engine: false,
            allow_sampling: true,
            allow_logprobs: true,
            allow_search_indices: false,
            allow_view: true,
            allow_fine_tuning: false,
            organization: '*',
            group: null,
            is_blocking: false,
          },
        ],
      },
    ],
  };
}
