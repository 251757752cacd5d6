// The plain-text view of `rpv health`: worker and job counters, whatever the service reports,
// with the service's camelCase keys turned into words people read ("in progress", not inProgress).
import { formatDuration } from '../core/duration.js';
import { neutralize, oneLine } from '../core/sanitize.js';

/** `inProgress` -> `in progress`, `inQueue` -> `in queue`; unknown keys are split the same way. */
export function humanKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

function counters(obj: Record<string, unknown> | undefined): string {
  if (!obj) return '-';
  return Object.entries(obj)
    .map(([k, v]) => oneLine(`${humanKey(k)} ${String(v)}`))
    .join(' · ');
}

/** The two lines `rpv health` prints for a health reply. */
export function formatHealth(reply: { workers?: Record<string, unknown>; jobs?: Record<string, unknown> }): string {
  return `workers  ${counters(reply.workers)}\njobs     ${counters(reply.jobs)}\n`;
}

/** The header line of `rpv health --watch`: what is watched, how often, when it was read. */
export function watchHeader(endpoint: string, intervalMs: number, at: Date): string {
  return (
    neutralize(
      `endpoint ${endpoint} · every ${formatDuration(intervalMs)} · ${at.toISOString().slice(11, 19)} UTC · Ctrl-C to stop`,
    ) + '\n'
  );
}
