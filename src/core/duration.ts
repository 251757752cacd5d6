// Durations on the command line (`--timeout 30s`, `--ttl 2h`) and in human-facing output.
// Accepts what formatDuration prints, so a value shown to the user can be typed back.
import { UsageError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ms|s|m|h|d)/y;
const BARE = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Parses `250ms`, `30s`, `5m`, `1h`, `7d`, compounds such as `2m05s`, or a bare number of
 * seconds (fractions allowed) into milliseconds. `flag` names the source in the UsageError.
 */
export function parseDuration(text: string, flag: string): number {
  const t = text.trim().toLowerCase();
  let ms: number | undefined;
  if (BARE.test(t)) {
    ms = Number(t) * 1000;
  } else if (t.length > 0) {
    let total = 0;
    PART.lastIndex = 0;
    while (PART.lastIndex < t.length) {
      const at = PART.lastIndex;
      const m = PART.exec(t);
      if (!m || m.index !== at) {
        total = NaN;
        break;
      }
      total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? NaN);
    }
    ms = total;
  }
  if (ms === undefined || !Number.isFinite(ms) || ms > Number.MAX_SAFE_INTEGER) {
    throw new UsageError(`${flag} must be a duration like 30s, 5m or 250ms (got ${JSON.stringify(text)})`);
  }
  return Math.round(ms);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Short human form of a duration for stats and status lines: 850ms, 1.2s, 2m05s, 1h02m. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  const whole = Math.round(ms);
  if (whole < 1000) return `${whole}ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const secs = Math.round(ms / 1000);
  if (secs < 3600) return `${Math.floor(secs / 60)}m${pad2(secs % 60)}s`;
  const mins = Math.round(ms / 60_000);
  return `${Math.floor(mins / 60)}h${pad2(mins % 60)}m`;
}
