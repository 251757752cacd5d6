// Pure text for the live view's status and stats lines, kept apart from the components so the
// wording is tested without rendering and shared by the job view and the chat.
import type { JobEvent, Timings, Usage } from '../core/events.js';

/** The terminal events a job view ends on. */
export type TerminalEvent = Extract<JobEvent, { type: 'done' | 'error' | 'cancelled' }>;

/** `850 ms`, `1.2 s`, `2m 05s`: short enough for a status line, precise enough for a countdown. */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 1000) return `${Math.round(safe)} ms`;
  if (safe < 60_000) return `${(safe / 1000).toFixed(1)} s`;
  const totalSeconds = Math.floor(safe / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

/** A countdown in tenths of a second (`1.2 s`), never negative. */
export function formatCountdown(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/** Tokens per second with one decimal. */
export function formatRate(tokensPerSecond: number): string {
  return `${tokensPerSecond.toFixed(1)} tok/s`;
}

/** `rate limited (429), retry 2/4 in 1.2 s`, or `..., retrying 2/4` once the delay is over. */
export function formatRetry(
  retry: { reason: string; retry: number; maxRetries: number },
  remainingMs: number,
): string {
  const count = `${retry.retry}/${retry.maxRetries}`;
  if (remainingMs <= 0) return `${retry.reason}, retrying ${count}`;
  return `${retry.reason}, retry ${count} in ${formatCountdown(remainingMs)}`;
}

/** The cold-start hint shown while a job waits and no worker is up. */
export function formatColdStart(workers: { idle: number; running: number; initializing: number }): string | undefined {
  if (workers.idle > 0 || workers.running > 0) return undefined;
  const starting = workers.initializing > 0 ? ` (${workers.initializing} initializing)` : '';
  return `no worker is running${starting}: a cold start can take a minute or more`;
}

/** `queue 1.1 s · exec 2.9 s · first token 1.5 s · 12 in / 256 out · 88.2 tok/s · 1 retry`. */
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
  if (retries > 0) parts.push(retries === 1 ? '1 retry' : `${retries} retries`);
  return parts.join(' · ');
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

/** The one-line headline of a terminal event: `done`, `stopped (interrupted)`, or the error. */
export function formatOutcome(event: TerminalEvent): string {
  const job = event.jobId ? ` (job ${event.jobId})` : '';
  if (event.type === 'done') return `done${job}`;
  if (event.type === 'cancelled') {
    const note = event.confirmed || !event.jobId ? '' : ', cancel not confirmed';
    return `stopped (${event.reason}${note})${job}`;
  }
  const message = event.error.message;
  const named = event.jobId && !message.includes(event.jobId) ? `${message}${job}` : message;
  return `error: ${named}`;
}
