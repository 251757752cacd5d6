// Keeps API keys out of everything rpv prints: log lines, error messages, hints.

const MIN_SECRET_LENGTH = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces every secret (and any `Bearer <secret>` around it) in `text` by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  const usable = secrets
    .filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  for (const secret of usable) {
    const pattern = new RegExp(`(?:Bearer\\s+)?${escapeRegExp(secret)}`, 'gi');
    out = out.replace(pattern, '***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join('***');
  }
  return out;
}
