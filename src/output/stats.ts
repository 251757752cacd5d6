// The one-line timing summary shared by plain mode (`--stats`), the terminal view and `/stats`.
import type { Timings, Usage } from '../core/events.js';
import { formatDuration } from '../core/duration.js';

/** Tokens per second with one decimal. */
export function formatRate(tokensPerSecond: number): string {
  return `${tokensPerSecond.toFixed(1)} tok/s`;
}

/** `12 in / 256 out`, with `~` on estimated counts; undefined when nothing is known. */
export function formatTokens(usage: Usage | undefined): string | undefined {
  if (!usage) return undefined;
  const mark = usage.estimated ? '~' : '';
  const input = usage.promptTokens;
  const output = usage.completionTokens;
  if (input === undefined && output === undefined) return undefined;
  if (input === undefined) return `${mark}${output} tokens out`;
  if (output === undefined) return `${mark}${input} tokens in`;
  return `${mark}${input} in / ${mark}${output} out`;
}

/** `queue 1.1s · exec 2.9s · first token 1.5s · total 4.4s · 12 in / 256 out · 88.2 tok/s · 0 retries`. */
export function formatStats(timings: Timings, usage: Usage | undefined, retries: number): string {
  const parts: string[] = [];
  if (timings.queueMs !== undefined) parts.push(`queue ${formatDuration(timings.queueMs)}`);
  if (timings.executionMs !== undefined) parts.push(`exec ${formatDuration(timings.executionMs)}`);
  if (timings.firstTokenMs !== undefined) parts.push(`first token ${formatDuration(timings.firstTokenMs)}`);
  parts.push(`total ${formatDuration(timings.totalMs)}`);
  const tokens = formatTokens(usage);
  if (tokens) parts.push(tokens);
  if (timings.tokensPerSecond !== undefined && Number.isFinite(timings.tokensPerSecond)) {
    parts.push(formatRate(timings.tokensPerSecond));
  }
  parts.push(retries === 1 ? '1 retry' : `${retries} retries`);
  return parts.join(' · ');
}
