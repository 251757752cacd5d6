import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommonFlags, parseFlags, parsePolicyFlags, parseSamplingFlags } from '../../../src/core/flags/values.js';
import { UsageError } from '../../../src/core/errors.js';

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseSamplingFlags', () => {
  it('defaults max-tokens to 1024 and sends nothing else', () => {
    expect(parseSamplingFlags({})).toEqual({ maxTokens: 1024 });
  });

  it('reads every commander flag value', () => {
    const raw = {
      maxTokens: '64',
      temperature: '0.7',
      topP: '0.9',
      topK: '-1',
      minP: '0',
      stop: ['\n\n', 'END'],
      repetitionPenalty: '1.1',
      presencePenalty: '-2',
      frequencyPenalty: '2',
      seed: '-7',
      n: '2',
      bestOf: '4',
      useBeamSearch: true,
      param: ['ignore_eos=true', 'logit_bias={"50256": -100}', 'note=plain text', 'eq=a=b'],
    };
    expect(parseSamplingFlags(raw)).toEqual({
      maxTokens: 64,
      temperature: 0.7,
      topP: 0.9,
      topK: -1,
      minP: 0,
      stop: ['\n\n', 'END'],
      repetitionPenalty: 1.1,
      presencePenalty: -2,
      frequencyPenalty: 2,
      seed: -7,
      n: 2,
      bestOf: 4,
      useBeamSearch: true,
      params: { ignore_eos: true, logit_bias: { '50256': -100 }, note: 'plain text', eq: 'a=b' },
    });
  });

  const bounds: Array<[Record<string, unknown>, Record<string, unknown>]> = [
    [{ temperature: '0' }, { temperature: 0 }],
    [{ temperature: ' 2 ' }, { temperature: 2 }],
    [{ topP: '1' }, { topP: 1 }],
    [{ topK: '1' }, { topK: 1 }],
    [{ n: '128' }, { n: 128 }],
    [{ maxTokens: '1000000' }, { maxTokens: 1_000_000 }],
    [{ maxTokens: 5 }, { maxTokens: 5 }],
    [{ repetitionPenalty: '2' }, { repetitionPenalty: 2 }],
    [{ minP: '1' }, { minP: 1 }],
    [{ 'top-p': '.5' }, { topP: 0.5 }],
    [{ stop: 'one' }, { stop: ['one'] }],
    [{ useBeamSearch: 'false' }, { useBeamSearch: false }],
    [{ bestOf: '1' }, { bestOf: 1 }],
  ];
  it.each(bounds)('accepts %j', (raw, expected) => {
    expect(parseSamplingFlags(raw)).toEqual({ maxTokens: 1024, ...expected });
  });

  it('uses profile defaults, validated, and flags win over them', () => {
    const defaults = { 'max-tokens': 256, temperature: '0.3', stop: ['###'], seed: 1, param: 'ignore_eos=false' };
    expect(parseSamplingFlags({}, defaults)).toEqual({
      maxTokens: 256,
      temperature: 0.3,
      stop: ['###'],
      seed: 1,
      params: { ignore_eos: false },
    });
    expect(parseSamplingFlags({ temperature: '1.5', param: ['ignore_eos=true', 'x=1'] }, defaults)).toEqual({
      maxTokens: 256,
      temperature: 1.5,
      stop: ['###'],
      seed: 1,
      params: { ignore_eos: true, x: 1 },
    });
  });

  const errors: Array<[Record<string, unknown>, Record<string, unknown> | undefined, string]> = [
    [{ temperature: '5' }, undefined, '--temperature must be between 0 and 2 (got 5)'],
    [{ temperature: 'abc' }, undefined, '--temperature must be between 0 and 2 (got "abc")'],
    [{ temperature: '' }, undefined, '--temperature must be between 0 and 2 (got "")'],
    [{ temperature: 'Infinity' }, undefined, '--temperature must be between 0 and 2 (got "Infinity")'],
    [{ maxTokens: '0' }, undefined, '--max-tokens must be an integer between 1 and 1000000 (got 0)'],
    [{ maxTokens: '1.5' }, undefined, '--max-tokens must be an integer between 1 and 1000000 (got 1.5)'],
    [{ maxTokens: '1000001' }, undefined, '--max-tokens must be an integer between 1 and 1000000 (got 1000001)'],
    [{ topP: '0' }, undefined, '--top-p must be greater than 0 and at most 1 (got 0)'],
    [{ topK: '0' }, undefined, '--top-k must be -1 (no limit) or an integer of at least 1 (got 0)'],
    [{ topK: '-2' }, undefined, '--top-k must be -1 (no limit) or an integer of at least 1 (got -2)'],
    [{ minP: '1.1' }, undefined, '--min-p must be between 0 and 1 (got 1.1)'],
    [{ repetitionPenalty: '0' }, undefined, '--repetition-penalty must be greater than 0 and at most 2 (got 0)'],
    [{ presencePenalty: '-3' }, undefined, '--presence-penalty must be between -2 and 2 (got -3)'],
    [{ frequencyPenalty: '2.5' }, undefined, '--frequency-penalty must be between -2 and 2 (got 2.5)'],
    [{ seed: '1.5' }, undefined, '--seed must be an integer (got 1.5)'],
    [{ n: '0' }, undefined, '-n must be an integer between 1 and 128 (got 0)'],
    [{ n: '129' }, undefined, '-n must be an integer between 1 and 128 (got 129)'],
    [{ n: '3', bestOf: '2' }, undefined, '--best-of must be an integer of at least n (3) (got 2)'],
    [{ useBeamSearch: 'maybe' }, undefined, '--use-beam-search must be true or false (got "maybe")'],
    [{ stop: ['ok', ''] }, undefined, '--stop must be a non-empty string (got "")'],
    [{ param: 'noequals' }, undefined, '--param must be key=json, e.g. ignore_eos=true (got "noequals")'],
    [{ param: ['1bad=2'] }, undefined, '--param key must match [A-Za-z_][A-Za-z0-9_]* (got "1bad")'],
    [{}, { temperature: 5 }, 'config key temperature must be between 0 and 2 (got 5)'],
    [{}, { 'max-tokens': 'lots' }, 'config key max-tokens must be an integer between 1 and 1000000 (got "lots")'],
    [{}, { param: 'x' }, 'config key param must be key=json, e.g. ignore_eos=true (got "x")'],
  ];
  it.each(errors)('%j (config %j) -> %s', (raw, defaults, message) => {
    expect(usageMessage(() => parseSamplingFlags(raw, defaults))).toBe(message);
  });

  it('throws nothing but UsageError on random values', () => {
    const keys = [
      'maxTokens',
      'temperature',
      'topP',
      'topK',
      'minP',
      'stop',
      'repetitionPenalty',
      'seed',
      'n',
      'bestOf',
      'useBeamSearch',
      'param',
    ];
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...keys),
          fc.oneof(fc.string(), fc.anything({ withNullPrototype: true }), fc.double()),
        ),
        (raw) => {
          try {
            parseSamplingFlags(raw, raw);
          } catch (err) {
            expect(err).toBeInstanceOf(UsageError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('parsePolicyFlags', () => {
  it('is empty without flags', () => {
    expect(parsePolicyFlags({})).toEqual({ policy: {} });
  });

  it('reads every policy flag', () => {
    expect(
      parsePolicyFlags({
        executionTimeout: '10m',
        ttl: '2h',
        lowPriority: true,
        webhook: 'https://example.com/hook?x=1',
      }),
    ).toEqual({
      policy: { executionTimeoutMs: 600_000, ttlMs: 7_200_000, lowPriority: true },
      webhook: 'https://example.com/hook?x=1',
    });
  });

  const ok: Array<[Record<string, unknown>, object]> = [
    [{ executionTimeout: '5s' }, { executionTimeoutMs: 5000 }],
    [{ executionTimeout: '7d' }, { executionTimeoutMs: 604_800_000 }],
    [{ ttl: '10' }, { ttlMs: 10_000 }],
    [{ ttl: '168h' }, { ttlMs: 604_800_000 }],
  ];
  it.each(ok)('accepts %j', (raw, policy) => {
    expect(parsePolicyFlags(raw).policy).toEqual(policy);
  });

  const errors: Array<[Record<string, unknown>, string]> = [
    [{ executionTimeout: '4s' }, '--execution-timeout must be between 5s and 7d (got "4s")'],
    [{ executionTimeout: '8d' }, '--execution-timeout must be between 5s and 7d (got "8d")'],
    [{ ttl: '9s' }, '--ttl must be between 10s and 7d (got "9s")'],
    [{ ttl: 'soon' }, '--ttl must be a duration like 30s, 5m or 250ms (got "soon")'],
    [{ webhook: 'ftp://example.com/x' }, '--webhook must be an http(s) URL (got "ftp://example.com/x")'],
    [{ webhook: 'example.com' }, '--webhook must be an http(s) URL (got "example.com")'],
  ];
  it.each(errors)('%j -> %s', (raw, message) => {
    expect(usageMessage(() => parsePolicyFlags(raw))).toBe(message);
  });
});

describe('parseCommonFlags', () => {
  const base = { retries: 4, json: false, jsonl: false, verbose: false, quiet: false, raw: false, api: 'native' };

  it('has defaults', () => {
    expect(parseCommonFlags({})).toEqual(base);
  });

  it('reads flags', () => {
    expect(
      parseCommonFlags({
        timeout: '30s',
        retries: '0',
        json: true,
        verbose: true,
        quiet: true,
        raw: true,
        api: 'openai',
        model: 'org/m',
      }),
    ).toEqual({
      ...base,
      timeoutMs: 30_000,
      retries: 0,
      json: true,
      verbose: true,
      quiet: true,
      raw: true,
      api: 'openai',
      model: 'org/m',
    });
  });

  it('uses profile defaults; flags win', () => {
    const defaults = { timeout: '5m', retries: 2, api: 'openai', model: 'cfg-model' };
    expect(parseCommonFlags({}, defaults)).toEqual({
      ...base,
      timeoutMs: 300_000,
      retries: 2,
      api: 'openai',
      model: 'cfg-model',
    });
    expect(parseCommonFlags({ retries: '10', api: 'native' }, defaults)).toMatchObject({ retries: 10, api: 'native' });
  });

  const errors: Array<[Record<string, unknown>, Record<string, unknown> | undefined, string]> = [
    [{ retries: '11' }, undefined, '--retries must be an integer between 0 and 10 (got 11)'],
    [{ retries: '-1' }, undefined, '--retries must be an integer between 0 and 10 (got -1)'],
    [{ timeout: '0' }, undefined, '--timeout must be greater than 0 (got 0)'],
    [{ timeout: 'abc' }, undefined, '--timeout must be a duration like 30s, 5m or 250ms (got "abc")'],
    [{ api: 'grpc' }, undefined, '--api must be one of native, openai (got "grpc")'],
    [{ model: '  ' }, undefined, '--model must be a non-empty model name (got "  ")'],
    [{ json: true, jsonl: true }, undefined, '--json and --jsonl cannot be used together'],
    [{}, { retries: 20 }, 'config key retries must be an integer between 0 and 10 (got 20)'],
    [{}, { api: 'x' }, 'config key api must be one of native, openai (got "x")'],
  ];
  it.each(errors)('%j (config %j) -> %s', (raw, defaults, message) => {
    expect(usageMessage(() => parseCommonFlags(raw, defaults))).toBe(message);
  });
});

describe('samplingSources', () => {
  it('names the source of every field sent: flag over profile over default, --param keys too', () => {
    const flags = parseFlags('chat', { temperature: '0.3', param: ['ignore_eos=true'] });
    const profile = { temperature: 0.9, 'top-p': 0.8, 'max-tokens': 256, param: ['top_k=20'] };
    expect(flags.samplingSources(profile)).toEqual({
      temperature: 'flag',
      top_p: 'profile',
      max_tokens: 'profile',
      top_k: 'profile',
      ignore_eos: 'flag',
    });
    expect(parseFlags('chat', {}).samplingSources({})).toEqual({ max_tokens: 'default' });
  });
});
