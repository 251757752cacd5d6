import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cjsExport, closeHttp, HttpFailure, send, sendStream } from '../../src/core/http.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler = (_req, res) => res.end('ok');
const sockets = new Set<Socket>();
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  handler = (_req, res) => res.end('ok');
});

afterAll(async () => {
  await closeHttp();
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

async function failureOf(p: Promise<unknown>): Promise<HttpFailure> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(HttpFailure);
    return err as HttpFailure;
  }
  throw new Error('expected a failure');
}

describe('send', () => {
  it('sends JSON with the given headers and returns status, headers, text and json()', async () => {
    let seen: { method?: string; url?: string; type?: string; auth?: string; body?: string } = {};
    handler = (req, res, body) => {
      seen = {
        method: req.method,
        url: req.url,
        type: req.headers['content-type'],
        auth: req.headers.authorization,
        body,
      };
      res.setHeader('x-thing', 'yes');
      res.setHeader('content-type', 'application/json');
      res.statusCode = 201;
      res.end('{"id":"j1","é":"ü"}');
    };
    const res = await send({
      method: 'POST',
      url: `${base}/v2/ep/run?x=1`,
      headers: { authorization: 'Bearer k' },
      body: { input: { p: 'é' } },
    });
    expect(seen).toEqual({
      method: 'POST',
      url: '/v2/ep/run?x=1',
      type: 'application/json',
      auth: 'Bearer k',
      body: '{"input":{"p":"é"}}',
    });
    expect(res.status).toBe(201);
    expect(res.headers['x-thing']).toBe('yes');
    expect(res.json()).toEqual({ id: 'j1', é: 'ü' });
  });

  it('json() throws on a body that is not JSON', async () => {
    handler = (_req, res) => res.end('<html>');
    const res = await send({ method: 'GET', url: `${base}/x` });
    expect(res.text).toBe('<html>');
    expect(() => res.json()).toThrow(SyntaxError);
  });

  it('reuses one keep-alive connection for consecutive requests', async () => {
    const before = connections;
    for (let i = 0; i < 4; i++) await send({ method: 'GET', url: `${base}/poll` });
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it('a refused connection is kind connect, sent false', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const f = await failureOf(send({ method: 'POST', url: `http://127.0.0.1:${port}/run`, body: {} }));
    expect(f.kind).toBe('connect');
    expect(f.sent).toBe(false);
  });

  it('a connection dropped after the request arrived is kind reset, sent true', async () => {
    handler = (req) => req.socket.destroy();
    const f = await failureOf(send({ method: 'POST', url: `${base}/run`, body: {} }));
    expect(f.kind).toBe('reset');
    expect(f.sent).toBe(true);
  });

  it('a reply that never comes is kind timeout after timeoutMs', async () => {
    handler = () => {};
    const started = Date.now();
    const f = await failureOf(send({ method: 'GET', url: `${base}/hang`, timeoutMs: 150 }));
    expect(f.kind).toBe('timeout');
    expect(f.sent).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('the timeout also covers a body that stops half-way', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
    };
    const f = await failureOf(send({ method: 'GET', url: `${base}/half`, timeoutMs: 150 }));
    expect(f.kind).toBe('timeout');
  });

  it("the caller's abort is kind aborted, at once", async () => {
    handler = () => {};
    const ac = new AbortController();
    setTimeout(() => ac.abort('interrupted'), 50);
    const started = Date.now();
    const f = await failureOf(send({ method: 'GET', url: `${base}/hang`, timeoutMs: 10_000, signal: ac.signal }));
    expect(f.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an already aborted signal sends nothing', async () => {
    let hits = 0;
    handler = (_req, res) => {
      hits++;
      res.end();
    };
    const f = await failureOf(send({ method: 'GET', url: `${base}/x`, signal: AbortSignal.abort('interrupted') }));
    expect(f.kind).toBe('aborted');
    expect(hits).toBe(0);
  });
});

describe('sendStream', () => {
  it('never splits a multi-byte character, whatever the packet boundaries', async () => {
    const text = 'data: {"t":"héllo 世界 🎉"}\n\n';
    const bytes = Buffer.from(text, 'utf8');
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const tick = (): void => {
        if (i >= bytes.length) return void res.end();
        res.write(bytes.subarray(i, i + 1));
        i++;
        setImmediate(tick);
      };
      tick();
    };
    const res = await sendStream({ method: 'POST', url: `${base}/openai/v1/completions`, body: { stream: true } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    let out = '';
    for await (const part of res.body) {
      expect(part).not.toContain('\uFFFD');
      out += part;
    }
    expect(out).toBe(text);
  });

  it('a connection dropped mid-body fails the iteration with kind reset', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n');
      setTimeout(() => res.socket?.destroy(), 30);
    };
    const res = await sendStream({ method: 'GET', url: `${base}/s` });
    const parts: string[] = [];
    const f = await failureOf(
      (async () => {
        for await (const p of res.body) parts.push(p);
      })(),
    );
    expect(parts.join('')).toBe('data: 1\n\n');
    expect(f.kind).toBe('reset');
    expect(f.sent).toBe(true);
  });

  it('a silent stream fails after idleTimeoutMs', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n');
    };
    const res = await sendStream({ method: 'GET', url: `${base}/s`, idleTimeoutMs: 150 });
    const f = await failureOf(
      (async () => {
        for await (const _ of res.body) void _;
      })(),
    );
    expect(f.kind).toBe('timeout');
  });
});

describe('cjsExport', () => {
  const isFn = (v: unknown) => typeof v === 'function';
  const fn = () => 1;
  it('takes the export whether it is the module itself or its default', () => {
    expect(cjsExport(fn, isFn)).toBe(fn);
    expect(cjsExport({ default: fn }, isFn)).toBe(fn);
  });
  it('throws a one-line error when neither fits', () => {
    expect(() => cjsExport({ default: 1 }, isFn)).toThrow('did not load correctly');
    expect(() => cjsExport(null, isFn)).toThrow('did not load correctly');
  });
});
