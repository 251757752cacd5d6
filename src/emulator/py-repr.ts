// Python's repr() of plain data. worker-vllm's errors reach clients as `str(dict)`, which is not
// JSON (single quotes, None), and the emulator must reproduce that byte for byte.

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code >= 0xd800 && code <= 0xdfff)
      out += '\\u' + code.toString(16); // a lone surrogate
    else out += ch;
  }
  return out + quote;
}

/** Renders strings, numbers, booleans, null, arrays and plain objects as Python's repr() would. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return reprString(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0.0';
    return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  }
  if (Array.isArray(value)) return '[' + value.map(pyRepr).join(', ') + ']';
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${reprString(k)}: ${pyRepr(v)}`);
    return '{' + parts.join(', ') + '}';
  }
  return reprString(String(value));
}

/** The FAILED error string of the proxy worker: repr of {'message', 'type': 'worker_error', 'code': None}. */
export function workerError(message: string): string {
  return pyRepr({ message, type: 'worker_error', code: null });
}

/** The FAILED error string of the legacy worker's engine: repr of {'error': {...}}. */
export function legacyEngineError(message: string, type = 'BadRequestError', code = 400): string {
  return pyRepr({ error: { message, type, param: null, code } });
}

/** The FAILED error string of a legacy openai_route job: repr of {'message', 'type', 'param', 'code'}. */
export function legacyOpenAIError(message: string, type = 'BadRequestError', code = 400): string {
  return pyRepr({ message, type, param: null, code });
}

/** The body vLLM's OpenAI server sends with an HTTP error, as compact JSON text. */
export function vllmErrorBody(message: string, type: string, code: number, param: string | null = null): string {
  return JSON.stringify({ error: { message, type, param, code } });
}
