// The only undici import: one keep-alive dispatcher for the process, per-request timeouts,
// caller aborts, and network errors turned into one typed failure the retry policy understands.
import type { Agent, Dispatcher } from 'undici';
import type { UndiciRequestFn } from 'undici/lib/api/api-request.js';
import type { NetKind } from './retry.js';
import { BoundedReadError, formatBytes, readBounded } from './bounded-read.js';
import { ReplyTooLargeError, ServiceUnavailableError } from './errors.js';
import { proxyFromEnv } from './proxy.js';

/** One HTTP request; `body` is JSON-encoded when present. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** For `send`: the whole exchange. For `sendStream`: until the response headers arrive. */
  timeoutMs?: number;
  /** For `sendStream`: longest silence allowed between body chunks (default: `timeoutMs`). */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** `url` already split (origin, then path and query), so it is not parsed again for each request. */
  target?: { origin: string; path: string };
}

/** A complete response; `json()` throws a SyntaxError on a non-JSON body. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json(): unknown;
}

/** A response whose body is read as it arrives (SSE). */
export interface HttpStreamResponse {
  status: number;
  headers: Record<string, string>;
  /** Decoded text; multi-byte characters split across packets are never broken. */
  body: AsyncIterable<string>;
  /** Stops reading and frees the connection. */
  close(): void;
}

/** A request that got no (complete) HTTP response. `sent: false` only when it surely never left. */
export class HttpFailure extends Error {
  readonly kind: NetKind;
  readonly sent: boolean;
  readonly code?: string;
  constructor(kind: NetKind, sent: boolean, message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpFailure';
    this.kind = kind;
    this.sent = sent;
    this.code = options.code;
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Most bytes of one (non-streamed) reply body rpv reads: far above any real reply, far below trouble. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Most bytes of one SSE line (a streamed event) rpv holds while waiting for its end. */
export const MAX_SSE_LINE_BYTES = 4 * 1024 * 1024;
const CONNECT_TIMEOUT_MS = 10_000;

type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'>;
type Requester = (req: HttpRequest, opts: RequestOptions) => Promise<Dispatcher.ResponseData<unknown>>;
let loaded: Promise<{ agent: Agent | Dispatcher; request: Requester }> | undefined;

/** A CommonJS module's export, whether the loader handed it over directly or (bundled) as `default`. */
export function cjsExport<T>(mod: unknown, check: (value: unknown) => boolean): T {
  if (check(mod)) return mod as T;
  const inner = (mod as { default?: unknown } | null)?.default;
  if (check(inner)) return inner as T;
  throw new Error('the HTTP library (undici) did not load correctly');
}

// undici's index loads everything it has (fetch, websockets, cache, mocks): ~35-55 ms. rpv needs
// its Agent and `request` only, which load in ~15 ms, and only on the first request.
// With HTTPS_PROXY/HTTP_PROXY set, undici's EnvHttpProxyAgent routes each request (NO_PROXY
// honoured); plain-http targets are forwarded as absolute URLs, not tunnelled, as curl does.
function dispatcher(): Promise<{ agent: Agent | Dispatcher; request: Requester }> {
  if (loaded) return loaded;
  const isFn = (v: unknown) => typeof v === 'function';
  const proxy = proxyFromEnv(process.env);
  const agentImport: Promise<unknown> = proxy
    ? import('undici/lib/dispatcher/env-http-proxy-agent.js')
    : import('undici/lib/dispatcher/agent.js');
  loaded = Promise.all([agentImport, import('undici/lib/api/api-request.js')]).then(([agentModule, requestModule]) => {
    const AgentClass = cjsExport<typeof Agent>(agentModule, isFn);
    const requestFn = cjsExport<UndiciRequestFn>(requestModule, isFn);
    const agent = new AgentClass({
      connect: { timeout: CONNECT_TIMEOUT_MS },
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      ...(proxy ? { ...proxy, proxyTunnel: false } : {}),
    });
    const request: Requester = (req, opts) => {
      let target = req.target;
      if (!target) {
        const u = new URL(req.url);
        target = { origin: u.origin, path: `${u.pathname}${u.search}` };
      }
      return requestFn.call(agent as Agent, { ...opts, origin: target.origin, path: target.path });
    };
    return { agent, request };
  });
  return loaded;
}

/** Closes the shared connection pool (end of process, tests). */
export async function closeHttp(): Promise<void> {
  const current = loaded;
  loaded = undefined;
  if (current) await (await current).agent.close();
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function errorCode(err: unknown): string | undefined {
  const own = (err as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

interface FailureContext {
  caller?: AbortSignal;
  timedOut: boolean;
  /** True once a response (headers) arrived: the request certainly reached the server. */
  answered: boolean;
}

/** Maps whatever undici or the socket threw to an `HttpFailure`. */
export function toHttpFailure(err: unknown, ctx: FailureContext): HttpFailure {
  if (err instanceof HttpFailure) return err;
  if (ctx.caller?.aborted) return new HttpFailure('aborted', true, 'request aborted', { cause: err });
  if (ctx.timedOut) return new HttpFailure('timeout', true, 'request timed out', { cause: err });
  const code = errorCode(err);
  const detail = code ? ` (${code})` : '';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new HttpFailure('timeout', false, 'connect timeout', { code, cause: err });
  }
  if (code && CONNECT_CODES.has(code) && !ctx.answered) {
    return new HttpFailure('connect', false, `could not connect${detail}`, { code, cause: err });
  }
  if (code && RESET_CODES.has(code))
    return new HttpFailure('reset', true, `connection reset${detail}`, { code, cause: err });
  if (code && TIMEOUT_CODES.has(code))
    return new HttpFailure('timeout', true, `request timed out${detail}`, { code, cause: err });
  if (code?.startsWith('ERR_TLS') || code?.startsWith('CERT_') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
    return new HttpFailure('other', false, `TLS error${detail}`, { code, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new HttpFailure('other', true, `network error: ${message}${detail}`, { code, cause: err });
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function requestOptions(req: HttpRequest, signal: AbortSignal, idleMs: number): RequestOptions {
  const headers: Record<string, string> = { ...req.headers };
  let body: string | undefined;
  if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
  }
  const timeout = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    method: req.method,
    headers,
    body,
    signal,
    headersTimeout: timeout,
    bodyTimeout: idleMs,
  };
}

/** Sends one request and reads the whole body as text. Throws `HttpFailure` on network trouble. */
export async function send(req: HttpRequest): Promise<HttpResponse> {
  const { request } = await dispatcher();
  const timeout = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // One signal for undici: the timer or the caller's abort trips it (AbortSignal.any would build a
  // composite signal for every request, on the path between one /stream poll and the next).
  const local = new AbortController();
  const ctx: FailureContext = { caller: req.signal, timedOut: false, answered: false };
  const timer = setTimeout(() => {
    ctx.timedOut = true;
    local.abort();
  }, timeout);
  const caller = req.signal;
  const onAbort = (): void => local.abort(caller?.reason);
  try {
    if (caller?.aborted) throw new HttpFailure('aborted', false, 'request aborted');
    caller?.addEventListener('abort', onAbort, { once: true });
    const opts = requestOptions(req, local.signal, timeout);
    const res = await request(req, opts);
    ctx.answered = true;
    let text: string;
    try {
      text = await readBody(res);
    } catch (err) {
      if (!(err instanceof BoundedReadError)) throw err;
      res.body.destroy();
      throw new ReplyTooLargeError(
        `the service sent a reply larger than ${formatBytes(MAX_BODY_BYTES)} (rpv's limit); stopped reading it`,
      );
    }
    return {
      status: res.statusCode,
      headers: flattenHeaders(res.headers),
      text,
      json: () => JSON.parse(text) as unknown,
    };
  } catch (err) {
    if (err instanceof ServiceUnavailableError) throw err;
    throw toHttpFailure(err, ctx);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onAbort);
  }
}

/**
 * The whole body as text. A declared length within the limit is read in one go (the parser never
 * delivers more than it declares); a chunked or oversized body is read chunk by chunk up to it.
 */
async function readBody(res: Dispatcher.ResponseData<unknown>): Promise<string> {
  const declared = res.headers['content-length'];
  const length = typeof declared === 'string' && /^\d{1,15}$/.test(declared) ? Number(declared) : undefined;
  if (length !== undefined && length <= MAX_BODY_BYTES) return res.body.text();
  return (await readBounded(res.body, { limitBytes: MAX_BODY_BYTES })).toString('utf8');
}

/** Sends one request and hands back the body as decoded text while it arrives. */
export async function sendStream(req: HttpRequest): Promise<HttpStreamResponse> {
  const { request } = await dispatcher();
  const timeout = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ctx: FailureContext = { caller: req.signal, timedOut: false, answered: false };
  const signal = req.signal ?? new AbortController().signal;
  if (signal.aborted) throw new HttpFailure('aborted', false, 'request aborted');
  let res: Dispatcher.ResponseData<unknown>;
  try {
    const opts = requestOptions(req, signal, req.idleTimeoutMs ?? timeout);
    res = await request(req, opts);
  } catch (err) {
    throw toHttpFailure(err, ctx);
  }
  ctx.answered = true;
  const stream = res.body;
  async function* decode(): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8');
    try {
      for await (const chunk of stream) {
        const text = decoder.decode(chunk as Uint8Array, { stream: true });
        if (text) yield text;
      }
      const tail = decoder.decode();
      if (tail) yield tail;
    } catch (err) {
      throw toHttpFailure(err, ctx);
    } finally {
      if (!stream.destroyed) stream.destroy();
    }
  }
  return {
    status: res.statusCode,
    headers: flattenHeaders(res.headers),
    body: decode(),
    close: () => {
      if (!stream.destroyed) stream.destroy();
    },
  };
}
