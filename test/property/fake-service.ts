// A tiny node:http stand-in for a hostile Runpod endpoint: each route answers from a script of
// replies (any status, any body, truncated bodies, dropped sockets); once a route's script is
// used up it answers 404, so every scripted run ends quickly.
import { createServer, type Server, type ServerResponse } from 'node:http';

/** One scripted answer. `drop` destroys the socket without answering. */
export interface FakeReply {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
  drop?: boolean;
  /** Send only this many bytes of the body, then destroy the socket. */
  cutAt?: number;
}

/** Replies per route ('run', 'stream', 'status', 'cancel', 'health', ...). */
export type Script = Partial<Record<string, FakeReply[]>>;

/** A running fake service. */
export interface FakeService {
  baseUrl: string;
  /** Replaces the script (and forgets the requests seen). */
  load(script: Script): void;
  /** Routes requested since the last load, in order. */
  seen(): string[];
  /** Authorization headers received (to check the key was sent, and only there). */
  auth(): string[];
  close(): Promise<void>;
}

function answer(res: ServerResponse, reply: FakeReply): void {
  if (reply.drop) {
    res.socket?.destroy();
    return;
  }
  const bytes = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, {
    'content-type': reply.contentType ?? 'application/json',
    'content-length': String(bytes.length),
    ...reply.headers,
  });
  if (reply.cutAt !== undefined && reply.cutAt < bytes.length) {
    res.write(bytes.subarray(0, reply.cutAt), () => res.socket?.destroy());
    return;
  }
  res.end(bytes);
}

/** Starts the fake service on 127.0.0.1 with an empty script. */
export async function startFakeService(): Promise<FakeService> {
  let script: Script = {};
  let seen: string[] = [];
  let auth: string[] = [];
  const server: Server = createServer((req, res) => {
    const route = (req.url ?? '').split('?')[0]!.split('/')[3] ?? '';
    seen.push(route);
    auth.push(String(req.headers.authorization ?? ''));
    req.resume();
    const next = script[route]?.shift();
    answer(res, next ?? { status: 404, body: '{"error":"request does not exist"}' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v2`,
    load(s) {
      script = structuredClone(s);
      seen = [];
      auth = [];
    },
    seen: () => [...seen],
    auth: () => [...auth],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
