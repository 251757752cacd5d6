// An abort around POST /run, in-process against a scripted node:http server: an abort during a
// retry wait stops at once with nothing more sent, while an abort during a /run in flight still
// hears the job ID (so the job can be cancelled instead of left running unseen).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../src/core/errors.js';
import type { JobEvent } from '../../src/core/events.js';
import { closeHttp } from '../../src/core/http.js';
import { runJob } from '../../src/core/job/native.js';
import { createClient } from '../../src/core/runpod-client.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let base = '';
let seen: string[] = [];
let handlers: Record<string, Handler> = {};

beforeEach(async () => {
  seen = [];
  handlers = {};
  server = createServer((req, res) => {
    const route = (req.url ?? '').split('/')[3]?.split('?')[0] ?? '';
    seen.push(route);
    req.resume();
    const h = handlers[route];
    if (h) h(req, res);
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v2`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeHttp();
});

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

describe('CallOptions.stopRetrying', () => {
  it('ends a retry wait at once and sends nothing more', async () => {
    handlers.run = (_q, res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '30' });
    const stop = new AbortController();
    const client = createClient({ baseUrl: base, endpoint: 'ep', apiKey: 'k-submit' });
    const started = Date.now();
    const call = client.run(
      { input: {} },
      { stopRetrying: stop.signal, onRetry: () => setTimeout(() => stop.abort('interrupted'), 20) },
    );
    await expect(call).rejects.toBeInstanceOf(InterruptedError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(seen).toEqual(['run']);
  });

  it('lets an attempt already sent finish and returns its reply', async () => {
    const stop = new AbortController();
    handlers.run = (_q, res) => {
      stop.abort('interrupted');
      setTimeout(() => json(res, 200, { id: 'job-1', status: 'IN_QUEUE' }), 50);
    };
    const client = createClient({ baseUrl: base, endpoint: 'ep', apiKey: 'k-submit' });
    await expect(client.run({ input: {} }, { stopRetrying: stop.signal })).resolves.toMatchObject({ id: 'job-1' });
  });
});

describe('runJob aborted around /run', () => {
  it('an abort while /run is in flight still cancels the job it created', async () => {
    const ac = new AbortController();
    handlers.run = (_q, res) => {
      ac.abort('interrupted');
      setTimeout(() => json(res, 200, { id: 'job-2', status: 'IN_QUEUE' }), 100);
    };
    handlers.cancel = (_q, res) => json(res, 200, { id: 'job-2', status: 'CANCELLED' });
    const client = createClient({ baseUrl: base, endpoint: 'ep', apiKey: 'k-submit' });
    const events: JobEvent[] = [];
    for await (const e of runJob({
      client,
      endpoint: 'ep',
      body: { input: {} },
      stream: true,
      signal: ac.signal,
      healthOnQueue: false,
    })) {
      events.push(e);
    }
    expect(events.at(-1)).toMatchObject({ type: 'cancelled', jobId: 'job-2', reason: 'interrupted', confirmed: true });
    expect(seen).toEqual(['run', 'cancel']);
  });

  it('an abort during a /run retry wait ends at once with nothing submitted', async () => {
    const ac = new AbortController();
    handlers.run = (_q, res) => json(res, 503, { error: 'busy' }, { 'retry-after': '30' });
    const client = createClient({ baseUrl: base, endpoint: 'ep', apiKey: 'k-submit' });
    const events: JobEvent[] = [];
    const started = Date.now();
    for await (const e of runJob({
      client,
      endpoint: 'ep',
      body: { input: {} },
      stream: true,
      signal: ac.signal,
      healthOnQueue: false,
    })) {
      events.push(e);
      if (e.type === 'retry') setTimeout(() => ac.abort('interrupted'), 20);
    }
    expect(Date.now() - started).toBeLessThan(1000);
    expect(events.map((e) => e.type)).toEqual(['retry', 'cancelled']);
    expect(events.at(-1)).toMatchObject({ type: 'cancelled', reason: 'interrupted', confirmed: false });
    expect(seen).toEqual(['run']);
  });
});
