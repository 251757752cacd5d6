// Small formatters shared by the record's views (`rpv log`, `rpv stats`, the job list): local
// times, durations that may be unknown, previews, columns, a sparkline.
import { formatDuration } from '../core/duration.js';
import { neutralize } from '../core/sanitize.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `2026-12-03 12:34:56` in the machine's time zone. */
export function localTime(iso: string | undefined): string {
  if (iso === undefined) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '-';
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** A duration, or `-` when unknown. */
export function maybeDuration(ms: number | null | undefined): string {
  return ms === undefined || ms === null ? '-' : formatDuration(ms);
}

/** One line of at most `width` characters, control characters made visible. */
export function preview(text: string | undefined, width: number): string {
  if (text === undefined || text === '') return '';
  const flat = neutralize(text.replace(/\s+/g, ' ').trim());
  return flat.length > width ? `${flat.slice(0, Math.max(0, width - 1))}…` : flat;
}

/** The last user message of a recorded conversation, or the prompt itself. */
export function promptText(prompt: string | undefined): string | undefined {
  if (prompt === undefined || !prompt.startsWith('[')) return prompt;
  try {
    const messages = JSON.parse(prompt) as { role?: string; content?: unknown }[];
    const last = [...messages].reverse().find((m) => m.role === 'user');
    return typeof last?.content === 'string' ? last.content : prompt;
  } catch {
    return prompt;
  }
}

/** Left-aligned columns with two spaces between them; the last column is not padded. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of values (newest last), at most `width` bars, each bar the max of its bucket. */
export function sparkline(values: readonly number[], width = 40): string {
  if (values.length === 0) return '';
  const buckets: number[] = [];
  const per = Math.ceil(values.length / width);
  for (let i = 0; i < values.length; i += per) buckets.push(Math.max(...values.slice(i, i + per)));
  const max = Math.max(...buckets);
  const min = Math.min(...buckets);
  return buckets.map((v) => BARS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (BARS.length - 1))]).join('');
}
