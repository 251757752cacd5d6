// Reads a job's `input` the way each worker-vllm generation does (section 2.2 of runpod-api.md)
// and decides what the job will produce, or the exact error string it fails with.
import { legacyEngineError, legacyOpenAIError, workerError } from './py-repr.js';
import { generateReply, type ReplyChoice } from './model.js';
import { countPromptTokens, messagesKey } from './toy-generator.js';
import type { WorkerGeneration } from './types.js';
import {
  isIntAtLeast,
  serveOpenAI,
  stopList,
  type OpenAIPlan,
  type ServeContext,
  type VllmHttpError,
} from './vllm-server.js';

/** What planning a job reads from the settings. */
export interface PlanContext extends ServeContext {
  worker: WorkerGeneration;
}

/** What a job will do once a worker picks it up. */
export type WorkPlan =
  /** `http`: the vLLM HTTP error behind the failure, when there is one. */
  | { kind: 'failure'; error: string; http?: VllmHttpError }
  | { kind: 'legacy-native'; stream: boolean; choices: ReplyChoice[]; promptTokens: number; batching: Batching }
  /** OpenAI output; 'slices' = proxy worker byte slices, 'event-batches' = legacy whole events. */
  | { kind: 'openai'; framing: 'slices' | 'event-batches'; plan: OpenAIPlan };

/** Legacy streaming batch sizes: start at `min`, multiply by `growth`, cap at `max`. */
export interface Batching {
  min: number;
  growth: number;
  max: number;
}

function positiveInt(v: unknown, fallback: number): number {
  return isIntAtLeast(v, 1) ? v : fallback;
}

/** The proxy worker's message for an input with none of the known shapes. */
const INPUT_SHAPE_MESSAGE =
  'Job input must contain one of: openai_input (+openai_route), route (+body), or prompt/messages.';

// Keyword arguments vllm.SamplingParams accepted in the legacy worker's vLLM.
const SAMPLING_PARAMS_KEYS = new Set([
  'n',
  'best_of',
  'presence_penalty',
  'frequency_penalty',
  'repetition_penalty',
  'temperature',
  'top_p',
  'top_k',
  'min_p',
  'seed',
  'use_beam_search',
  'length_penalty',
  'early_stopping',
  'stop',
  'stop_token_ids',
  'include_stop_str_in_output',
  'ignore_eos',
  'max_tokens',
  'min_tokens',
  'logprobs',
  'prompt_logprobs',
  'detokenize',
  'skip_special_tokens',
  'spaces_between_special_tokens',
  'logits_processors',
  'truncate_prompt_tokens',
  'guided_decoding',
  'logit_bias',
  'allowed_token_ids',
  'output_kind',
  'bad_words',
  'extra_args',
  'structured_outputs',
]);

const LEGACY_OPENAI_ROUTES = new Set([
  '/v1/models',
  '/v1/chat/completions',
  '/v1/completions',
  '/v1/responses',
  '/v1/messages',
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyRecord(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && Object.keys(v).length > 0;
}

function planProxy(input: Record<string, unknown>, ctx: PlanContext): WorkPlan {
  let route: string;
  let method: string;
  let body: unknown;
  if (input.openai_route || input.openai_input !== undefined) {
    route = typeof input.openai_route === 'string' && input.openai_route ? input.openai_route : '/v1/chat/completions';
    body = nonEmptyRecord(input.openai_input) ? input.openai_input : undefined;
    method = body === undefined ? 'GET' : 'POST';
  } else if (input.route) {
    route = String(input.route);
    body = input.body ?? undefined;
    method = (typeof input.method === 'string' && input.method ? input.method : body ? 'POST' : 'GET').toUpperCase();
  } else if (input.messages != null || input.prompt != null) {
    const sp = isRecord(input.sampling_params) ? input.sampling_params : {};
    const shared = { ...sp, stream: input.stream === true };
    route = input.messages != null ? '/v1/chat/completions' : '/v1/completions';
    body = input.messages != null ? { ...shared, messages: input.messages } : { ...shared, prompt: input.prompt };
    method = 'POST';
  } else {
    return { kind: 'failure', error: workerError(INPUT_SHAPE_MESSAGE) };
  }
  const served = serveOpenAI(route, method, body, ctx);
  if (served.kind === 'http-error') {
    return { kind: 'failure', error: workerError(`vLLM returned HTTP ${served.status}: ${served.body}`), http: served };
  }
  return { kind: 'openai', framing: 'slices', plan: served };
}

function planLegacyNative(input: Record<string, unknown>, ctx: PlanContext): WorkPlan {
  const sp = isRecord(input.sampling_params) ? input.sampling_params : {};
  const unknown = Object.keys(sp).find((k) => !SAMPLING_PARAMS_KEYS.has(k));
  if (unknown !== undefined) return { kind: 'failure', error: `Unexpected keyword argument '${unknown}'` };
  const maxTokens = sp.max_tokens ?? 100;
  if (!isIntAtLeast(maxTokens, 1))
    return { kind: 'failure', error: `max_tokens must be at least 1, got ${String(maxTokens)}.` };
  const n = sp.n ?? 1;
  if (!isIntAtLeast(n, 1)) return { kind: 'failure', error: `n must be at least 1, got ${String(n)}.` };
  const stop = stopList(sp.stop);
  if (stop === undefined) return { kind: 'failure', error: 'stop must be a string or a list of strings' };
  const isChat = Array.isArray(input.messages);
  if (!isChat && typeof input.prompt !== 'string') {
    return { kind: 'failure', error: legacyEngineError('prompt must be a string or messages a list') };
  }
  const key = isChat ? messagesKey(input.messages as unknown[]) : (input.prompt as string);
  const choices = generateReply(
    { key, seed: typeof sp.seed === 'number' ? sp.seed : ctx.seed, maxTokens, n, stop },
    ctx,
    'raw',
  );
  const batching = {
    min: positiveInt(input.min_batch_size, 1),
    growth: positiveInt(input.batch_size_growth_factor, 3),
    max: positiveInt(input.max_batch_size, 50),
  };
  return {
    kind: 'legacy-native',
    stream: input.stream === true,
    choices,
    promptTokens: countPromptTokens(key),
    batching,
  };
}

function planLegacy(input: Record<string, unknown>, ctx: PlanContext): WorkPlan {
  if (input.openai_route) {
    const route = String(input.openai_route);
    if (!LEGACY_OPENAI_ROUTES.has(route)) return { kind: 'failure', error: legacyOpenAIError('Invalid route') };
    if (route === '/v1/responses' || route === '/v1/messages') {
      return { kind: 'failure', error: legacyOpenAIError(`${route} is not emulated`, 'NotImplementedError', 501) };
    }
    const body = nonEmptyRecord(input.openai_input) ? input.openai_input : undefined;
    const served = serveOpenAI(route, route === '/v1/models' ? 'GET' : 'POST', body, ctx);
    if (served.kind === 'http-error')
      return { kind: 'failure', error: legacyOpenAIError(served.message, served.type, served.status), http: served };
    return { kind: 'openai', framing: 'event-batches', plan: served };
  }
  if (input.messages != null || input.prompt != null) return planLegacyNative(input, ctx);
  return { kind: 'failure', error: workerError(INPUT_SHAPE_MESSAGE) };
}

/** Decides what a job with this input produces on the given worker generation. */
export function planJob(input: unknown, ctx: PlanContext): WorkPlan {
  if (!isRecord(input)) return { kind: 'failure', error: workerError(INPUT_SHAPE_MESSAGE) };
  return ctx.worker === 'legacy' ? planLegacy(input, ctx) : planProxy(input, ctx);
}

/** What a client can see of one planned choice: the answer text, the reasoning split off, how it ended. */
export interface PlannedChoice {
  text: string;
  reasoning: string;
  finishReason: 'length' | 'stop';
  completionTokens: number;
}

/** The planned choices of a job with this input; throws with the job's error otherwise. */
export function plannedChoices(input: unknown, ctx: PlanContext): PlannedChoice[] {
  const plan = planJob(input, ctx);
  if (plan.kind === 'failure') throw new Error(plan.error);
  const choices = plan.kind === 'legacy-native' ? plan.choices : plan.plan.kind === 'generate' ? plan.plan.choices : [];
  return choices.map((c) => ({
    text: c.text,
    reasoning: c.reasoning,
    finishReason: c.finishReason,
    completionTokens: c.tokenCount,
  }));
}

/** The texts (one per choice) a job with this input generates; throws with the job's error otherwise. */
export function plannedTexts(input: unknown, ctx: PlanContext): string[] {
  return plannedChoices(input, ctx).map((c) => c.text);
}
