// A streamed job keeps to the connection its /run went on: undici hands a finished connection back
// to its pool one turn of the event loop after the reply, so a /stream poll sent in the same turn
// would open another (on the hosted service, a TLS handshake between the /run reply and the first
// token). The emulator numbers each request's TCP connection.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { harness, type Harness } from './harness.js';

describe.each(['openai', 'legacy'] as const)('one connection per streamed job, %s worker', (worker) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ worker, tokenDelayMs: 3 });
  });
  afterAll(() => h?.close());

  test('complete: /run, every /stream poll and the final /status share one connection', async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', '--max-tokens', '40', 'reuse', 'the', 'connection'], { env: h.env(ep) });
    expect(r.code, r.stderr).toBe(0);
    const reqs = h.requestsOn(ep);
    const routes = reqs.map((q) => q.route);
    expect(routes[0]).toBe('run');
    expect(routes.filter((x) => x === 'stream').length).toBeGreaterThan(2);
    expect(routes).toContain('status');
    expect(new Set(reqs.map((q) => q.connection))).toEqual(new Set([reqs[0]!.connection]));
  });
});
