// Job IDs are checked before anything is sent, and a job `rpv` submitted is found again on
// the endpoint recorded in the journal.
import { UsageError } from '../core/errors.js';
import { findJob } from '../data/journal.js';
import type { CliIo } from './io.js';

const JOB_ID = /^[A-Za-z0-9_-]+$/;

/** Throws a usage error for anything that is not a plausible job ID. */
export function checkJobId(id: string): string {
  if (!JOB_ID.test(id) || id.length > 200) {
    const shown = JSON.stringify(id.length > 60 ? `${id.slice(0, 60)}…` : id);
    throw new UsageError(`malformed job ID ${shown}: expected letters, digits, - and _ only`);
  }
  return id;
}

/** Endpoint, base URL and profile the journal recorded for a job, used when no flag names one. */
export function journalOverrides(
  io: CliIo,
  id: string,
  opts: Record<string, unknown>,
): { endpointOverride?: string; baseUrlOverride?: string; profileOverride?: string } {
  if (opts.endpoint) return {};
  let entry: ReturnType<typeof findJob>;
  try {
    entry = findJob(io.env, id);
  } catch {
    return {};
  }
  if (!entry) return {};
  return {
    endpointOverride: entry.endpoint,
    baseUrlOverride: opts.baseUrl ? undefined : entry.baseUrl,
    profileOverride: entry.profile,
  };
}
