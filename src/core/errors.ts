// Typed errors carry their exit code; only the CLI's main maps them to the process.
// Messages are one line, name the job where one exists, and never contain the API key.

export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  config: 3,
  notFound: 4,
  jobFailed: 5,
  timedOut: 6,
  cancelled: 7,
  unavailable: 8,
  interrupted: 130,
} as const;
/** What each exit code means, as `rpv --help` lists them. */
export const EXIT_MEANING: Record<keyof typeof ExitCode, string> = {
  ok: 'ok',
  internal: 'internal',
  usage: 'usage',
  config: 'config/auth',
  notFound: 'not found',
  jobFailed: 'job failed',
  timedOut: 'timed out',
  cancelled: 'cancelled by someone else',
  unavailable: 'service unavailable',
  interrupted: 'interrupted',
};

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface RpvErrorOptions {
  /** A second line telling the user what to do. */
  hint?: string;
  jobId?: string;
  cause?: unknown;
}

/** Base of every error the CLI knows how to report. */
export class RpvError extends Error {
  readonly exitCode: ExitCodeValue;
  hint?: string;
  jobId?: string;

  constructor(message: string, exitCode: ExitCodeValue, options: RpvErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.jobId = options.jobId;
  }
}

/** Bad flags or arguments: nothing was sent. Exit 2. */
export class UsageError extends RpvError {
  constructor(message: string, options?: RpvErrorOptions) {
    super(message, ExitCode.usage, options);
  }
}

/** Missing key or endpoint, unreadable config, or the key was rejected (401/403). Exit 3. */
export class ConfigError extends RpvError {
  constructor(message: string, options?: RpvErrorOptions) {
    super(message, ExitCode.config, options);
  }
}

/** Unknown endpoint or job (404), including a job past its retention. Exit 4. */
export class NotFoundError extends RpvError {
  constructor(message: string, options?: RpvErrorOptions) {
    super(message, ExitCode.notFound, options);
  }
}

/** The job FAILED on the worker; `message` is the readable form of its error. Exit 5. */
export class JobFailedError extends RpvError {
  /** The error exactly as the service sent it. */
  readonly raw: unknown;
  constructor(message: string, raw: unknown, options?: RpvErrorOptions) {
    super(message, ExitCode.jobFailed, options);
    this.raw = raw;
  }
}

/** The job TIMED_OUT, or the --timeout deadline passed. Exit 6. */
export class TimeoutError extends RpvError {
  constructor(message: string, options?: RpvErrorOptions) {
    super(message, ExitCode.timedOut, options);
  }
}

/** The job was CANCELLED by someone else. Exit 7. */
export class JobCancelledError extends RpvError {
  constructor(message: string, options?: RpvErrorOptions) {
    super(message, ExitCode.cancelled, options);
  }
}

/** Network failure, 5xx or 429 still failing after the retries. Exit 8. */
export class ServiceUnavailableError extends RpvError {
  constructor(message: string, options?: RpvErrorOptions) {
    super(message, ExitCode.unavailable, options);
  }
}

/** A 429 the call did not wait out (or no longer could); exit 8. `retryAfterMs` when the reply said. */
export class RateLimitedError extends ServiceUnavailableError {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    options?: RpvErrorOptions,
  ) {
    super(message, options);
  }
}

/** A reply body larger than rpv reads; still exit 8. The job it was about is cancelled. */
export class ReplyTooLargeError extends ServiceUnavailableError {}

/** Ctrl-C / SIGTERM. Exit 130. */
export class InterruptedError extends RpvError {
  constructor(message = 'interrupted', options?: RpvErrorOptions) {
    super(message, ExitCode.interrupted, options);
  }
}

/** Wraps anything unexpected so it can still be reported in one line. Exit 1. */
export function toRpvError(err: unknown): RpvError {
  if (err instanceof RpvError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RpvError(`internal error: ${message}`, ExitCode.internal, { cause: err });
}
