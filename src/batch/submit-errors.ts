// Pure: what a failed /run means for its line. The client's typed errors say whether the service
// surely did not act (refused: try again later), may have created the job (the reply was lost:
// resubmit and report a possible duplicate), refused it for the rate (slow down), rejected the
// request itself, or whether the endpoint cannot be used at all.
import {
  ConfigError,
  InterruptedError,
  NotFoundError,
  RateLimitedError,
  RpvError,
  ServiceUnavailableError,
  TimeoutError,
} from '../core/errors.js';

/** The verdict on one failed submission. */
export type SubmitVerdict =
  | { kind: 'stopped' }
  | { kind: 'ambiguous' }
  | { kind: 'rateLimited'; error: RateLimitedError }
  | { kind: 'refused' }
  | { kind: 'invalid'; message: string }
  | { kind: 'fatal'; error: RpvError };

/** Classifies an error thrown by `client.run`. */
export function classifySubmitError(err: unknown): SubmitVerdict {
  if (err instanceof ServiceUnavailableError && /may have been submitted/.test(err.message))
    return { kind: 'ambiguous' };
  if (err instanceof InterruptedError) return { kind: 'stopped' };
  if (err instanceof ConfigError || err instanceof NotFoundError || err instanceof TimeoutError)
    return { kind: 'fatal', error: err };
  if (err instanceof RateLimitedError) return { kind: 'rateLimited', error: err };
  if (err instanceof ServiceUnavailableError) return { kind: 'refused' };
  if (err instanceof RpvError && /rejected/.test(err.message)) return { kind: 'invalid', message: err.message };
  return { kind: 'fatal', error: err instanceof RpvError ? err : new RpvError(`internal error: ${String(err)}`, 1) };
}
