import { describe, expect, test } from 'vitest';
import { proxyFromEnv, proxyLabel } from '../../src/core/proxy.js';

describe('proxyFromEnv', () => {
  test('nothing set: no proxy', () => {
    expect(proxyFromEnv({ NO_PROXY: 'x' })).toBeUndefined();
  });
  test('lowercase wins; https falls back to the http proxy; empty values are unset', () => {
    expect(proxyFromEnv({ http_proxy: 'http://a:1', HTTP_PROXY: 'http://b:2', no_proxy: 'l', NO_PROXY: 'u' })).toEqual({
      httpProxy: 'http://a:1',
      httpsProxy: 'http://a:1',
      noProxy: 'l',
    });
    expect(proxyFromEnv({ https_proxy: '', HTTPS_PROXY: 'http://c:3' })).toEqual({
      httpProxy: undefined,
      httpsProxy: 'http://c:3',
      noProxy: '',
    });
  });
  test('labels drop credentials', () => {
    expect(proxyLabel('http://user:secret@proxy.corp:3128')).toBe('http://proxy.corp:3128');
  });
});
