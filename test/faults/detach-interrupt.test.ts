// Ctrl-C while `complete --detach` waits for its /run reply: the job the service created is not
// lost. rpv hears the reply, prints the job ID on stdout, records it, says so, and exits 130.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHome, runRpv, TEST_KEY } from '../helpers/cli.js';

let server: Server;
let base = '';
let runSeen: () => void = () => undefined;
const home = makeHome();
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const route = (req.url ?? '').split('/')[3];
    if (route === 'run') {
      runSeen();
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"job-slow-1","status":"IN_QUEUE"}'),
        800,
      );
      return;
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

describe('Ctrl-C during complete --detach', () => {
  it('prints and records the job the service created, exit 130', async () => {
    const res = await runRpv(['complete', '--detach', 'hi'], {
      env: { ...home.env, RUNPOD_API_KEY: TEST_KEY, RUNPOD_ENDPOINT_ID: 'ep', RUNPOD_ENDPOINT_BASE_URL: base },
      onSpawn: (child) => {
        runSeen = () => setTimeout(() => child.kill('SIGINT'), 200);
      },
    });
    expect(res.code).toBe(130);
    expect(res.stdout).toBe('job-slow-1\n');
    expect(res.stderr).toMatch(/^rpv: interrupted.*job-slow-1.*rpv cancel job-slow-1/m);
    // Recorded in the local record: the job list knows it.
    const list = await runRpv(['status', '--json'], {
      env: { ...home.env, RUNPOD_API_KEY: TEST_KEY, RUNPOD_ENDPOINT_ID: 'ep', RUNPOD_ENDPOINT_BASE_URL: base },
    });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('job-slow-1');
  });
});
