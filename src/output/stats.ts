// Timing lines shared by plain mode, the terminal view and `/stats`: the one-line summary at
// the end and the note about a retry in progress.
import type { Timings, Usage } from '../core/events.js';
import { formatDuration } from '../core/duration.js';
import { formatCost } from '../core/gpu-prices.js';

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
export function formatStats(
  timings: Timings,
  usage: Usage | undefined,
  retries: number,
  extra: { cached?: boolean; costUsd?: number } = {},
): string {
  const parts: string[] = [];
  if (extra.cached) parts.push('cached');
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
  if (extra.costUsd !== undefined) parts.push(formatCost(extra.costUsd));
  return parts.join(' · ');
}

/** A countdown in tenths of a second (`1.2s`); under 0.1 s in milliseconds (`40ms`); never negative. */
export function formatCountdown(ms: number): string {
  if (ms > 0 && ms < 100) return `${Math.ceil(ms)}ms`;
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

/** `rate limited (429), retry 2/4 in 1.2s`, or `..., retrying 2/4` once the delay is over. */
export function formatRetry(retry: { reason: string; retry: number; maxRetries: number }, remainingMs: number): string {
  const count = `${retry.retry}/${retry.maxRetries}`;
  if (remainingMs <= 0) return `${retry.reason}, retrying ${count}`;
  return `${retry.reason}, retry ${count} in ${formatCountdown(remainingMs)}`;
}
