// Durations on `rpv emulate` flags (`250ms`, `2s`, `5m`, `1h`, compounds like `1m30s`): the
// emulator's own small parser, so it does not depend on the CLI's.
import { EmulatorUsageError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ms|s|m|h)/y;
const BARE = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Parses a duration into milliseconds; a bare number is taken in `bareUnit`. Throws
 * EmulatorUsageError naming `flag` on anything else (negative values included).
 */
export function parseEmulatorDuration(flag: string, text: string, bareUnit: 'ms' | 's'): number {
  const t = text.trim().toLowerCase();
  let ms = NaN;
  if (BARE.test(t)) ms = Number(t) * (bareUnit === 'ms' ? 1 : 1000);
  else if (t.length > 0) {
    ms = 0;
    PART.lastIndex = 0;
    while (PART.lastIndex < t.length) {
      const at = PART.lastIndex;
      const m = PART.exec(t);
      if (!m || m.index !== at) {
        ms = NaN;
        break;
      }
      ms += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? NaN);
    }
  }
  if (!Number.isFinite(ms) || ms > Number.MAX_SAFE_INTEGER) {
    throw new EmulatorUsageError(`${flag} must be a duration like 250ms, 2s or 5m (got ${JSON.stringify(text)})`);
  }
  return Math.round(ms);
}
