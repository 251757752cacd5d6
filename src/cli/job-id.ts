// Job IDs are checked before anything is sent, and a job `rpv` submitted is found again on
// the endpoint recorded in the journal.
import { UsageError } from '../core/errors.js';
import { ID_PATTERN } from '../core/ids.js';
import { readConfig } from '../config/store.js';
import { findJob } from '../data/journal.js';
import type { CliIo } from '../core/io.js';

/** Throws a usage error for anything that is not a plausible job ID. */
export function checkJobId(id: string): string {
  if (!ID_PATTERN.test(id) || id.length > 200) {
    const shown = JSON.stringify(id.length > 60 ? `${id.slice(0, 60)}…` : id);
    throw new UsageError(`malformed job ID ${shown}: a job ID has letters, digits, - and _ only`);
  }
  return id;
}

/** Endpoint, base URL and profile the journal recorded for a job, used when no flag names one. */
export function journalOverrides(
  io: CliIo,
  id: string,
  opts: { endpoint?: string; baseUrl?: string; profile?: unknown },
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
    profileOverride: opts.profile ? undefined : storedProfile(io, entry.profile),
  };
}

// The journal records the profile in use even when it was only the implicit "default" with no
// such profile in the config file; naming it as if from a flag would then fail, so only a
// profile that exists is passed on.
export function storedProfile(io: CliIo, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  try {
    return Object.hasOwn(readConfig(io.env).profiles, name) ? name : undefined;
  } catch {
    return undefined;
  }
}
