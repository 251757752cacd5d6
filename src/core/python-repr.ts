// The service reports worker failures as Python repr() strings of dicts (single quotes, None),
// tracebacks or JSON. This module reads them with a small literal parser (never eval) and turns
// any of them into one readable line.

const MAX_DEPTH = 200;
const MAX_ERROR_LENGTH = 500;
const GENERIC_TYPES = new Set(['worker_error', 'error', 'Error', 'Exception']);

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

const NAMED: Record<string, unknown> = {
  None: null,
  True: true,
  False: false,
  null: null,
  true: true,
  false: false,
};

/**
 * Parses a Python literal (dict, list, tuple, set, str, bytes, number, None/True/False) as
 * repr() writes it; JSON is accepted too. Throws SyntaxError on anything else.
 */
export function parsePythonLiteral(s: string): unknown {
  const reader = new LiteralReader(s);
  const value = reader.value(0);
  reader.skipSpace();
  if (reader.pos < s.length) reader.fail('unexpected text after the value');
  return value;
}

class LiteralReader {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new SyntaxError(`invalid Python literal at ${this.pos}: ${what}`);
  }

  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s.charAt(this.pos))) this.pos++;
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    this.skipSpace();
    const c = this.s.charAt(this.pos);
    if (c === '{') return this.dictOrSet(depth);
    if (c === '[') return this.sequence(']', depth);
    if (c === '(') return this.sequence(')', depth);
    if (c === "'" || c === '"') return this.string(false);
    const prefix = /^(?:[rR][bB]?|[bB][rR]?|[uU])(?=['"])/.exec(this.s.slice(this.pos, this.pos + 3));
    if (prefix) {
      this.pos += prefix[0].length;
      return this.string(/r/i.test(prefix[0]));
    }
    const num = /^[-+]?(?:inf\b|nan\b|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?)/.exec(
      this.s.slice(this.pos, this.pos + 400),
    );
    if (num) {
      this.pos += num[0].length;
      const text = num[0].replace(/_/g, '');
      const sign = text.startsWith('-') ? -1 : 1;
      const body = text.replace(/^[-+]/, '');
      if (body === 'inf') return sign * Infinity;
      if (body === 'nan') return NaN;
      return sign * Number(body);
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.pos, this.pos + 64));
    if (word && Object.hasOwn(NAMED, word[0])) {
      this.pos += word[0].length;
      return NAMED[word[0]];
    }
    return this.fail(c === '' ? 'unexpected end' : `unexpected ${JSON.stringify(c)}`);
  }

  private expectSeparator(close: string): boolean {
    this.skipSpace();
    const c = this.s.charAt(this.pos);
    if (c === ',') {
      this.pos++;
      return true;
    }
    if (c === close) return false;
    return this.fail(`expected "," or "${close}"`);
  }

  private sequence(close: string, depth: number): unknown[] {
    this.pos++;
    const items: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.s.charAt(this.pos) === close) break;
      items.push(this.value(depth + 1));
      if (!this.expectSeparator(close)) break;
    }
    this.pos++;
    return items;
  }

  private dictOrSet(depth: number): Record<string, unknown> | unknown[] {
    this.pos++;
    const dict: Record<string, unknown> = {};
    const set: unknown[] = [];
    for (let first = true; ; first = false) {
      this.skipSpace();
      if (this.s.charAt(this.pos) === '}') break;
      const key = this.value(depth + 1);
      this.skipSpace();
      if (this.s.charAt(this.pos) === ':' && set.length === 0) {
        this.pos++;
        // defineProperty keeps keys such as "__proto__" as plain data.
        Object.defineProperty(dict, typeof key === 'string' ? key : String(key), {
          value: this.value(depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else if (first || set.length > 0) {
        set.push(key);
      } else {
        this.fail('expected ":"');
      }
      if (!this.expectSeparator('}')) break;
    }
    this.pos++;
    return set.length > 0 ? set : dict;
  }

  private string(raw: boolean): string {
    const quote = this.s.charAt(this.pos++);
    let out = '';
    for (;;) {
      if (this.pos >= this.s.length) this.fail('unterminated string');
      const c = this.s.charAt(this.pos++);
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s.charAt(this.pos++);
      if (raw) out += '\\' + e;
      else out += this.escape(e);
    }
  }

  private escape(e: string): string {
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) return simple;
    if (e === '\n') return '';
    const hexLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = this.s.slice(this.pos, this.pos + hexLength);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) this.fail('bad \\x/\\u escape');
      this.pos += hexLength;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) this.fail('code point out of range');
      return String.fromCodePoint(code);
    }
    if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{0,2}/.exec(this.s.slice(this.pos, this.pos + 2))?.[0] ?? '';
      this.pos += oct.length;
      return String.fromCharCode(parseInt(e + oct, 8));
    }
    return '\\' + e;
  }
}

/** Turns the `error` field of a FAILED job (or an error found in output) into one readable line. Never throws. */
export function readableError(raw: unknown): string {
  try {
    return oneLine(describe(raw, 0));
  } catch {
    return 'unknown error (unreadable error value)';
  }
}

function oneLine(text: string): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length === 0) return 'unknown error (empty error message)';
  if (flat.length <= MAX_ERROR_LENGTH) return flat;
  let cut = MAX_ERROR_LENGTH - 1;
  const code = flat.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return flat.slice(0, cut) + '…';
}

function describe(raw: unknown, depth: number): string {
  if (raw === undefined || raw === null) return 'unknown error (the service gave no details)';
  if (depth > 8) return compact(raw);
  if (typeof raw === 'string') return describeString(raw, depth);
  if (Array.isArray(raw)) {
    const parts = raw.slice(0, 5).map((item) => describe(item, depth + 1));
    return parts.length > 0 ? parts.join('; ') : 'unknown error (empty error list)';
  }
  if (typeof raw === 'object') return describeObject(raw as Record<string, unknown>, depth);
  return compact(raw);
}

function describeString(text: string, depth: number): string {
  let t = text.trim();
  const handler = /^handler:\s*/.exec(t);
  if (handler)
    t =
      t
        .slice(handler[0].length)
        .split(/\s*\n\s*traceback:/)[0]
        ?.trim() ?? '';
  if (t.startsWith('{') || t.startsWith('[')) {
    const parsed = parseStructured(t);
    if (parsed !== undefined) return describe(parsed, depth + 1);
  }
  const tb = t.indexOf('Traceback (most recent call last):');
  if (tb !== -1) {
    const before = t.slice(0, tb).trim();
    const lines = t
      .slice(tb)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    t = before.length > 0 ? before : (lines[lines.length - 1] ?? '');
  }
  if (t.length === 0) return 'unknown error (empty error message)';
  let from = 0;
  for (let tries = 0; tries < 3; tries++) {
    const brace = t.indexOf('{', from);
    if (brace <= 0) break;
    const inner = parseStructured(t.slice(brace));
    if (inner !== undefined && typeof inner === 'object' && inner !== null) {
      return `${t.slice(0, brace).trim()} ${describe(inner, depth + 1)}`;
    }
    from = brace + 1;
  }
  return t;
}

function parseStructured(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    try {
      return parsePythonLiteral(text);
    } catch {
      return undefined;
    }
  }
}

function describeObject(o: Record<string, unknown>, depth: number): string {
  if (o.error_message !== undefined || o.error_type !== undefined) {
    const message = o.error_message === undefined ? '' : describe(o.error_message, depth + 1);
    const type = typeof o.error_type === 'string' ? cleanType(o.error_type) : '';
    if (type === '' || message.includes(type)) return message || 'unknown error';
    return message === '' ? type : `${type}: ${message}`;
  }
  if (o.error !== undefined && o.error !== null && o.error !== false && o.error !== '') {
    return describe(o.error, depth + 1);
  }
  const message = o.message ?? o.msg ?? o.detail;
  if (message !== undefined && message !== null && message !== '') {
    const text = describe(message, depth + 1);
    const type = typeof o.type === 'string' ? o.type.trim() : '';
    if (type === '' || GENERIC_TYPES.has(type) || text.includes(type)) return text;
    return `${text} (${type})`;
  }
  return compact(o);
}

function cleanType(type: string): string {
  const cls = /<class '([^']+)'>/.exec(type);
  const name = (cls?.[1] ?? type).trim();
  return name.split('.').pop() ?? name;
}

function compact(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value);
    if (typeof json === 'string') return json;
  } catch {
    // fall through to the generic description
  }
  try {
    return String(value);
  } catch {
    return 'unknown error (unprintable error value)';
  }
}
