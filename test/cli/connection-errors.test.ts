// Connection failures name the host and the cause, refused and DNS failures are not retried as
// a busy service, -v shows the full URL, and a base URL without /v2 that 404s names the URL.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, type Harness } from './harness.js';

let h: Harness;
let closedPort = 0;
beforeAll(async () => {
  h = await harness();
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  closedPort = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
});
afterAll(async () => {
  await h.close();
});

describe('connection errors', () => {
  test('refused: names host and cause, one attempt, -v shows the full URL', async () => {
    const base = `http://127.0.0.1:${closedPort}/v2`;
    const r = await h.run(['complete', '-v', 'hi'], { env: h.env('ep1', { RUNPOD_ENDPOINT_BASE_URL: base }) });
    expect(r.code).toBe(8);
    expect(r.stderr).toContain(
      `rpv: could not reach 127.0.0.1:${closedPort}: connection refused (nothing listening at that address)\n`,
    );
    expect(r.stderr).toContain('check the base URL');
    expect(r.stderr).not.toContain('busy');
    expect(r.stderr).not.toMatch(/retrying/);
    expect(r.stderr).toContain(`POST http://127.0.0.1:${closedPort}/v2/ep1/run failed`);
  });

  test('DNS failure: says the host was not found, not retried', async () => {
    const r = await h.run(['complete', '-v', 'hi'], {
      env: h.env('ep1', { RUNPOD_ENDPOINT_BASE_URL: 'http://no-such-host.invalid/v2' }),
    });
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/rpv: could not reach no-such-host\.invalid: host not found \(DNS lookup failed\)\n/);
    expect(r.stderr).toContain('no-such-host.invalid');
    expect(r.stderr).not.toContain('busy');
    expect(r.stderr).not.toMatch(/retrying/);
  }, 30_000);

  test('a base URL without /v2 that 404s names the URL tried', async () => {
    const base = h.emu.baseUrl.replace(/\/v2$/, '');
    const r = await h.run(['complete', 'hi'], { env: h.env('ep2', { RUNPOD_ENDPOINT_BASE_URL: base }) });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`(tried ${base}/ep2/run)`);
    expect(r.stderr).toContain('it normally ends in /v2');
  });
});
