// Pure retry policy: which failures are transient, which routes may repeat them, and how long
// to wait. No I/O here, so every rule is covered by table tests.

/** How a request failed below HTTP (mirrors `HttpFailure.kind`). */
export type NetKind = 'connect' | 'reset' | 'timeout' | 'aborted' | 'other';

/** One failed attempt, as the client saw it. */
export type Failure =
  | { kind: 'network'; netKind: NetKind; sent: boolean; code?: string }
  | { kind: 'http'; status: number; headers: Record<string, string>; body: string }
  /** A 2xx whose body was not the JSON we expected (unparseable or wrong shape). */
  | { kind: 'malformed'; status: number; detail: string };

/** The verdict on one failure, before the route is taken into account. */
export interface Classification {
  /** Worth repeating at all (for an idempotent call). */
  retry: boolean;
  /** Short human reason, e.g. "rate limited (429)". */
  reason: string;
  /** The server may have acted on the request (so a non-idempotent call must not repeat it). */
  ambiguous: boolean;
}

/** Routes of the native and OpenAI-compatible APIs, as the retry rules see them. */
export type RouteKind =
  | 'run'
  | 'runsync'
  | 'status'
  | 'status-sync'
  | 'stream'
  | 'cancel'
  | 'retry'
  | 'health'
  | 'purge-queue'
  | 'openai-models'
  | 'openai-post'
  | 'openai-stream';

const STATUS_TEXT: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  408: 'request timeout',
  409: 'conflict',
  413: 'payload too large',
  422: 'unprocessable request',
  425: 'too early',
  429: 'rate limited',
  500: 'internal server error',
  501: 'not implemented',
  502: 'bad gateway',
  503: 'service unavailable',
  504: 'gateway timeout',
  505: 'HTTP version not supported',
};

/** Statuses that prove the request was turned away before the service acted on it. */
const REFUSED = new Set([408, 425, 429, 502, 503, 504]);
const PERMANENT_5XX = new Set([501, 505]);

/** A body that is an HTML page (Cloudflare and other proxies answer errors this way). */
export function isHtmlBody(headers: Record<string, string>, body: string): boolean {
  const type = headers['content-type'] ?? '';
  if (/text\/html/i.test(type)) return true;
  return /^\s*(<!doctype html|<html)/i.test(body);
}

function statusReason(status: number): string {
  return `${STATUS_TEXT[status] ?? 'HTTP error'} (${status})`;
}

const NET_REASON: Record<NetKind, string> = {
  connect: 'could not connect',
  reset: 'connection reset',
  timeout: 'request timed out',
  aborted: 'aborted',
  other: 'network error',
};

const PERMANENT_CONNECT: Record<string, string> = {
  ENOTFOUND: 'host not found (DNS lookup failed)',
  EAI_NONAME: 'host not found (DNS lookup failed)',
  ECONNREFUSED: 'connection refused (nothing listening at that address)',
};

/** Decides whether one failure is transient and whether the server may have acted on it. */
export function classify(failure: Failure): Classification {
  if (failure.kind === 'network') {
    if (failure.netKind === 'aborted') return { retry: false, reason: 'aborted', ambiguous: false };
    // A name that does not resolve, or a port nobody listens on, is a wrong URL, not a busy service.
    const permanent = failure.code === undefined ? undefined : PERMANENT_CONNECT[failure.code];
    if (failure.netKind === 'connect' && permanent !== undefined)
      return { retry: false, reason: permanent, ambiguous: false };
    const reason = failure.netKind === 'timeout' && !failure.sent ? 'connect timeout' : NET_REASON[failure.netKind];
    return { retry: true, reason, ambiguous: failure.sent };
  }
  if (failure.kind === 'malformed') {
    return { retry: true, reason: `malformed response (${failure.status})`, ambiguous: true };
  }
  const { status } = failure;
  const html = isHtmlBody(failure.headers, failure.body);
  if (html && (status < 300 || status >= 500)) {
    return { retry: true, reason: `HTML error page (${status})`, ambiguous: false };
  }
  if (REFUSED.has(status)) return { retry: true, reason: statusReason(status), ambiguous: false };
  if (status >= 500 && !PERMANENT_5XX.has(status)) {
    return { retry: true, reason: statusReason(status), ambiguous: true };
  }
  if (status >= 200 && status < 300) return { retry: false, reason: `ok (${status})`, ambiguous: false };
  return { retry: false, reason: statusReason(status), ambiguous: false };
}

/** Routes that may be repeated whatever happened: reads, and cancel (cancelling twice is harmless). */
const IDEMPOTENT: ReadonlySet<RouteKind> = new Set(['status', 'status-sync', 'health', 'cancel', 'openai-models']);

/** Replies that prove a `/stream` request was refused before anything was drained. */
const DRAIN_SAFE = new Set([408, 425, 429, 503]);

/**
 * The idempotency rule. Reads and cancel are retried on any transient failure. `/stream` drains,
 * so it is retried only when the request surely did not reach the service or was refused outright
 * (408/425/429/503 without an HTML page); any other lost reply may have carried chunks, and the
 * job runner then switches to `/status` instead. `/run`, `/runsync`, `/retry`, purge and OpenAI
 * POSTs create work, so they are retried only when the request never arrived (connect failure) or
 * the reply says it was refused (408/425/429/502/503/504, HTML error pages); a 500, a malformed
 * 2xx, or a reset/timeout after sending is ambiguous and never repeated.
 */
export function mayRetry(route: RouteKind, failure: Failure): boolean {
  const verdict = classify(failure);
  if (!verdict.retry) return false;
  if (IDEMPOTENT.has(route)) return true;
  if (route === 'stream') {
    if (failure.kind === 'network') return !failure.sent;
    if (failure.kind === 'malformed') return false;
    return DRAIN_SAFE.has(failure.status) && !isHtmlBody(failure.headers, failure.body);
  }
  return !verdict.ambiguous;
}

/** Options of `backoffDelay`; `random` returns [0, 1) and is injected by tests. */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^(attempt-1))], at least 1 ms. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 250;
  const cap = options.capMs ?? 8000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.floor(random() * ceiling));
}

/** Longest Retry-After rpv honours; a longer one is cut to this. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** Retry-After as seconds or an HTTP date → milliseconds from `now` (capped); undefined if unusable. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Math.round(Number(text) * 1000);
  } else {
    const date = Date.parse(text);
    if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
    ms = date - now;
  }
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, ms));
}

/** Inputs of `nextDelay`. */
export interface NextDelayInput extends BackoffOptions {
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** The failure's Retry-After header, if any. */
  retryAfter?: string;
  now: number;
  /** Epoch ms after which nothing more should be tried. */
  deadline?: number;
}

/** max(Retry-After, backoff); `undefined` when waiting would pass the deadline (give up now). */
export function nextDelay(input: NextDelayInput): number | undefined {
  const backoff = backoffDelay(input.attempt, input);
  const told = parseRetryAfter(input.retryAfter, input.now) ?? 0;
  const delay = Math.max(backoff, told);
  if (input.deadline !== undefined && input.now + delay >= input.deadline) return undefined;
  return delay;
}
