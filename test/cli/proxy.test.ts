// HTTP_PROXY / HTTPS_PROXY / NO_PROXY (lowercase wins) are honoured for every request: a
// loopback forward proxy sees each of rpv's requests, and NO_PROXY bypasses it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
let proxy: ForwardProxy;
beforeAll(async () => {
  h = await harness();
  proxy = await startForwardProxy();
});
afterAll(async () => {
  await proxy.close();
  await h.close();
});

describe('forward proxy', () => {
  test('HTTP_PROXY carries every request of a streamed completion', async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', 'hi', '--max-tokens', '5'], { env: h.env(ep, { HTTP_PROXY: proxy.url }) });
    expect(r.code, r.stderr).toBe(0);
    const viaProxy = proxy.seen
      .filter((s) => s.url.includes(`/v2/${ep}/`))
      .map((s) => s.url.replace(/^http:\/\/[^/]+/, ''));
    const atEmulator = h.requestsOn(ep).map((q) => q.path);
    expect(atEmulator.length).toBeGreaterThan(1);
    expect(viaProxy.map((p) => p.split('?')[0])).toEqual(atEmulator.map((p) => p.split('?')[0]));
  });

  test('the lowercase variable wins over the uppercase one', async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', 'hi', '--max-tokens', '3'], {
      env: h.env(ep, { http_proxy: proxy.url, HTTP_PROXY: 'http://127.0.0.1:9' }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.seen.some((s) => s.url.includes(`/v2/${ep}/run`))).toBe(true);
  });

  test('-v names the proxy without its credentials', async () => {
    const ep = h.endpoint();
    const withAuth = proxy.url.replace('http://', 'http://user:s3cret@');
    const r = await h.run(['complete', '-v', 'hi', '--max-tokens', '2'], {
      env: h.env(ep, { HTTP_PROXY: withAuth, NO_PROXY: '127.0.0.1' }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`[rpv] proxy: http ${proxy.url}, https ${proxy.url}, no_proxy "127.0.0.1"`);
    expect(r.stderr).not.toContain('s3cret');
  });

  test('NO_PROXY bypasses the proxy for a matching host', async () => {
    const ep = h.endpoint();
    const r = await h.run(['complete', 'hi', '--max-tokens', '3'], {
      env: h.env(ep, { HTTP_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(h.requestsOn(ep).length).toBeGreaterThan(0);
    expect(proxy.seen.filter((s) => s.url.includes(ep))).toEqual([]);
  });
});
