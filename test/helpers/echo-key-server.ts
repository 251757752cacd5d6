// A hostile service on loopback that echoes the caller's key into every field it can: job
// status, workerId, health counter names, cancel replies, model ids, and model text split
// across polls and SSE events. For the secrets sweep: whatever rpv shows must be free of it.
import { createServer, type Server } from 'node:http';

/** A running echo server; `base` goes into RUNPOD_ENDPOINT_BASE_URL. */
export interface EchoServer {
  base: string;
  close(): Promise<void>;
}

const JOB = 'job-echo-1';

function keyOf(auth: string): string {
  return auth.replace(/^Bearer\s+/i, '');
}

/** Starts the server on 127.0.0.1 with a free port. */
export async function startEchoKeyServer(): Promise<EchoServer> {
  const polls = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    req.resume();
    const key = keyOf(String(req.headers.authorization ?? ''));
    const half = Math.floor(key.length / 2);
    const url = req.url ?? '';
    const parts = url.split('?')[0]!.split('/');
    const route = parts[3] ?? '';
    const json = (body: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (route === 'run') {
      polls.clear();
      return json({ id: JOB, status: 'IN_QUEUE', note: key });
    }
    if (route === 'stream') {
      const n = (polls.get(url) ?? 0) + 1;
      polls.set(url, n);
      if (n === 1)
        return json({
          status: 'IN_PROGRESS',
          stream: [{ output: { choices: [{ tokens: [`the key is ${key.slice(0, half)}`] }] } }],
        });
      return json({
        status: 'COMPLETED',
        stream: [{ output: { choices: [{ tokens: [`${key.slice(half)} ok`] }], usage: { input: 3, output: 2 } } }],
      });
    }
    if (route === 'status' || route === 'status-sync' || route === 'runsync') {
      return json({
        id: JOB,
        status: 'COMPLETED',
        workerId: `w-${key}`,
        delayTime: 5,
        executionTime: 7,
        output: [{ choices: [{ tokens: [`the key is ${key} ok`] }], usage: { input: 3, output: 2 } }],
      });
    }
    if (route === 'cancel') return json({ id: JOB, status: `CANCELLED ${key}` });
    if (route === 'health') {
      return json({ jobs: { completed: 1, [`c-${key}`]: 2 }, workers: { idle: 1, running: 0, [`w-${key}`]: 3 } });
    }
    if (route === 'openai') {
      if (url.includes('/models')) return json({ object: 'list', data: [{ id: 'm', object: 'model', owned_by: key }] });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const ev = (content: string): string =>
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
      res.write(ev(`the key is ${key.slice(0, half)}`));
      res.write(ev(key.slice(half)));
      res.write(
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no route ${key}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    base: `http://127.0.0.1:${port}/v2`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
