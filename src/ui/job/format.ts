// Pure text for the live view's status and stats lines, kept apart from the components so the
// wording is tested without rendering and shared by the job view and the chat.
import type { TerminalEvent } from '../../output/outcome.js';

export type { TerminalEvent };
export { formatCountdown, formatRate, formatRetry, formatStats, formatTokens } from '../../output/stats.js';
export { formatDuration } from '../../core/duration.js';

/**
 * Breaks a ` · `-separated line into lines of at most `width` columns, only at separators, so a
 * narrow terminal never splits "41.7 tok/s" or starts a line with a stray space.
 */
export function wrapAtSeparators(text: string, width: number, sep = ' · '): string[] {
  const lines: string[] = [];
  let current = '';
  for (const part of text.split(sep)) {
    const joined = current === '' ? part : `${current}${sep}${part}`;
    if (current !== '' && joined.length > width) {
      lines.push(current);
      current = part;
    } else current = joined;
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** The cold-start hint shown while a job waits and no worker is up. */
export function formatColdStart(workers: { idle: number; running: number; initializing: number }): string | undefined {
  if (workers.idle > 0 || workers.running > 0) return undefined;
  const starting = workers.initializing > 0 ? ` (${workers.initializing} initializing)` : '';
  return `no worker is running${starting}: a cold start can take a minute or more`;
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
