import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  classify,
  mayRetry,
  nextDelay,
  parseRetryAfter,
  RETRY_AFTER_CAP_MS,
  type Failure,
  type RouteKind,
} from '../../src/core/retry.js';

const http = (status: number, body = '{}', headers: Record<string, string> = {}): Failure => ({
  kind: 'http',
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
const html = (status: number): Failure => ({
  kind: 'http',
  status,
  headers: { 'content-type': 'text/html; charset=UTF-8' },
  body: '<!DOCTYPE html><html><title>502 Bad gateway</title></html>',
});
const net = (netKind: 'connect' | 'reset' | 'timeout' | 'aborted' | 'other', sent: boolean): Failure => ({
  kind: 'network',
  netKind,
  sent,
});

describe('classify', () => {
  it.each([
    [http(408), true, false, 'request timeout (408)'],
    [http(425), true, false, 'too early (425)'],
    [http(429), true, false, 'rate limited (429)'],
    [http(500), true, true, 'internal server error (500)'],
    [http(502), true, false, 'bad gateway (502)'],
    [http(503), true, false, 'service unavailable (503)'],
    [http(504), true, false, 'gateway timeout (504)'],
    [http(520), true, true, 'HTTP error (520)'],
    [http(400), false, false, 'bad request (400)'],
    [http(401), false, false, 'unauthorized (401)'],
    [http(403), false, false, 'forbidden (403)'],
    [http(404), false, false, 'not found (404)'],
    [http(409), false, false, 'conflict (409)'],
    [http(418), false, false, 'HTTP error (418)'],
    [http(501), false, false, 'not implemented (501)'],
    [html(502), true, false, 'HTML error page (502)'],
    [html(504), true, false, 'HTML error page (504)'],
    [html(200), true, false, 'HTML error page (200)'],
    [net('connect', false), true, false, 'could not connect'],
    [net('timeout', false), true, false, 'connect timeout'],
    [net('reset', true), true, true, 'connection reset'],
    [net('timeout', true), true, true, 'request timed out'],
    [net('other', true), true, true, 'network error'],
    [net('aborted', true), false, false, 'aborted'],
    [{ kind: 'malformed', status: 200, detail: 'x' } as Failure, true, true, 'malformed response (200)'],
  ])('%o → retry %s, ambiguous %s', (failure, retry, ambiguous, reason) => {
    expect(classify(failure)).toEqual({ retry, ambiguous, reason });
  });

  it('recognises an HTML page by its body when the content type is missing', () => {
    const f: Failure = { kind: 'http', status: 503, headers: {}, body: '  <html><body>oops</body></html>' };
    expect(classify(f).reason).toBe('HTML error page (503)');
  });

  it('does not call a 4xx HTML page transient', () => {
    const f: Failure = { kind: 'http', status: 403, headers: { 'content-type': 'text/html' }, body: '<html>' };
    expect(classify(f)).toMatchObject({ retry: false, reason: 'forbidden (403)' });
  });
});

describe('mayRetry', () => {
  const polls: RouteKind[] = ['status', 'status-sync', 'health', 'cancel', 'openai-models'];
  const creates: RouteKind[] = ['run', 'runsync', 'retry', 'purge-queue', 'openai-post', 'openai-stream'];

  it.each(polls)('%s is retried on every transient failure', (route) => {
    for (const f of [
      http(500),
      http(429),
      html(502),
      net('reset', true),
      net('timeout', true),
      net('connect', false),
    ]) {
      expect(mayRetry(route, f)).toBe(true);
    }
    expect(mayRetry(route, { kind: 'malformed', status: 200, detail: 'x' })).toBe(true);
    expect(mayRetry(route, http(400))).toBe(false);
    expect(mayRetry(route, http(404))).toBe(false);
    expect(mayRetry(route, net('aborted', true))).toBe(false);
  });

  it.each(creates)('%s is retried only when the request surely was not accepted', (route) => {
    for (const f of [
      net('connect', false),
      net('timeout', false),
      http(429),
      http(503),
      http(408),
      http(425),
      http(502),
      http(504),
      html(502),
      html(504),
    ]) {
      expect(mayRetry(route, f)).toBe(true);
    }
    for (const f of [http(500), net('reset', true), net('timeout', true), net('other', true), http(400), http(401)]) {
      expect(mayRetry(route, f)).toBe(false);
    }
    expect(mayRetry(route, { kind: 'malformed', status: 200, detail: 'x' })).toBe(false);
  });

  it('/stream is retried only when nothing can have been drained', () => {
    for (const f of [net('connect', false), net('timeout', false), http(429), http(503), http(408), http(425)]) {
      expect(mayRetry('stream', f)).toBe(true);
    }
    for (const f of [net('reset', true), net('timeout', true), http(500), http(502), html(502), html(503), http(504)]) {
      expect(mayRetry('stream', f)).toBe(false);
    }
    expect(mayRetry('stream', { kind: 'malformed', status: 200, detail: 'x' })).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('stays within [1, min(cap, base*2^(n-1))] for any random value', () => {
    for (const r of [0, 0.25, 0.5, 0.999999]) {
      for (let attempt = 1; attempt <= 10; attempt++) {
        const d = backoffDelay(attempt, { baseMs: 100, capMs: 3000, random: () => r });
        const ceiling = Math.min(3000, 100 * 2 ** (attempt - 1));
        expect(d).toBeGreaterThanOrEqual(1);
        expect(d).toBeLessThanOrEqual(ceiling);
        expect(d).toBe(Math.max(1, Math.floor(r * ceiling)));
      }
    }
  });

  it('uses the defaults 250 ms base and 8 s cap', () => {
    expect(backoffDelay(1, { random: () => 0.999999 })).toBe(249);
    expect(backoffDelay(20, { random: () => 0.999999 })).toBe(7999);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-08-20T12:00:00Z');
  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    [' 2 ', 2000],
    ['600', RETRY_AFTER_CAP_MS],
    ['Thu, 20 Aug 2026 12:00:05 GMT', 5000],
    ['Thu, 20 Aug 2026 11:59:00 GMT', 0],
    ['Fri, 21 Aug 2026 12:00:00 GMT', RETRY_AFTER_CAP_MS],
  ])('%s → %i ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  it.each([undefined, '', 'soon', '-1', '12abc', '1e3'])('%s is unusable', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});

describe('nextDelay', () => {
  const now = 1_000_000;
  it('waits at least what Retry-After asks', () => {
    expect(nextDelay({ attempt: 1, retryAfter: '2', now, random: () => 0.5 })).toBe(2000);
  });
  it('uses the backoff when it is longer than Retry-After', () => {
    expect(nextDelay({ attempt: 6, retryAfter: '1', now, random: () => 0.9 })).toBe(Math.floor(0.9 * 8000));
  });
  it('gives up when the wait would pass the deadline', () => {
    expect(nextDelay({ attempt: 1, retryAfter: '5', now, deadline: now + 4000, random: () => 0.5 })).toBeUndefined();
    expect(nextDelay({ attempt: 1, retryAfter: '5', now, deadline: now + 6000, random: () => 0.5 })).toBe(5000);
  });
  it('ignores a garbage Retry-After', () => {
    expect(nextDelay({ attempt: 2, retryAfter: 'later', now, random: () => 0.5 })).toBe(250);
  });
});

describe('connect failures that mean a wrong address (issue 12)', () => {
  it.each([
    ['ENOTFOUND', false, 'host not found (DNS lookup failed)'],
    ['EAI_NONAME', false, 'host not found (DNS lookup failed)'],
    ['ECONNREFUSED', false, 'connection refused (nothing listening at that address)'],
    ['EAI_AGAIN', true, 'could not connect'],
    ['EHOSTUNREACH', true, 'could not connect'],
  ])('%s: retry %s, reason %s', (code, retry, reason) => {
    expect(classify({ kind: 'network', netKind: 'connect', sent: false, code })).toEqual({
      retry,
      reason,
      ambiguous: false,
    });
  });
});
