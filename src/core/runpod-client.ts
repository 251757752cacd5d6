// One method per route of a Runpod Serverless queue endpoint, each with retries that respect the
// route's idempotency, typed errors, and a redacted one-line log per HTTP call.
import { rpvVersion } from './version.js';
import { monotonicNow } from './clock.js';
import type { z } from 'zod/mini';
import { ServiceUnavailableError } from './errors.js';
import { formatBytes } from './bounded-read.js';
import { HttpFailure, MAX_SSE_LINE_BYTES, send, sendStream, type HttpRequest } from './http.js';
import { makeRedactor, redactDeep, StreamRedactor } from './redact.js';
import { sleep as abortableSleep } from './sleep.js';
import { classify, isHtmlBody, mayRetry, nextDelay, parseRetryAfter, type Failure, type RouteKind } from './retry.js';
import { abortError, failureError, StreamLostError, UNKNOWN_JOB_HINT } from './runpod-client-errors.js';
import {
  anyJsonSchema,
  cancelSchema,
  healthSchema,
  jobStatusSchema,
  modelsSchema,
  parseReply,
  parseStreamReply,
  purgeSchema,
  runSchema,
  SchemaMismatch,
  streamSchema,
  warmJobSchemas,
  type CancelReply,
  type HealthReply,
  type JobStatusReply,
  type ModelsReply,
  type PurgeReply,
  type RunReply,
  type StreamReply,
} from './schemas.js';

export { StreamLostError } from './runpod-client-errors.js';

/** What a `retry` event reports: `attempt` is the attempt that just failed (from 1) of `maxAttempts`. */
export interface RetryInfo {
  operation: string;
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  reason: string;
}

/** Per-call overrides; `signal` and `deadline` replace the client's own (so a cancel can outlive an abort). */
export interface CallOptions {
  signal?: AbortSignal;
  /**
   * Aborting it ends the call between attempts (no new attempt, no further wait) while an attempt
   * already sent runs on under `signal`: an interrupted /run still hears the ID of a job it created.
   */
  stopRetrying?: AbortSignal;
  deadline?: number;
  retries?: number;
  /** false: a 429 ends the call at once (RateLimitedError), for callers that pace retries themselves. */
  retryRateLimited?: boolean;
  onRetry?: (info: RetryInfo) => void;
}

/** How to reach one endpoint; `now`, `sleep`, `random` are injected by tests. */
export interface ClientOptions {
  baseUrl: string;
  endpoint: string;
  apiKey: string;
  /** Retries of transient failures per call (default 4). */
  retries?: number;
  /** The hint of a 401/403: how to fix the key where it came from. */
  keyHint?: string;
  /** Epoch ms: no attempt or wait goes past it. */
  deadline?: number;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  /** One line per HTTP call and per retry decision (for --verbose); already redacted. */
  log?: (line: string) => void;
  /** Sent as `User-Agent: rpv/<version>`; read from package.json when absent. */
  version?: string;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** The `/run` and `/runsync` body: `{input, policy?, webhook?}` (see request.ts `buildRunBody`). */
export type RunBody = Record<string, unknown>;

/** The routes of one endpoint. */
export interface RunpodClient {
  readonly endpoint: string;
  run(body: RunBody, o?: CallOptions): Promise<RunReply>;
  runsync(body: RunBody, waitMs: number, o?: CallOptions): Promise<JobStatusReply>;
  status(id: string, o?: CallOptions): Promise<JobStatusReply>;
  statusSync(id: string, waitMs: number, o?: CallOptions): Promise<JobStatusReply>;
  /** Drains the job's new chunks; throws `StreamLostError` when a reply (and maybe chunks) was lost. */
  stream(id: string, waitMs: number, o?: CallOptions): Promise<StreamReply>;
  cancel(id: string, o?: CallOptions): Promise<CancelReply>;
  retry(id: string, o?: CallOptions): Promise<RunReply>;
  health(o?: CallOptions): Promise<HealthReply>;
  purgeQueue(o?: CallOptions): Promise<PurgeReply>;
  openaiModels(o?: CallOptions): Promise<ModelsReply>;
  openaiPost(path: string, body: unknown, o?: CallOptions): Promise<unknown>;
  /** SSE text of a streamed OpenAI request, decoded, as it arrives. */
  openaiStream(path: string, body: unknown, o?: CallOptions): AsyncIterable<string>;
  /** Removes this client's key from text the service sent back (a worker error may echo it). */
  redact?(text: string): string;
}

const CALL_TIMEOUT_MS = 30_000;
const LONG_POLL_MARGIN_MS = 15_000;
const OPENAI_TIMEOUT_MS = 600_000;
const OPENAI_IDLE_MS = 120_000;

interface Spec {
  route: RouteKind;
  method: 'GET' | 'POST';
  /** After `{base}/{endpoint}`, e.g. `/status/abc`. */
  path: string;
  wait?: number;
  body?: unknown;
  timeoutMs: number;
  jobId?: string;
}

// A job ID rpv prints, records and sends back must be one it can show and look up safely.
const JOB_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** Refuses a submit reply whose job ID could forge output or journal rows (a newline, an escape). */
function usableId(route: string, reply: RunReply): RunReply {
  if (typeof reply.id === 'string' && JOB_ID.test(reply.id)) return reply;
  throw new ServiceUnavailableError(
    `POST ${route}: malformed response (an unusable job ID); the job may have been submitted`,
    {
      hint: UNKNOWN_JOB_HINT,
    },
  );
}

/** Builds a client for one endpoint. Creating it does no I/O. */
export function createClient(opts: ClientOptions): RunpodClient {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const endpointPart = encodeURIComponent(opts.endpoint);
  const secrets = [opts.apiKey];
  const now = opts.now ?? monotonicNow;
  const sleep = opts.sleep ?? abortableSleep;
  const clean = makeRedactor(secrets);
  // Lines are only built when someone reads them: the hot path (one /stream poll after another)
  // does not format and redact a line per request for nobody.
  const verbose = opts.log !== undefined;
  const log = (line: string): void => opts.log?.(clean(line));
  let sentHeaders: Record<string, string> | undefined;
  const headers = (): Record<string, string> =>
    (sentHeaders ??= {
      authorization: `Bearer ${opts.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': `rpv/${opts.version ?? rpvVersion()}`,
    });
  // The base URL is parsed once (the first time a request is built): every request path after
  // it is made of fixed words and encodeURIComponent'd IDs, so nothing in it needs parsing again.
  let endpointUrl: URL | undefined;

  function urlOf(spec: Spec): { url: string; shown: string; origin: string; host: string } {
    const wait = spec.wait === undefined ? '' : `?wait=${Math.max(1, Math.min(300_000, Math.round(spec.wait)))}`;
    const url = `${base}/${endpointPart}${spec.path}${wait}`;
    endpointUrl ??= new URL(`${base}/${endpointPart}`);
    const shown = `${endpointUrl.pathname}${spec.path}${wait}`;
    return { url, shown, origin: endpointUrl.origin, host: endpointUrl.host };
  }

  function scrub<E extends Error>(err: E): E {
    err.message = clean(err.message);
    const withHint = err as E & { hint?: string };
    if (withHint.hint) withHint.hint = clean(withHint.hint);
    return err;
  }

  const retryAfterOf = (header: string | undefined): { retryAfterMs?: number } => {
    const ms = parseRetryAfter(header, now());
    return ms === undefined ? {} : { retryAfterMs: ms };
  };

  /** Runs `attempt` with the route's retry rules; `attempt` returns a value or a Failure. */
  async function withRetries<T>(
    spec: Spec,
    o: CallOptions | undefined,
    attempt: (req: HttpRequest, shown: string) => Promise<{ ok: true; value: T } | { ok: false; failure: Failure }>,
  ): Promise<T> {
    const signal = o?.signal ?? opts.signal;
    const stop = o?.stopRetrying;
    const between = stop && signal ? AbortSignal.any([signal, stop]) : (stop ?? signal);
    const deadline = o?.deadline ?? opts.deadline;
    const maxAttempts = Math.max(0, o?.retries ?? opts.retries ?? 4) + 1;
    const onRetry = o?.onRetry ?? opts.onRetry;
    const { url, shown, origin, host } = urlOf(spec);
    const target = { origin, path: shown };
    const operation = `${spec.method} ${shown.replace(/\?.*$/, '')}`;
    for (let n = 1; ; n++) {
      if (signal?.aborted) throw scrub(abortError(signal, operation, spec.jobId));
      if (stop?.aborted) throw scrub(abortError(stop, operation, spec.jobId));
      const left = deadline === undefined ? Infinity : deadline - now();
      if (left <= 0) throw scrub(abortError(undefined, operation, spec.jobId));
      const started = now();
      const req: HttpRequest = {
        method: spec.method,
        url,
        headers: headers(),
        body: spec.body,
        timeoutMs: Math.max(1, Math.min(spec.timeoutMs, left)),
        signal,
        target,
      };
      if (spec.route === 'openai-stream') req.idleTimeoutMs = Math.min(OPENAI_IDLE_MS, req.timeoutMs ?? OPENAI_IDLE_MS);
      let outcome: Awaited<ReturnType<typeof attempt>>;
      try {
        outcome = await attempt(req, shown);
      } catch (err) {
        if (!(err instanceof HttpFailure)) throw err;
        outcome = {
          ok: false,
          failure: { kind: 'network', netKind: err.kind, sent: err.sent, ...(err.code ? { code: err.code } : {}) },
        };
        if (verbose) log(`${spec.method} ${origin}${shown} failed: ${err.message} ${now() - started}ms`);
      }
      if (outcome.ok) return outcome.value;
      const failure = outcome.failure;
      const verdict = classify(failure);
      if (signal?.aborted || (failure.kind === 'network' && failure.netKind === 'aborted')) {
        throw scrub(abortError(signal, operation, spec.jobId));
      }
      if (stop?.aborted) throw scrub(abortError(stop, operation, spec.jobId));
      if (deadline !== undefined && now() >= deadline) throw scrub(abortError(undefined, operation, spec.jobId));
      const allowed = mayRetry(spec.route, failure);
      const lost = spec.route === 'stream' && verdict.retry && !allowed;
      const refused429 = failure.kind === 'http' && failure.status === 429;
      const delay =
        allowed && n < maxAttempts && !(refused429 && o?.retryRateLimited === false)
          ? nextDelay({
              attempt: n,
              retryAfter: failure.kind === 'http' ? failure.headers['retry-after'] : undefined,
              now: now(),
              deadline,
              random: opts.random,
            })
          : undefined;
      if (delay === undefined) {
        log(`  giving up on ${operation}: ${verdict.reason}${lost ? ' (reply lost; switching to /status)' : ''}`);
        if (lost) throw scrub(new StreamLostError(`${operation}: ${verdict.reason}`, { jobId: spec.jobId }));
        throw scrub(
          failureError(
            {
              ...spec,
              operation,
              endpoint: opts.endpoint,
              attempts: n,
              allowed,
              keyHint: opts.keyHint,
              host,
              url: `${origin}${shown}`,
              ...(refused429 ? retryAfterOf(failure.headers['retry-after']) : {}),
            },
            failure,
            verdict,
          ),
        );
      }
      log(`  retrying ${operation} in ${delay}ms (attempt ${n}/${maxAttempts}: ${verdict.reason})`);
      onRetry?.({ operation, attempt: n, maxAttempts, delayMs: delay, reason: verdict.reason });
      await sleep(delay, between);
    }
  }

  function call<S extends z.ZodMiniType>(
    spec: Spec,
    schema: S,
    o?: CallOptions,
    parse: (json: unknown) => z.output<S> = (json) => parseReply(schema, json),
  ): Promise<z.output<S>> {
    return withRetries(spec, o, async (req, shown) => {
      const started = now();
      const res = await send(req);
      if (verbose) log(`${spec.method} ${req.target?.origin ?? ''}${shown} ${res.status} ${now() - started}ms`);
      if (res.status < 200 || res.status >= 300 || isHtmlBody(res.headers, res.text)) {
        return {
          ok: false,
          failure: { kind: 'http', status: res.status, headers: res.headers, body: clean(res.text) },
        };
      }
      let json: unknown;
      try {
        // The one redaction point for replies: no field of what the service sent can carry the key.
        json = redactDeep(res.json(), clean);
      } catch {
        return { ok: false, failure: { kind: 'malformed', status: res.status, detail: 'body is not JSON' } };
      }
      try {
        return { ok: true, value: parse(json) };
      } catch (err) {
        if (!(err instanceof SchemaMismatch)) throw err;
        return { ok: false, failure: { kind: 'malformed', status: res.status, detail: err.message } };
      }
    });
  }

  const job = (id: string): string => encodeURIComponent(id);
  const post = (route: RouteKind, path: string, body: unknown, timeoutMs = CALL_TIMEOUT_MS, jobId?: string): Spec => ({
    route,
    method: 'POST',
    path,
    body,
    timeoutMs,
    jobId,
  });
  const get = (route: RouteKind, path: string, jobId?: string, wait?: number): Spec => ({
    route,
    method: 'GET',
    path,
    jobId,
    wait,
    timeoutMs: wait === undefined ? CALL_TIMEOUT_MS : wait + LONG_POLL_MARGIN_MS,
  });
  const openaiPath = (path: string): string => `/openai/v1/${path.replace(/^\/+/, '').replace(/^v1\//, '')}`;

  return {
    endpoint: opts.endpoint,
    redact: clean,
    run: async (body, o) => {
      const reply = call(post('run', '/run', body), runSchema, o);
      setImmediate(warmJobSchemas);
      return usableId('/run', await reply);
    },
    runsync: (body, waitMs, o) =>
      call({ ...post('runsync', '/runsync', body, waitMs + LONG_POLL_MARGIN_MS), wait: waitMs }, jobStatusSchema, o),
    status: (id, o) => call(get('status', `/status/${job(id)}`, id), jobStatusSchema, o),
    statusSync: (id, waitMs, o) => call(get('status-sync', `/status-sync/${job(id)}`, id, waitMs), jobStatusSchema, o),
    stream: (id, waitMs, o) => call(get('stream', `/stream/${job(id)}`, id, waitMs), streamSchema, o, parseStreamReply),
    cancel: (id, o) => call(post('cancel', `/cancel/${job(id)}`, {}, CALL_TIMEOUT_MS, id), cancelSchema, o),
    retry: (id, o) => call(post('retry', `/retry/${job(id)}`, {}, CALL_TIMEOUT_MS, id), runSchema, o),
    health: (o) => call(get('health', '/health'), healthSchema, o),
    purgeQueue: (o) => call(post('purge-queue', '/purge-queue', {}), purgeSchema, o),
    openaiModels: (o) => call(get('openai-models', openaiPath('models')), modelsSchema, o),
    openaiPost: (path, body, o) =>
      call(post('openai-post', openaiPath(path), body, OPENAI_TIMEOUT_MS), anyJsonSchema, o),
    openaiStream: (path, body, o) => openaiStream(post('openai-stream', openaiPath(path), body, OPENAI_TIMEOUT_MS), o),
  };

  async function* openaiStream(spec: Spec, o?: CallOptions): AsyncGenerator<string> {
    const operation = `POST ${urlOf(spec).shown}`;
    const body = await withRetries(spec, o, async (req, shown) => {
      const started = now();
      const res = await sendStream(req);
      if (verbose) log(`${spec.method} ${req.target?.origin ?? ''}${shown} ${res.status} ${now() - started}ms`);
      const type = res.headers['content-type'] ?? '';
      if (res.status >= 200 && res.status < 300 && !/text\/html/i.test(type)) return { ok: true, value: res.body };
      let text = '';
      try {
        for await (const part of res.body) {
          text += part;
          if (text.length > MAX_SSE_LINE_BYTES) break;
        }
        res.close();
      } catch {
        res.close();
      }
      return { ok: false, failure: { kind: 'http', status: res.status, headers: res.headers, body: clean(text) } };
    });
    try {
      const guard = new StreamRedactor(secrets);
      let lineBytes = 0;
      for await (const part of body) {
        const lastBreak = part.lastIndexOf('\n');
        lineBytes = lastBreak === -1 ? lineBytes + part.length : part.length - lastBreak - 1;
        if (lineBytes > MAX_SSE_LINE_BYTES) {
          throw scrub(
            new ServiceUnavailableError(
              `${operation}: a streamed line is longer than ${formatBytes(MAX_SSE_LINE_BYTES)} (rpv's limit); stopped reading`,
            ),
          );
        }
        const shown = guard.push(part);
        if (shown) yield shown;
      }
      const rest = guard.end();
      if (rest) yield rest;
    } catch (err) {
      if (!(err instanceof HttpFailure)) throw err;
      if (err.kind === 'aborted') throw scrub(abortError(o?.signal ?? opts.signal, operation));
      log(`${operation} interrupted: ${err.message}`);
      throw scrub(
        new ServiceUnavailableError(
          `${operation}: the stream was interrupted (${classify({ kind: 'network', netKind: err.kind, sent: true }).reason})`,
        ),
      );
    }
  }
}
