// The plain-text view of `rpv health`: worker and job counters, whatever the service reports.
import { oneLine } from '../core/sanitize.js';

function counters(obj: Record<string, unknown> | undefined): string {
  if (!obj) return '-';
  return Object.entries(obj)
    .map(([k, v]) => oneLine(`${k} ${String(v)}`))
    .join(' · ');
}

/** The two lines `rpv health` prints for a health reply. */
export function formatHealth(reply: { workers?: Record<string, unknown>; jobs?: Record<string, unknown> }): string {
  return `workers  ${counters(reply.workers)}\njobs     ${counters(reply.jobs)}\n`;
}
