// What each transport fault does to one HTTP exchange: error answers shaped like the hosted
// service's edge (JSON, short text, Cloudflare-style HTML), truncated JSON, drops and stalls.
import { randomBytes } from 'node:crypto';
import { dropConnection, sendError, sendRaw, sleep, type Exchange } from './http-io.js';
import type { TransportFaultName } from './types.js';

/** 'respond' = the fault answered (or dropped/held) the request; 'continue' = handle it normally. */
export type FaultOutcome = 'respond' | 'continue';

const EDGE_TEXT = {
  500: ['Internal server error', 'The edge met an unexpected condition while handling the request.'],
  502: ['Bad gateway', 'The origin returned an invalid response to the edge.'],
  504: ['Gateway time-out', 'The origin did not answer the edge in time.'],
} as const;

/** A Cloudflare-style HTML error page of the edge in front of api.runpod.ai. */
function edgePage(code: 500 | 502 | 504, rayId: string): string {
  const [title, what] = EDGE_TEXT[code];
  return [
    '<!DOCTYPE html>',
    '<html lang="en-US"><head><meta charset="UTF-8" /><title>api.runpod.ai | ' +
      code +
      ': ' +
      title +
      '</title></head>',
    '<body><div id="cf-wrapper"><div id="cf-error-details">',
    `<h1><span>${title}</span> <span class="code-label">Error code ${code}</span></h1>`,
    `<h2>What happened?</h2><p>${what}</p>`,
    '<h2>What can I do?</h2><p>Please try again in a few minutes.</p>',
    `<p>Ray ID: <strong>${rayId}</strong> &bull; Performance &amp; security by the edge network</p>`,
    '</div></div></body></html>',
    '',
  ].join('\n');
}

/** Applies a transport fault; `slowMs` is how long 'slow' holds the request first. */
export async function applyTransportFault(
  ex: Exchange,
  name: TransportFaultName,
  slowMs: number,
): Promise<FaultOutcome> {
  ex.record.fault = name;
  const rayId = randomBytes(8).toString('hex');
  switch (name) {
    case '429':
      sendError(ex, 429, 'Too Many Requests: rate limit exceeded for this endpoint', { 'retry-after': '1' });
      return 'respond';
    case '429-no-retry-after':
      sendError(ex, 429, 'Too Many Requests: rate limit exceeded for this endpoint');
      return 'respond';
    case '429-date':
      sendError(ex, 429, 'Too Many Requests: rate limit exceeded for this endpoint', {
        'retry-after': new Date(Date.now() + 2_000).toUTCString(),
      });
      return 'respond';
    case '500':
      sendError(ex, 500, 'Internal Server Error');
      return 'respond';
    case '503':
      sendRaw(ex, 503, 'upstream unavailable: no healthy upstream', 'text/plain; charset=utf-8');
      return 'respond';
    case '500-html':
    case '502-html':
    case '504-html': {
      const code = name === '500-html' ? 500 : name === '502-html' ? 502 : 504;
      sendRaw(ex, code, edgePage(code, rayId), 'text/html; charset=UTF-8', {
        server: 'cloudflare',
        'cf-ray': `${rayId}-FRA`,
      });
      return 'respond';
    }
    case 'malformed-json':
      sendRaw(
        ex,
        200,
        '{"delayTime":412,"id":"6f1e2d3c-4b5a-4969-8877-665544332211-u1","status":"IN_PROG',
        'application/json',
      );
      return 'respond';
    case 'drop':
      dropConnection(ex);
      return 'respond';
    case 'hang':
      return 'respond';
    case 'slow':
      await sleep(slowMs, ex.signal);
      return ex.signal.aborted ? 'respond' : 'continue';
    case 'drop-after-drain':
      ex.dropMidBody = true;
      return 'continue';
    case 'drop-after-accept':
      ex.dropAfterAccept = true;
      return 'continue';
  }
}
