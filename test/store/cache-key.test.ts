// Which requests the cache may answer, and that the key changes with everything that changes
// the answer (and with nothing else).
import { describe, expect, test } from 'vitest';
import { cacheKey, isDeterministic, type CacheKeyParts } from '../../src/cli/record/cache-key.js';

const base: CacheKeyParts = {
  baseUrl: 'https://api.runpod.ai/v2',
  endpoint: 'ep1',
  route: 'native',
  input: { prompt: 'hi' },
  sampling: { maxTokens: 100, temperature: 0 },
};

describe('isDeterministic', () => {
  test.each([
    [{ maxTokens: 1, temperature: 0 }, true],
    [{ maxTokens: 1, seed: 7 }, true],
    [{ maxTokens: 1, temperature: 0.7, seed: 7 }, true],
    [{ maxTokens: 1 }, false],
    [{ maxTokens: 1, temperature: 0.2 }, false],
    [{ maxTokens: 1, temperature: 0, params: { temperature: 0.9 } }, false],
    [{ maxTokens: 1, temperature: 1, params: { temperature: 0 } }, true],
    [{ maxTokens: 1, params: { seed: 3 } }, true],
  ])('%j -> %s', (sampling, want) => {
    expect(isDeterministic(sampling)).toBe(want);
  });
});

describe('cacheKey', () => {
  test('the same request gives the same key whatever the order of its fields', () => {
    const reordered: CacheKeyParts = {
      sampling: { temperature: 0, maxTokens: 100 },
      input: { prompt: 'hi' },
      route: 'native',
      endpoint: 'ep1',
      baseUrl: base.baseUrl,
    };
    expect(cacheKey(reordered)).toBe(cacheKey(base));
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  test.each<[string, Partial<CacheKeyParts>]>([
    ['endpoint', { endpoint: 'ep2' }],
    ['base URL', { baseUrl: 'http://127.0.0.1:1/v2' }],
    ['route', { route: 'openai' }],
    ['model', { model: 'm' }],
    ['prompt', { input: { prompt: 'hi!' } }],
    ['messages', { input: { messages: [{ role: 'user', content: 'hi' }] } }],
    ['max tokens', { sampling: { maxTokens: 101, temperature: 0 } }],
    ['seed', { sampling: { maxTokens: 100, temperature: 0, seed: 1 } }],
    ['top-p', { sampling: { maxTokens: 100, temperature: 0, topP: 0.5 } }],
    ['stop', { sampling: { maxTokens: 100, temperature: 0, stop: ['x'] } }],
    ['--param', { sampling: { maxTokens: 100, temperature: 0, params: { ignore_eos: true } } }],
  ])('a different %s gives a different key', (_name, change) => {
    expect(cacheKey({ ...base, ...change })).not.toBe(cacheKey(base));
  });
});
