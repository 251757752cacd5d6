// Turns the client's last failure into the typed error the CLI reports (and its exit code).
import {
  ConfigError,
  ExitCode,
  InterruptedError,
  JobFailedError,
  NotFoundError,
  RateLimitedError,
  RpvError,
  ServiceUnavailableError,
  TimeoutError,
  type RpvErrorOptions,
} from './errors.js';
import { readableError } from './python-repr.js';
import { isHtmlBody, type Classification, type Failure, type RouteKind } from './retry.js';

/** A `/stream` reply was lost after the request may have drained chunks: read `/status` instead. */
export class StreamLostError extends ServiceUnavailableError {
  constructor(message: string, options?: RpvErrorOptions) {
    super(message, options);
  }
}

/** The error for a call stopped by the caller's signal, or by the deadline when `signal` is undefined. */
export function abortError(signal: AbortSignal | undefined, operation: string, jobId?: string): RpvError {
  if (!signal?.aborted) return new TimeoutError(`${operation} did not finish before the deadline`, { jobId });
  if (signal.reason === 'timeout') return new TimeoutError(`${operation} stopped: timed out`, { jobId });
  return new InterruptedError(`${operation} interrupted`, { jobId });
}

const MAX_DETAIL = 200;

/** The service's own words from an error body: JSON `error`/`message`/`detail`, else the text. */
function serviceMessage(headers: Record<string, string>, body: string): string {
  if (isHtmlBody(headers, body)) return 'an HTML error page';
  let text = body;
  try {
    const json = JSON.parse(body) as unknown;
    if (typeof json === 'string') text = json;
    else if (json && typeof json === 'object') {
      const rec = json as Record<string, unknown>;
      const err = rec.error;
      const nested = err && typeof err === 'object' ? (err as Record<string, unknown>).message : undefined;
      const pick = [nested, err, rec.message, rec.detail].find((v) => typeof v === 'string' && v !== '');
      if (typeof pick === 'string') text = pick;
    }
  } catch {
    // not JSON: the text itself
  }
  const flat = text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (flat === '') return 'no details';
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

/** The error object of an OpenAI-style body (`{error: {message, ...}}`), as a failed worker job sends it. */
function workerErrorOf(body: string): Record<string, unknown> | undefined {
  try {
    const json = JSON.parse(body) as unknown;
    if (!json || typeof json !== 'object') return undefined;
    const err = (json as Record<string, unknown>).error;
    if (!err || typeof err !== 'object' || Array.isArray(err)) return undefined;
    const rec = err as Record<string, unknown>;
    return typeof rec.message === 'string' && rec.message !== '' ? rec : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The worker's words from a failed OpenAI-route reply, whatever shape it took: `{"error": {...}}`,
 * `{"error": "..."}`, `{"detail": ...}` or plain text. Undefined for HTML pages and empty bodies.
 */
function openaiFailureText(headers: Record<string, string>, body: string): string | undefined {
  if (isHtmlBody(headers, body) || body.trim() === '') return undefined;
  const worker = workerErrorOf(body);
  if (worker) return readableError(worker.message);
  try {
    const json = JSON.parse(body) as unknown;
    if (json && typeof json === 'object') {
      const rec = json as Record<string, unknown>;
      const pick = [rec.error, rec.detail, rec.message].find((v) => v !== undefined && v !== null && v !== '');
      return pick === undefined ? undefined : readableError(pick);
    }
    if (typeof json === 'string') return readableError(json);
  } catch {
    // plain text
  }
  return readableError(body.trim());
}

const OPENAI_CALLS: ReadonlySet<RouteKind> = new Set(['openai-post', 'openai-stream']);

const JOB_ROUTES: ReadonlySet<RouteKind> = new Set(['status', 'status-sync', 'stream', 'cancel', 'retry']);

/** What a non-idempotent call may have done when its reply was lost. */
/**
 * The hint when a job may exist that rpv never learned the ID of: the local record cannot hold
 * it, so `rpv status` would not list it; the endpoint's own counters and the console can.
 */
export const UNKNOWN_JOB_HINT =
  'no job ID came back, so `rpv status` cannot list it: `rpv health` shows jobs in queue or in ' +
  "progress, and the endpoint's page in the Runpod console lists its requests";

const MAY_HAVE: Partial<Record<RouteKind, string>> = {
  run: 'the job may have been submitted',
  runsync: 'the job may have been submitted',
  retry: 'the job may have been requeued',
  'purge-queue': 'the queue may have been purged',
  'openai-post': 'the request may have been processed',
  'openai-stream': 'the request may have been processed',
};

/** Context of the failed call. */
export interface FailedCall {
  route: RouteKind;
  operation: string;
  endpoint: string;
  jobId?: string;
  attempts: number;
  /** Whether the route's rules allowed a retry of this failure (false: ambiguous on a create route). */
  allowed: boolean;
  /** What fixes a rejected key (it depends on where the key came from). */
  keyHint?: string;
  /** host[:port] and full URL (no credentials) of the call, for connection and 404 errors. */
  host?: string;
  url?: string;
  /** A 429's Retry-After, in ms from now, when it had a usable one. */
  retryAfterMs?: number;
}

/** Maps the last failure of a call to 401/403 → ConfigError, 404 → NotFoundError, others per verdict. */
export function failureError(call: FailedCall, failure: Failure, verdict: Classification): RpvError {
  const jobId = call.jobId;
  if (failure.kind === 'http') {
    const { status } = failure;
    if (status === 401 || status === 403) {
      return new ConfigError(`the API key was rejected (${status})`, {
        hint: call.keyHint ?? 'set it with: rpv config set api-key',
        jobId,
      });
    }
    if (OPENAI_CALLS.has(call.route) && (status === 500 || !verdict.retry)) {
      const worker = workerErrorOf(failure.body);
      if (worker) {
        return new JobFailedError(`the worker reported an error: ${readableError(worker.message)}`, worker);
      }
      // A 404 without vLLM's error object is the platform's (unknown endpoint), handled below.
      const said = status === 404 || status === 405 ? undefined : openaiFailureText(failure.headers, failure.body);
      if (said !== undefined) return new JobFailedError(`the worker reported an error: ${said}`, failure.body);
    }
    if (status === 405) {
      return new ConfigError(`the service does not accept ${call.operation} (405 method not allowed)`, {
        hint: 'check --base-url: it should point at the Runpod API (https://api.runpod.ai/v2)',
        jobId,
      });
    }
    if (status === 404 && !verdict.retry) {
      if (JOB_ROUTES.has(call.route) && jobId !== undefined) {
        return new NotFoundError(`job ${jobId} not found (it may be past its retention)`, {
          hint: `check the endpoint ID (${call.endpoint})`,
          jobId,
        });
      }
      const tried = call.url === undefined ? '' : ` (tried ${call.url.replace(/\?.*$/, '')})`;
      return new NotFoundError(`endpoint ${call.endpoint} not found${tried}`, {
        hint:
          call.url !== undefined && !/\/v2\//.test(call.url)
            ? 'check the endpoint ID (-e) and the base URL: it normally ends in /v2'
            : 'check the endpoint ID (-e)',
      });
    }
    if (!verdict.retry) {
      const detail = serviceMessage(failure.headers, failure.body);
      return new RpvError(`the service rejected ${call.operation} (${status}): ${detail}`, ExitCode.internal, {
        jobId,
      });
    }
  }
  const said =
    failure.kind === 'http' && OPENAI_CALLS.has(call.route)
      ? ` (${serviceMessage(failure.headers, failure.body)})`
      : '';
  if (verdict.retry && !call.allowed) {
    const what = MAY_HAVE[call.route] ?? 'the request may have been processed';
    return new ServiceUnavailableError(`${call.operation}: ${verdict.reason}${said}; ${what}`, {
      hint: jobId === undefined ? UNKNOWN_JOB_HINT : `check \`rpv status ${jobId}\` before trying again`,
      jobId,
    });
  }
  const after = call.attempts > 1 ? ` after ${call.attempts} attempts` : '';
  if (
    failure.kind === 'network' &&
    call.host !== undefined &&
    (failure.netKind === 'connect' || (failure.netKind === 'timeout' && !failure.sent))
  ) {
    return new ServiceUnavailableError(`could not reach ${call.host}${after}: ${verdict.reason}`, {
      hint: verdict.retry
        ? 'check your network or proxy (HTTPS_PROXY), or try again later'
        : 'check the base URL (--base-url, RUNPOD_ENDPOINT_BASE_URL) and your network',
      jobId,
    });
  }
  const reason = failure.kind === 'malformed' ? `${verdict.reason}: ${failure.detail}` : verdict.reason;
  const message = `${call.operation} failed${after}: ${reason}${said}`;
  const hint = { hint: 'the service may be busy or down; try again later or raise --retries', jobId };
  if (failure.kind === 'http' && failure.status === 429) return new RateLimitedError(message, call.retryAfterMs, hint);
  return new ServiceUnavailableError(message, hint);
}
