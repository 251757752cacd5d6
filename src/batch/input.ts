// Pure parser of one `rpv batch` input line: the OpenAI batch format (as `vllm run-batch` and
// OpenAI's Batch API read it), `{prompt}` / `{messages}` lines with optional sampling_params, or a
// bare JSON string. A line that is none of these gets a one-line reason naming the line.

/** The OpenAI routes a batch line may name. */
export type OpenAIRoute = '/v1/chat/completions' | '/v1/completions';

/** One chat message as a line carries it (content may be a string or OpenAI content parts). */
export interface LineMessage {
  role: string;
  content: unknown;
  [key: string]: unknown;
}

/** A validated input line. `lineNo` is the physical line number from 1. */
export type BatchLine =
  | { kind: 'openai'; lineNo: number; customId: string; url: OpenAIRoute; body: Record<string, unknown> }
  | { kind: 'prompt'; lineNo: number; customId: string; prompt: string; sampling: Record<string, unknown> }
  | { kind: 'messages'; lineNo: number; customId: string; messages: LineMessage[]; sampling: Record<string, unknown> };

/** The outcome of parsing one line: a request, a blank line, or a reason it is invalid. */
export type ParsedLine = { ok: true; line: BatchLine } | { ok: true; blank: true } | { ok: false; reason: string };

const ROUTES: ReadonlySet<string> = new Set(['/v1/chat/completions', '/v1/completions']);

const isRec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function customIdOf(rec: Record<string, unknown>, lineNo: number): string | { reason: string } {
  const id = rec.custom_id;
  if (id === undefined || id === null) return String(lineNo);
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id !== 'string' || id === '') return { reason: 'custom_id must be a non-empty string' };
  return id;
}

function checkMessages(v: unknown, where: string): LineMessage[] | { reason: string } {
  if (!Array.isArray(v) || v.length === 0) return { reason: `${where} must be a non-empty list of messages` };
  for (const [i, m] of v.entries()) {
    if (!isRec(m) || typeof m.role !== 'string' || m.role === '') {
      return { reason: `${where}[${i}] must be an object with a "role" string` };
    }
    if (typeof m.content !== 'string' && !Array.isArray(m.content) && !(m.content === null && m.role === 'assistant')) {
      return { reason: `${where}[${i}].content must be a string or a list of content parts` };
    }
  }
  return v as LineMessage[];
}

function openAILine(rec: Record<string, unknown>, lineNo: number, customId: string): ParsedLine {
  if (rec.method !== undefined && rec.method !== 'POST') return { ok: false, reason: 'method must be "POST"' };
  if (typeof rec.url !== 'string' || !ROUTES.has(rec.url)) {
    return {
      ok: false,
      reason: `url must be /v1/chat/completions or /v1/completions (got ${JSON.stringify(rec.url)})`,
    };
  }
  if (!isRec(rec.body)) return { ok: false, reason: 'body must be a JSON object' };
  const url = rec.url as OpenAIRoute;
  if (url === '/v1/chat/completions') {
    const checked = checkMessages(rec.body.messages, 'body.messages');
    if ('reason' in checked) return { ok: false, reason: checked.reason };
  } else {
    const p = rec.body.prompt;
    const okPrompt =
      typeof p === 'string' || (Array.isArray(p) && p.length > 0 && p.every((x) => typeof x === 'string'));
    if (!okPrompt) return { ok: false, reason: 'body.prompt must be a string for /v1/completions' };
  }
  return { ok: true, line: { kind: 'openai', lineNo, customId, url, body: rec.body } };
}

/** Parses one physical line (without its newline). Never throws. */
export function parseLine(text: string, lineNo: number): ParsedLine {
  if (text.trim() === '') return { ok: true, blank: true };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (typeof value === 'string') {
    if (value.trim() === '') return { ok: false, reason: 'the prompt is empty' };
    return { ok: true, line: { kind: 'prompt', lineNo, customId: String(lineNo), prompt: value, sampling: {} } };
  }
  if (!isRec(value)) return { ok: false, reason: 'expected a JSON object or a JSON string' };
  const customId = customIdOf(value, lineNo);
  if (typeof customId !== 'string') return { ok: false, reason: customId.reason };
  if (value.url !== undefined || value.body !== undefined || value.method !== undefined)
    return openAILine(value, lineNo, customId);
  const sp = value.sampling_params;
  if (sp !== undefined && sp !== null && !isRec(sp))
    return { ok: false, reason: 'sampling_params must be a JSON object' };
  const sampling = isRec(sp) ? sp : {};
  if (value.prompt !== undefined && value.messages !== undefined)
    return { ok: false, reason: 'give either "prompt" or "messages", not both' };
  if (value.messages !== undefined) {
    const checked = checkMessages(value.messages, 'messages');
    if ('reason' in checked) return { ok: false, reason: checked.reason };
    return { ok: true, line: { kind: 'messages', lineNo, customId, messages: checked, sampling } };
  }
  if (value.prompt !== undefined) {
    if (typeof value.prompt !== 'string' || value.prompt.trim() === '')
      return { ok: false, reason: 'prompt must be a non-empty string' };
    return { ok: true, line: { kind: 'prompt', lineNo, customId, prompt: value.prompt, sampling } };
  }
  return {
    ok: false,
    reason:
      'expected an OpenAI batch line (custom_id, method, url, body), {"prompt": ...}, {"messages": [...]} or a JSON string',
  };
}
