// An endless reply body or an endless SSE line is cut at rpv's limit with a clear one-line error
// (exit 8) naming it, instead of growing until V8 aborts. (Peak memory is measured by
// bench/memory-bounds.mjs, not here.)
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';

let server: Server;
let base = '';
const cancels: string[] = [];
const home = makeHome();
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const url = req.url ?? '';
    const endless = (type: string, head: string, unit: string) => {
      res.writeHead(200, { 'content-type': type });
      res.write(head);
      const block = unit.repeat(64 * 1024);
      const pump = (): void => {
        while (!res.destroyed && res.write(block));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    };
    if (url.includes('/openai/')) return endless('text/event-stream', 'data: {"x":"', 'a');
    if (url.includes('/health')) return endless('application/json', '{"workers":{"idle":1},"jobs":{"x":"', 'a');
    if (url.endsWith('/run')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"id":"job-endless-1","status":"IN_QUEUE"}');
    }
    if (url.includes('/stream/'))
      return endless('application/json', '{"status":"IN_PROGRESS","stream":[{"output":"', 'a');
    if (url.includes('/cancel/')) {
      cancels.push(url);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"id":"job-endless-1","status":"CANCELLED"}');
    }
    res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v2`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  home.dispose();
});

const run = (args: string[]) =>
  runRpv([...args, '--retries', '0'], {
    env: { ...home.env, RUNPOD_API_KEY: TEST_KEY, RUNPOD_ENDPOINT_ID: 'ep', RUNPOD_ENDPOINT_BASE_URL: base },
    timeoutMs: 30_000,
  });

describe('endless replies', () => {
  it('an endless body: exit 8 naming the 32 MiB limit', async () => {
    const res = await run(['health']);
    expect(res.code).toBe(8);
    expect(res.stderr).toMatch(/^rpv: .*larger than 32 MiB/);
  }, 40_000);

  it('an endless /stream reply of a submitted job: exit 8, and the job is cancelled, not left running', async () => {
    const res = await run(['complete', 'hi']);
    expect(res.code).toBe(8);
    expect(res.stderr).toMatch(/^rpv: .*larger than 32 MiB/);
    expect(res.stderr).toMatch(/job job-endless-1 was cancelled/);
    expect(cancels).toEqual(['/v2/ep/cancel/job-endless-1']);
  }, 40_000);

  it('an endless SSE line on the OpenAI route: exit 8 naming the 4 MiB limit', async () => {
    const res = await run(['complete', '--api', 'openai', '--model', 'm', 'hi']);
    expect(res.code).toBe(8);
    expect(res.stderr).toMatch(/^rpv: .*longer than 4 MiB/);
  }, 40_000);
});
