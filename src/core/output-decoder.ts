// Turns worker-vllm output, whatever its generation, into text deltas per choice plus usage:
// legacy token batches, OpenAI JSON objects, SSE text cut at arbitrary points, lists of chunk
// objects, plain text. Feeding /stream items one by one or the /status output list gives the
// same result. Never throws, whatever it is fed.
import type { Usage } from './events.js';
import { readableError } from './python-repr.js';
import { SseParser, type SseEvent } from './sse.js';

/**
 * New text for choice `index` (0 unless n > 1); `text` is never empty. `reasoning` marks the
 * reasoning of a reasoning model (vLLM's `reasoning` / `reasoning_content`), never answer text.
 */
export interface DecodedDelta {
  index: number;
  text: string;
  reasoning?: true;
}

/** Which worker-vllm output format was recognised: legacy (<= v2.23) or OpenAI-shaped (proxy, openai_route). */
export type OutputGeneration = 'legacy' | 'openai';

/** What a whole output decodes to (see decodeOutput). */
export interface DecodedOutput {
  texts: string[];
  /** Reasoning per choice (holes ""), only when some choice had any. */
  reasoning?: string[];
  usage?: Usage;
  error?: string;
  generation?: OutputGeneration;
}

type Rec = Record<string, unknown>;

const MAX_CHOICES = 4096;
const SSE_STARTS = ['data:', 'event:', ':', 'id:', 'retry:'];
const OPENAI_OBJECTS = new Set(['text_completion', 'chat.completion', 'chat.completion.chunk']);

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < MAX_CHOICES;
const hasError = (v: unknown): boolean => v !== undefined && v !== null && v !== false && v !== '';

/** Stateful decoder: push() each output item in order, end() once; read the getters any time. */
export class OutputDecoder {
  private readonly textList: string[] = [];
  private readonly reasoningList: string[] = [];
  private items = 0;
  private readonly finishList: (string | undefined)[] = [];
  private usageValue: Usage | undefined;
  private errorValue: string | undefined;
  private generationValue: OutputGeneration | undefined;
  private sawDone = false;
  private chunks = 0;
  private stringMode: 'sse' | 'plain' | undefined;
  private undecided = '';
  private readonly sse = new SseParser();
  private pending: DecodedDelta[] = [];

  /** Accumulated text per choice index (holes filled with ""); empty until a choice is seen. */
  get texts(): string[] {
    return [...this.textList];
  }
  /** Accumulated reasoning per choice index (holes ""); empty when the model sent none. */
  get reasoning(): string[] {
    return [...this.reasoningList];
  }
  /** Output items pushed that were not empty (a COMPLETED job with none produced nothing). */
  get itemCount(): number {
    return this.items;
  }
  /** Token counts reported by the worker, if any. */
  get usage(): Usage | undefined {
    return this.usageValue === undefined ? undefined : { ...this.usageValue };
  }
  /** Readable message of the first error found inside the output. */
  get error(): string | undefined {
    return this.errorValue;
  }
  get generation(): OutputGeneration | undefined {
    return this.generationValue;
  }
  /** finish_reason per choice index, when the OpenAI shapes carried one. */
  get finishReasons(): (string | undefined)[] {
    return [...this.finishList];
  }
  /** True once `data: [DONE]` was seen. */
  get done(): boolean {
    return this.sawDone;
  }
  /** Number of non-empty content or reasoning deltas (legacy: steps); a token estimate when usage is absent. */
  get chunkCount(): number {
    return this.chunks;
  }

  /** Decodes one item: a /stream chunk's `output` or one element of the /status `output` list. */
  push(item: unknown): DecodedDelta[] {
    if (item !== undefined && item !== null && item !== '') this.items++;
    try {
      if (typeof item === 'string') this.text(item);
      else if (Array.isArray(item)) for (const el of item) this.value(el, undefined);
      else if (isRec(item)) this.object(item, undefined);
    } catch {
      // Odd input is ignored, never fatal.
    }
    return this.take();
  }

  /** Flushes what only the end of the output can settle (an SSE event without its blank line). */
  end(): DecodedDelta[] {
    try {
      if (this.stringMode === undefined && this.undecided !== '') {
        this.stringMode = 'plain';
        this.plain(this.undecided);
      }
      this.undecided = '';
      if (this.stringMode === 'sse') for (const ev of this.sse.end()) this.event(ev);
    } catch {
      // as in push()
    }
    return this.take();
  }

  private take(): DecodedDelta[] {
    const out: DecodedDelta[] = [];
    for (const d of this.pending) {
      const last = out[out.length - 1];
      if (last && last.index === d.index && last.reasoning === d.reasoning) last.text += d.text;
      else out.push({ ...d });
    }
    this.pending = [];
    return out;
  }

  private text(s: string): void {
    if (this.stringMode === 'plain') return this.plain(s);
    if (this.stringMode === 'sse') return this.feedSse(s);
    this.undecided += s;
    const head = this.undecided.trimStart();
    if (head === '') return;
    if (SSE_STARTS.some((p) => head.startsWith(p))) {
      this.stringMode = 'sse';
      this.undecided = '';
      return this.feedSse(head);
    }
    if (SSE_STARTS.some((p) => head.length < p.length && p.startsWith(head))) return;
    this.stringMode = 'plain';
    const all = this.undecided;
    this.undecided = '';
    this.plain(all);
  }

  private plain(s: string): void {
    if (s === '') return;
    this.append(0, s);
    this.chunks++;
  }

  private feedSse(s: string): void {
    for (const ev of this.sse.push(s)) this.event(ev);
  }

  private event(ev: SseEvent): void {
    const data = ev.data.trim();
    if (data === '[DONE]') {
      this.sawDone = true;
      this.generationValue ??= 'openai';
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      if (ev.event === 'error') this.setError(data);
      return;
    }
    if (ev.event === 'error') this.setError(parsed);
    else this.value(parsed, ev.event);
  }

  private value(v: unknown, eventName: string | undefined): void {
    if (isRec(v)) this.object(v, eventName);
    else if (Array.isArray(v)) for (const el of v) if (isRec(el)) this.object(el, eventName);
  }

  private object(o: Rec, eventName: string | undefined): void {
    if (hasError(o.error)) return this.setError(o.error);
    if (o.object === 'error' || o.type === 'error') return this.setError(o);
    const kind = typeof o.type === 'string' ? o.type : eventName;
    if (kind === 'response.output_text.delta' && typeof o.delta === 'string') {
      this.generationValue ??= 'openai';
      this.content(0, o.delta);
      return;
    }
    if (kind === 'response.completed' && isRec(o.response)) return this.readUsage(o.response.usage);
    if (typeof o.object === 'string' && OPENAI_OBJECTS.has(o.object)) this.generationValue ??= 'openai';
    if (Array.isArray(o.choices)) o.choices.forEach((c, position) => this.choice(c, position));
    this.readUsage(o.usage);
  }

  private choice(c: unknown, position: number): void {
    if (!isRec(c)) return;
    const index = isIndex(c.index) ? c.index : position;
    if (index >= MAX_CHOICES) return;
    this.touch(index);
    if (typeof c.finish_reason === 'string') this.finishList[index] = c.finish_reason;
    if (Array.isArray(c.tokens)) {
      this.generationValue ??= 'legacy';
      let text = '';
      for (const token of c.tokens) {
        if (typeof token !== 'string' || token === '') continue;
        text += token;
        this.chunks++;
      }
      if (text !== '') this.append(index, text);
      return;
    }
    const delta = isRec(c.delta) ? c.delta : undefined;
    const message = isRec(c.message) ? c.message : undefined;
    if (typeof c.text === 'string' || delta || message) this.generationValue ??= 'openai';
    const part = delta ?? message;
    const thought = part?.reasoning ?? part?.reasoning_content;
    if (typeof thought === 'string') this.thinking(index, thought);
    const text = typeof c.text === 'string' ? c.text : part?.content;
    if (typeof text === 'string') this.content(index, text);
  }

  private thinking(index: number, text: string): void {
    if (text === '') return;
    this.touch(index);
    while (this.reasoningList.length <= index) this.reasoningList.push('');
    this.reasoningList[index] += text;
    this.pending.push({ index, text, reasoning: true });
    this.chunks++;
  }

  private content(index: number, text: string): void {
    if (text === '') return;
    this.touch(index);
    this.append(index, text);
    this.chunks++;
  }

  private touch(index: number): void {
    while (this.textList.length <= index) this.textList.push('');
    while (this.finishList.length <= index) this.finishList.push(undefined);
  }

  private append(index: number, text: string): void {
    this.touch(index);
    this.textList[index] += text;
    this.pending.push({ index, text });
  }

  private readUsage(u: unknown): void {
    if (!isRec(u)) return;
    const usage: Usage = {};
    if (isCount(u.input) || isCount(u.output)) {
      if (isCount(u.input)) usage.promptTokens = u.input;
      if (isCount(u.output)) usage.completionTokens = u.output;
    } else {
      const prompt = u.prompt_tokens ?? u.input_tokens;
      const completion = u.completion_tokens ?? u.output_tokens;
      if (isCount(prompt)) usage.promptTokens = prompt;
      if (isCount(completion)) usage.completionTokens = completion;
    }
    if (usage.promptTokens !== undefined || usage.completionTokens !== undefined) this.usageValue = usage;
  }

  private setError(raw: unknown): void {
    this.errorValue ??= readableError(raw);
  }
}

/** Decodes a whole `/status` output (normally a list of items; a single value is one item). */
export function decodeOutput(items: unknown): DecodedOutput {
  const decoder = new OutputDecoder();
  if (Array.isArray(items)) for (const item of items) decoder.push(item);
  else decoder.push(items);
  decoder.end();
  const out: DecodedOutput = { texts: decoder.texts };
  if (decoder.reasoning.some((r) => r !== '')) out.reasoning = decoder.reasoning;
  if (decoder.usage) out.usage = decoder.usage;
  if (decoder.error !== undefined) out.error = decoder.error;
  if (decoder.generation) out.generation = decoder.generation;
  return out;
}
