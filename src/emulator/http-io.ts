// node:http plumbing shared by every route: one Exchange per request, JSON in and out, auth
// classification, and the two "break the response" modes that faults switch on.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthKind, RecordedRequest } from './types.js';

/** One request in flight and what the emulator will do to its response. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  record: RecordedRequest;
  /** Aborted when the client goes away or the emulator closes. */
  signal: AbortSignal;
  /** 'drop-after-drain': send half the body, then destroy the socket. */
  dropMidBody?: boolean;
  /** 'drop-after-accept': destroy the socket right after the job was created. */
  dropAfterAccept?: boolean;
}

/** Destroys the connection without an HTTP answer. */
export function dropConnection(ex: Exchange): void {
  ex.req.socket.destroy();
}

/** Sends a body with a content type; honours `dropMidBody`. */
export function sendRaw(
  ex: Exchange,
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (ex.res.headersSent || ex.res.destroyed) return;
  ex.record.status = status;
  const bytes = Buffer.from(body, 'utf8');
  ex.res.writeHead(status, { 'content-type': contentType, 'content-length': String(bytes.length), ...headers });
  if (ex.dropMidBody) {
    ex.res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => ex.req.socket.destroy());
    return;
  }
  ex.res.end(bytes);
}

/** Sends a JSON body. */
export function sendJson(ex: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendRaw(ex, status, JSON.stringify(body), 'application/json', headers);
}

/** Sends the JSON error body the emulator uses for 4xx answers of its own. */
export function sendError(ex: Exchange, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(ex, status, { error: message, status }, headers);
}

/** Result of reading a JSON request body. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; message: string };

/** Reads and parses a JSON body up to `limit` bytes; an empty body reads as undefined. */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    const aborted = () => resolve({ ok: false, status: 400, message: 'request body was not received completely' });
    req.on('error', aborted);
    req.on('close', () => {
      if (!req.complete) aborted();
    });
    req.on('end', () => {
      if (tooLarge) return resolve({ ok: false, status: 413, message: `request body larger than ${limit} bytes` });
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({ ok: true, value: undefined });
      try {
        resolve({ ok: true, value: JSON.parse(text) as unknown });
      } catch {
        resolve({ ok: false, status: 400, message: 'request body is not valid JSON' });
      }
    });
  });
}

/** How the Authorization header authenticates against `apiKey` (any non-empty key when unset). */
export function classifyAuth(header: string | undefined, apiKey: string | undefined): AuthKind {
  const raw = (header ?? '').trim();
  const bearer = /^bearer(\s+|$)/i.test(raw);
  const key = bearer ? raw.replace(/^bearer/i, '').trim() : raw;
  if (key === '') return 'missing';
  if (apiKey !== undefined && apiKey !== '' && key !== apiKey) return 'wrong';
  return bearer ? 'bearer' : 'bare';
}

/** Parses `?wait=` (ms, clamped to 1000..300000); `fallback` when absent, undefined when malformed. */
export function parseWait(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) return undefined;
  return Math.min(300_000, Math.max(1_000, Math.round(n)));
}

/** Resolves after `ms` or as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
