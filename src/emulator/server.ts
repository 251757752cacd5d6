// The node:http server: one Exchange per request, request recording, control routes, and a
// close() that ends every socket, held poll and timer at once.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleControl, type EmulatorControl } from './control-routes.js';
import type { FaultBoard } from './faults.js';
import { sendError, type Exchange } from './http-io.js';
import type { JobEngine } from './job-engine.js';
import { RateLimiter } from './rate-limit.js';
import { routeRequest } from './router.js';
import type { Settings } from './settings.js';
import type { RecordedRequest, RouteName } from './types.js';

const MAX_RECORDS = 10_000;

/** Owns the listening socket and every connection; routes requests to the API or control handlers. */
export class EmulatorServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly connectionNo = new WeakMap<Socket, number>();
  private connections = 0;
  private readonly records: RecordedRequest[] = [];
  private readonly routeCounts = new Map<string, number>();
  private readonly closing = new AbortController();
  private readonly limiter = new RateLimiter();

  constructor(
    private readonly settings: Settings,
    private readonly engine: JobEngine,
    private readonly faults: FaultBoard,
    private readonly control: EmulatorControl,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      this.connectionNo.set(socket, ++this.connections);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts listening; resolves with the bound port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  /** Every recorded /v2 request (the latest MAX_RECORDS). */
  requests(): RecordedRequest[] {
    return this.records.map((r) => ({ ...r }));
  }

  /** How many requests reached a route since start. */
  count(route: RouteName): number {
    return this.routeCounts.get(route) ?? 0;
  }

  /** Stops listening, destroys every socket and wakes every held request. */
  async close(): Promise<void> {
    this.closing.abort();
    this.engine.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const signal = AbortSignal.any([gone.signal, this.closing.signal]);
    const path = url.pathname + url.search;
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      route: 'unknown',
      path,
      status: 0,
      auth: 'missing',
      at: Date.now(),
      connection: this.connectionNo.get(req.socket) ?? 0,
    };
    const ex: Exchange = { req, res, url, record, signal };
    try {
      if (url.pathname.startsWith('/_emulator/')) {
        await handleControl(this.control, ex, url.pathname.slice('/_emulator/'.length));
        return;
      }
      this.records.push(record);
      if (this.records.length > MAX_RECORDS) this.records.shift();
      res.on('close', () => this.log(record));
      // routeRequest sets record.route before its first await, so held requests count at once.
      const routed = routeRequest(
        { engine: this.engine, settings: this.settings, limiter: this.limiter },
        this.faults,
        ex,
      );
      this.routeCounts.set(record.route, (this.routeCounts.get(record.route) ?? 0) + 1);
      await routed;
    } catch (err) {
      if (!res.headersSent) sendError(ex, 500, `emulator error: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    }
  }

  private log(r: RecordedRequest): void {
    const fault = r.fault ? ` fault=${r.fault}` : r.rateLimited ? ' rate-limited' : '';
    this.settings.log?.(`${r.method} ${r.path} -> ${r.status || 'no answer'} (${Date.now() - r.at} ms)${fault}`);
  }
}
