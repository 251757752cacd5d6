import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  ExitCode,
  InterruptedError,
  NotFoundError,
  RpvError,
  ServiceUnavailableError,
  TimeoutError,
} from '../../src/core/errors.js';
import { closeHttp } from '../../src/core/http.js';
import { createClient, StreamLostError, type ClientOptions, type RetryInfo } from '../../src/core/runpod-client.js';

// A distinctive fake key: any appearance of it in logs or errors is a leak.
const KEY = 'rpa_FAKEKEY_do_not_print_0123456789abcdef';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Reply = (req: Seen, res: ServerResponse) => void;

let server: Server;
let base: string;
let seen: Seen[] = [];
let script: Reply[] = [];
let fallback: Reply = (_req, res) => json(res, 200, { id: 'job-1', status: 'IN_QUEUE' });
const sockets = new Set<Socket>();

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}
const drop: Reply = (_req, res) => res.socket?.destroy();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      (script.shift() ?? fallback)(s, res);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
});

afterAll(async () => {
  await closeHttp();
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

let logs: string[] = [];
let retries: RetryInfo[] = [];
beforeEach(() => {
  seen = [];
  script = [];
  logs = [];
  retries = [];
  fallback = (_req, res) => json(res, 200, { id: 'job-1', status: 'IN_QUEUE' });
});

function client(extra: Partial<ClientOptions> = {}) {
  return createClient({
    baseUrl: `${base}/`,
    endpoint: 'ep1',
    apiKey: KEY,
    retries: 3,
    sleep: async () => {},
    random: () => 0.5,
    log: (l) => logs.push(l),
    onRetry: (i) => retries.push(i),
    version: '9.9.9',
    ...extra,
  });
}

async function caught(p: Promise<unknown>): Promise<RpvError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RpvError);
    const e = err as RpvError;
    expect(`${e.message} ${e.hint ?? ''}`).not.toContain(KEY);
    return e;
  }
  throw new Error('expected an error');
}

function noKeyAnywhere(): void {
  for (const line of logs) expect(line).not.toContain(KEY);
}

describe('requests', () => {
  it('sends Bearer auth, JSON content type and rpv user agent to {base}/{endpoint}/route', async () => {
    const c = client();
    await c.run({ input: { prompt: 'hi' }, policy: { ttl: 10_000 } });
    const r = seen[0]!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/v2/ep1/run');
    expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['user-agent']).toBe('rpv/9.9.9');
    expect(JSON.parse(r.body)).toEqual({ input: { prompt: 'hi' }, policy: { ttl: 10_000 } });
  });

  it('reads the user agent version from package.json when not given', async () => {
    await client({ version: undefined }).health();
    expect(seen[0]!.headers['user-agent']).toMatch(/^rpv\/\d+\.\d+\.\d+/);
  });

  it('uses the documented method and path for every route', async () => {
    const c = client();
    fallback = (req, res) => {
      if (req.url.includes('/health')) return json(res, 200, { jobs: {}, workers: {} });
      if (req.url.includes('/purge-queue')) return json(res, 200, { removed: 0, status: 'completed' });
      if (req.url.includes('/stream/')) return json(res, 200, { status: 'IN_PROGRESS', stream: [] });
      if (req.url.includes('/models')) return json(res, 200, { object: 'list', data: [{ id: 'm' }] });
      json(res, 200, { id: 'j/1', status: 'IN_QUEUE' });
    };
    await c.runsync({ input: {} }, 5000);
    await c.status('j/1');
    await c.statusSync('j1', 2000);
    await c.stream('j1', 10_000);
    await c.cancel('j1');
    await c.retry('j1');
    await c.health();
    await c.purgeQueue();
    await c.openaiModels();
    await c.openaiPost('chat/completions', { model: 'm' });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /v2/ep1/runsync?wait=5000',
      'GET /v2/ep1/status/j%2F1',
      'GET /v2/ep1/status-sync/j1?wait=2000',
      'GET /v2/ep1/stream/j1?wait=10000',
      'POST /v2/ep1/cancel/j1',
      'POST /v2/ep1/retry/j1',
      'GET /v2/ep1/health',
      'POST /v2/ep1/purge-queue',
      'GET /v2/ep1/openai/v1/models',
      'POST /v2/ep1/openai/v1/chat/completions',
    ]);
  });

  it('logs one redacted line per call with method, full URL, status and latency', async () => {
    await client().status('j1');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/v2\/ep1\/status\/j1 200 \d+ms$/);
  });

  it('a missing stream field is an empty list', async () => {
    script = [(_q, res) => json(res, 200, { status: 'IN_QUEUE' })];
    expect((await client().stream('j1', 1000)).stream).toEqual([]);
  });
});

describe('retries', () => {
  it('repeats a 429 after at least Retry-After and reports each retry', async () => {
    const sleeps: number[] = [];
    script = [(_q, res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '2' })];
    const reply = await client({ sleep: async (ms) => void sleeps.push(ms) }).run({ input: {} });
    expect(reply.id).toBe('job-1');
    expect(seen).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
    expect(retries).toEqual([
      { operation: 'POST /v2/ep1/run', attempt: 1, maxAttempts: 4, delayMs: 2000, reason: 'rate limited (429)' },
    ]);
    expect(logs.some((l) => l.includes('retrying POST /v2/ep1/run in 2000ms'))).toBe(true);
  });

  it('repeats /run after 503 and HTML 502 pages (the job was not accepted)', async () => {
    script = [
      (_q, res) => json(res, 503, 'busy'),
      (_q, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body>Bad gateway</body></html>');
      },
    ];
    expect((await client().run({ input: {} })).id).toBe('job-1');
    expect(seen).toHaveLength(3);
    expect(retries.map((r) => r.reason)).toEqual(['service unavailable (503)', 'HTML error page (502)']);
  });

  it('does not repeat /run after a 500: the job may exist', async () => {
    script = [(_q, res) => json(res, 500, { error: 'boom' })];
    const e = await caught(client().run({ input: {} }));
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect(e.message).toBe('POST /v2/ep1/run: internal server error (500); the job may have been submitted');
    expect(e.hint).toContain('rpv status');
    expect(seen).toHaveLength(1);
  });

  it('does not repeat /run when the connection dropped after sending', async () => {
    script = [drop];
    const e = await caught(client().run({ input: {} }));
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect(e.exitCode).toBe(ExitCode.unavailable);
    expect(e.message).toContain('connection reset; the job may have been submitted');
    expect(seen).toHaveLength(1);
  });

  it('does not repeat /run when the connection was refused: a wrong address, not a busy service (issue 12)', async () => {
    const c = createClient({
      baseUrl: 'http://127.0.0.1:1/v2',
      endpoint: 'e',
      apiKey: KEY,
      retries: 2,
      sleep: async () => {},
      onRetry: (i) => retries.push(i),
    });
    const e = await caught(c.run({ input: {} }));
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect(e.message).toBe('could not reach 127.0.0.1:1: connection refused (nothing listening at that address)');
    expect(retries).toHaveLength(0);
  });

  it('repeats status polls on 500, resets and malformed JSON', async () => {
    script = [(_q, res) => json(res, 500, 'x'), drop, (_q, res) => json(res, 200, '{"status": "IN_PRO')];
    fallback = (_q, res) => json(res, 200, { id: 'j1', status: 'IN_PROGRESS' });
    expect((await client().status('j1')).status).toBe('IN_PROGRESS');
    expect(seen).toHaveLength(4);
    expect(retries.map((r) => r.reason)).toEqual([
      'internal server error (500)',
      'connection reset',
      'malformed response (200)',
    ]);
  });

  it('gives up after the retries with ServiceUnavailableError naming the route and reason', async () => {
    fallback = (_q, res) => json(res, 503, 'down');
    const e = await caught(client().status('j1'));
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect(e.message).toBe('GET /v2/ep1/status/j1 failed after 4 attempts: service unavailable (503)');
    expect(seen).toHaveLength(4);
    expect(logs.at(-1)).toContain('giving up on GET /v2/ep1/status/j1');
  });

  it('a reply of the wrong shape is retried, then reported in one line', async () => {
    fallback = (_q, res) => json(res, 200, { id: 'j1', status: 7 });
    const e = await caught(client({ retries: 1 }).status('j1'));
    expect(e.message).toBe(
      'GET /v2/ep1/status/j1 failed after 2 attempts: malformed response (200): field "status": expected string',
    );
  });

  it('/stream is repeated after 429 but a lost reply raises StreamLostError at once', async () => {
    script = [(_q, res) => json(res, 429, 'x', { 'retry-after': '0' })];
    fallback = (_q, res) => json(res, 200, { status: 'IN_PROGRESS', stream: [{ output: 'a' }] });
    expect((await client().stream('j1', 1000)).stream).toEqual([{ output: 'a' }]);
    expect(seen).toHaveLength(2);
    for (const bad of [drop, (_q: Seen, res: ServerResponse) => json(res, 200, '{"stream": [')]) {
      seen = [];
      script = [bad];
      const e = await caught(client().stream('j1', 1000));
      expect(e).toBeInstanceOf(StreamLostError);
      expect(e.jobId).toBe('j1');
      expect(seen).toHaveLength(1);
    }
  });

  it('never waits past the deadline: gives up at once instead', async () => {
    const sleeps: number[] = [];
    script = [(_q, res) => json(res, 429, 'x', { 'retry-after': '30' })];
    const e = await caught(
      client({ deadline: Date.now() + 5000, sleep: async (ms) => void sleeps.push(ms) }).status('j1'),
    );
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect(sleeps).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('a deadline already passed sends nothing and is a TimeoutError', async () => {
    const e = await caught(client({ deadline: Date.now() - 1 }).status('j1'));
    expect(e).toBeInstanceOf(TimeoutError);
    expect(seen).toHaveLength(0);
  });

  it('an abort stops a hanging call at once and is not retried', async () => {
    script = [() => {}];
    const ac = new AbortController();
    setTimeout(() => ac.abort('interrupted'), 50);
    const started = Date.now();
    const e = await caught(client({ signal: ac.signal }).status('j1'));
    expect(e).toBeInstanceOf(InterruptedError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(retries).toEqual([]);
  });

  it('per-call options override the client signal (a cancel can outlive an abort)', async () => {
    const c = client({ signal: AbortSignal.abort('interrupted') });
    await expect(c.status('j1')).rejects.toBeInstanceOf(InterruptedError);
    expect((await c.cancel('j1', { signal: AbortSignal.timeout(3000) })).status).toBe('IN_QUEUE');
  });
});

describe('final errors', () => {
  it('401 and 403 are ConfigError with a hint, never retried', async () => {
    for (const status of [401, 403]) {
      seen = [];
      script = [(q, res) => json(res, status, { error: `bad key ${q.headers.authorization}` })];
      const e = await caught(client().health());
      expect(e).toBeInstanceOf(ConfigError);
      expect(e.message).toBe(`the API key was rejected (${status})`);
      expect(e.hint).toBe('set it with: rpv config set api-key');
      expect(seen).toHaveLength(1);
    }
  });

  it('404 names the job on job routes and the endpoint elsewhere', async () => {
    script = [(_q, res) => json(res, 404, 'no')];
    const e = await caught(client().status('gone-1'));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.message).toBe('job gone-1 not found (it may be past its retention)');
    expect(e.jobId).toBe('gone-1');
    script = [(_q, res) => json(res, 404, 'no')];
    const e2 = await caught(client().run({ input: {} }));
    expect(e2).toBeInstanceOf(NotFoundError);
    expect(e2.message).toMatch(/^endpoint ep1 not found \(tried http:\/\/127\.0\.0\.1:\d+\/v2\/ep1\/run\)$/);
  });

  it('400 is an exit-1 error with the service message, the key redacted', async () => {
    script = [(q, res) => json(res, 400, { error: { message: `invalid input; you sent ${q.headers.authorization}` } })];
    const e = await caught(client().run({ input: {} }));
    expect(e.constructor).toBe(RpvError);
    expect(e.exitCode).toBe(ExitCode.internal);
    expect(e.message).toBe('the service rejected POST /v2/ep1/run (400): invalid input; you sent ***');
    noKeyAnywhere();
  });

  it('the key never reaches a log line, whatever the server says', async () => {
    script = [(q, res) => json(res, 500, `echo ${q.headers.authorization}`), drop];
    await client().status('j1');
    expect(logs.length).toBeGreaterThanOrEqual(3);
    noKeyAnywhere();
  });
});

describe('openai routes', () => {
  it('openaiStream yields the SSE text as it arrives', async () => {
    script = [
      (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"a":1}\n\n');
        setTimeout(() => res.end('data: [DONE]\n\n'), 20);
      },
    ];
    let text = '';
    for await (const part of client().openaiStream('/v1/completions', { stream: true })) text += part;
    expect(text).toBe('data: {"a":1}\n\ndata: [DONE]\n\n');
    expect(seen[0]!.url).toBe('/v2/ep1/openai/v1/completions');
  });

  it('openaiStream retries a 429 before the stream starts and maps 401', async () => {
    script = [(_q, res) => json(res, 429, 'x'), (_q, res) => json(res, 401, 'no')];
    const iterate = async (): Promise<void> => {
      for await (const _ of client().openaiStream('completions', {})) void _;
    };
    const e = await caught(iterate());
    expect(e).toBeInstanceOf(ConfigError);
    expect(seen).toHaveLength(2);
  });

  it('openaiPost returns the JSON body as it is', async () => {
    script = [(_q, res) => json(res, 200, { object: 'text_completion', choices: [{ text: 'hi' }] })];
    expect(await client().openaiPost('completions', { prompt: 'x' })).toEqual({
      object: 'text_completion',
      choices: [{ text: 'hi' }],
    });
  });
});
