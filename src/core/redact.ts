// Keeps API keys out of everything rpv prints: log lines, error messages, hints.

const MIN_SECRET_LENGTH = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces every secret (and any `Bearer <secret>` around it) in `text` by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  return makeRedactor(secrets)(text);
}

/** `redact` with its patterns built once: for the client, which cleans every reply it reads. */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  const usable = secrets
    .filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  const steps = usable.map((secret) => ({
    pattern: new RegExp(`(?:Bearer\\s+)?${escapeRegExp(secret)}`, 'gi'),
    encoded: encodeURIComponent(secret) === secret ? undefined : encodeURIComponent(secret),
  }));
  return (text: string): string => {
    let out = text;
    for (const { pattern, encoded } of steps) {
      out = out.replace(pattern, '***');
      if (encoded !== undefined) out = out.split(encoded).join('***');
    }
    return out;
  };
}

/** Redacts every string (and every object key) inside a parsed JSON reply, so no field of it can carry a secret. */
export function redactDeep<T>(value: T, clean: (text: string) => string): T {
  if (typeof value === 'string') return clean(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, clean)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[clean(k)] = redactDeep(v, clean);
    return out as T;
  }
  return value;
}

/** Length of the longest tail of `text` that is a proper prefix of `secret` (what must be held back). */
function heldTail(text: string, secret: string): number {
  const from = Math.max(0, text.length - (secret.length - 1));
  for (let i = from; i < text.length; i++) {
    if (text.charCodeAt(i) === secret.charCodeAt(0) && secret.startsWith(text.slice(i))) return text.length - i;
  }
  return 0;
}

/**
 * Redacts secrets from text that arrives in pieces (model deltas split across polls): each push
 * returns what is safe to show now and holds back only the longest tail that could begin a secret.
 */
export class StreamRedactor {
  private held = '';
  private readonly secrets: string[];
  constructor(secrets: readonly string[]) {
    this.secrets = secrets
      .filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
      .sort((a, b) => b.length - a.length);
  }

  /** Adds a piece; returns the text that can be shown now (possibly empty). */
  push(piece: string): string {
    if (this.secrets.length === 0) return piece;
    let text = this.held + piece;
    for (const secret of this.secrets) if (text.includes(secret)) text = text.split(secret).join('***');
    let hold = 0;
    for (const secret of this.secrets) hold = Math.max(hold, heldTail(text, secret));
    this.held = text.slice(text.length - hold);
    return text.slice(0, text.length - hold);
  }

  /** The held-back tail at the end of the stream: it never became a whole secret, so it is shown. */
  end(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }
}
