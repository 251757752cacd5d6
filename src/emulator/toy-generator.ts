// The toy "model": a pure, deterministic text generator. Jobs, the /openai route and tests all
// call it, so the text a test expects is exactly the text the emulator streams.
import { createRng, hashString, type Rng } from './prng.js';

/** A prompt containing this marker makes the text include an ANSI colour escape sequence. */
export const ANSI_MARKER = '[[ansi]]';

/** What decides the generated text. */
export interface ToyRequest {
  /** The prompt, or a canonical rendering of the chat messages (see messagesKey). */
  key: string;
  seed: number;
  maxTokens: number;
  n: number;
  stop: string[];
  /** Fixed reply tokens (from --reply-file) used instead of the toy words; running out ends with 'stop'. */
  source?: readonly string[];
}

/** One generated sequence. `deltas` joined equal `text`; the last delta may be empty. */
export interface ToyChoice {
  index: number;
  deltas: string[];
  text: string;
  tokenCount: number;
  finishReason: 'length' | 'stop';
  stopReason: string | null;
}

// Word pieces; a word with several pieces becomes several tokens. Includes 2-, 3- and 4-byte
// UTF-8 characters (é, ü, 日本語, an emoji outside the BMP) on purpose.
const LEXICON: readonly (readonly string[])[] = [
  ['the'],
  ['a'],
  ['quick'],
  ['model'],
  ['token'],
  ['stream'],
  ['worker'],
  ['queue'],
  ['lan', 'tern'],
  ['river'],
  ['garden'],
  ['caf', 'é'],
  ['ü', 'ber'],
  ['na', 'ïve'],
  ['日本', '語'],
  ['テスト'],
  ['🚀'],
  ['déjà'],
  ['vu'],
  ['sil', 'ver'],
  ['moon'],
  ['paper'],
  ['in', 'side'],
  ['and'],
  ['of'],
  ['Zürich'],
  ['north'],
  ['small'],
  ['bright'],
  ['échelle'],
];

function* tokenSource(rng: Rng, ansi: boolean): Generator<string> {
  let emitted = 0;
  let lineStart = true;
  while (true) {
    if (ansi && emitted === 0) {
      emitted++;
      yield '\u001b[31m';
      continue;
    }
    if (ansi && emitted === 3) {
      emitted++;
      yield '\u001b[0m';
      continue;
    }
    const r = rng();
    if (!lineStart && r < 0.06) {
      lineStart = true;
      emitted++;
      yield '\n';
      continue;
    }
    if (!lineStart && r < 0.12) {
      emitted++;
      yield r < 0.09 ? ',' : '.';
      continue;
    }
    const pieces = LEXICON[Math.floor(rng() * LEXICON.length)] ?? ['the'];
    for (const [i, piece] of pieces.entries()) {
      const lead = i === 0 && !lineStart ? ' ' : '';
      emitted++;
      yield lead + piece;
    }
    lineStart = false;
  }
}

function firstStop(text: string, stop: readonly string[]): { at: number; stop: string } | undefined {
  let best: { at: number; stop: string } | undefined;
  for (const s of stop) {
    if (s === '') continue;
    const at = text.indexOf(s);
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, stop: s };
  }
  return best;
}

// Cuts the deltas so they join to exactly `length` characters (a stop string can begin inside an
// earlier token; vLLM holds such text back, here it is simply never emitted).
function truncateDeltas(deltas: readonly string[], length: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const d of deltas) {
    if (used + d.length <= length) {
      kept.push(d);
      used += d.length;
      continue;
    }
    kept.push(d.slice(0, length - used));
    break;
  }
  return kept;
}

function generateOne(req: ToyRequest, index: number): ToyChoice {
  const seed = hashString(req.key, (Math.trunc(req.seed) >>> 0) ^ Math.imul(index + 1, 0x9e3779b1));
  const source = req.source ? req.source.values() : tokenSource(createRng(seed), req.key.includes(ANSI_MARKER));
  const deltas: string[] = [];
  let text = '';
  for (let i = 0; i < req.maxTokens; i++) {
    const next = source.next();
    if (next.done === true)
      return { index, deltas, text, tokenCount: deltas.length, finishReason: 'stop', stopReason: null };
    const token = next.value;
    deltas.push(token);
    const hit = firstStop(text + token, req.stop);
    if (hit) {
      const kept = truncateDeltas(deltas, hit.at);
      return {
        index,
        deltas: kept,
        text: kept.join(''),
        tokenCount: i + 1,
        finishReason: 'stop',
        stopReason: hit.stop,
      };
    }
    text += token;
  }
  return { index, deltas, text, tokenCount: deltas.length, finishReason: 'length', stopReason: null };
}

/** Generates `n` sequences of at most `maxTokens` tokens each, stopping before any stop string. */
export function toyGenerate(req: ToyRequest): ToyChoice[] {
  return Array.from({ length: Math.max(1, req.n) }, (_, i) => generateOne(req, i));
}

/** Cuts a fixed reply into tokens of at most 4 characters, leading whitespace attached. */
export function replyTokens(text: string): string[] {
  return text.match(/\s*\S{1,4}|\s+/gsu) ?? [];
}

/** A deterministic token count for prompt text (words and punctuation marks). */
export function countPromptTokens(text: string): number {
  return Math.max(1, (text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []).length);
}

/** The generation key of a chat: role and text of every message, in order. */
export function messagesKey(messages: readonly unknown[]): string {
  return messages
    .map((m) => {
      const msg = (m ?? {}) as { role?: unknown; content?: unknown };
      return `${String(msg.role ?? '')}: ${contentText(msg.content)}`;
    })
    .join('\n');
}

/** Text of an OpenAI message content (a string or a list of text parts). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : ''))
      .join('');
  }
  return content == null ? '' : JSON.stringify(content);
}
