// The served model's manner on top of the toy generator: reasoning before the answer (vLLM's
// reasoning parser splits it off in chat replies), speculative decoding (several tokens per
// streamed delta) and a fixed reply text. The token count stays exact whatever the grouping.
import { createRng, hashString, randomInt } from './prng.js';
import { replyTokens, toyGenerate, type ToyChoice, type ToyRequest } from './toy-generator.js';
import type { ModelKind } from './types.js';

/** The settings that shape a reply. */
export interface ModelSettings {
  modelKind: ModelKind;
  reasoningTokens: number;
  speculativeTokens: number;
  replyText?: string;
}

/** A generated sequence; `reasoningDeltas` is empty unless split off (chat API of a reasoning model). */
export interface ReplyChoice extends ToyChoice {
  reasoningDeltas: string[];
  reasoning: string;
}

/** 'chat': reasoning split off as vLLM's reasoning parser does; 'raw': one text with <think> tags (completions, legacy native). */
export type ReplyShape = 'chat' | 'raw';

// Groups consecutive tokens into deltas of 1..k+1 tokens, deterministically.
function group(tokens: readonly string[], k: number, seed: number): string[] {
  if (k <= 0) return [...tokens];
  const rng = createRng(seed);
  const out: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const size = randomInt(rng, 1, k + 1);
    out.push(tokens.slice(i, i + size).join(''));
    i += size;
  }
  return out;
}

/** Generates the reply choices for one request under the model settings. */
export function generateReply(req: ToyRequest, model: ModelSettings, shape: ReplyShape): ReplyChoice[] {
  const source = model.replyText === undefined ? undefined : replyTokens(model.replyText);
  const thinking = model.modelKind === 'reasoning' ? Math.min(model.reasoningTokens, req.maxTokens) : 0;
  const reasons =
    thinking > 0
      ? toyGenerate({ key: `think: ${req.key}`, seed: req.seed, maxTokens: thinking, n: req.n, stop: [] })
      : [];
  const budget = req.maxTokens - thinking;
  const answers = budget > 0 ? toyGenerate({ ...req, maxTokens: budget, ...(source ? { source } : {}) }) : [];
  return Array.from({ length: Math.max(1, req.n) }, (_, i) => {
    const r = reasons[i];
    const a: ToyChoice = answers[i] ?? {
      index: i,
      deltas: [],
      text: '',
      tokenCount: 0,
      finishReason: 'length',
      stopReason: null,
    };
    const seed = hashString(req.key, (Math.trunc(req.seed) >>> 0) ^ Math.imul(i + 7, 0x85ebca6b));
    const k = model.speculativeTokens;
    const tokenCount = (r?.tokenCount ?? 0) + a.tokenCount;
    const base = { index: i, tokenCount, finishReason: a.finishReason, stopReason: a.stopReason };
    if (!r) return { ...base, deltas: group(a.deltas, k, seed), text: a.text, reasoningDeltas: [], reasoning: '' };
    if (shape === 'chat') {
      return {
        ...base,
        deltas: group(a.deltas, k, seed),
        text: a.text,
        reasoningDeltas: group(r.deltas, k, seed ^ 1),
        reasoning: r.text,
      };
    }
    const raw = [...r.deltas];
    raw[0] = `<think>\n${raw[0] ?? ''}`;
    if (budget > 0) raw[raw.length - 1] = `${raw[raw.length - 1] ?? ''}\n</think>\n\n`;
    const deltas = group([...raw, ...a.deltas], k, seed);
    return { ...base, deltas, text: deltas.join(''), reasoningDeltas: [], reasoning: '' };
  });
}
