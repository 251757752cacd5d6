import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePythonLiteral, readableError } from '../../src/core/python-repr.js';
import { pyRepr } from '../../src/emulator/py-repr.js';
import { FAILED_ERRORS } from './fixtures.js';

describe('parsePythonLiteral', () => {
  const valid: Array<[string, unknown]> = [
    ["{'a': None, 'b': True, 'c': False}", { a: null, b: true, c: false }],
    ['[1, -2.5, 1e3, 1_000, +4, .5]', [1, -2.5, 1000, 1000, 4, 0.5]],
    ['(1,)', [1]],
    ['()', []],
    ['{}', {}],
    ["{'x': {'y': [1, 'two', (3, 4)]}}", { x: { y: [1, 'two', [3, 4]] } }],
    ["'a\\nb\\t\\x41\\u00e9\\U0001F600\\'q\\\\'", "a\nb\tAé😀'q\\"],
    ['"it\'s"', "it's"],
    ["r'a\\nb'", 'a\\nb'],
    ["b'ab\\x00'", 'ab\u0000'],
    ["'\\101\\0'", 'A\u0000'],
    ["'keeps \\d unknown escapes'", 'keeps \\d unknown escapes'],
    ['{1, 2}', [1, 2]],
    ['[inf, -inf]', [Infinity, -Infinity]],
    ['[1, 2,]', [1, 2]],
    ["{'a': 1,}", { a: 1 }],
    ['  {"json": [true, null, "x"]}  ', { json: [true, null, 'x'] }],
    ["{1: 'int key'}", { '1': 'int key' }],
  ];
  it.each(valid)('parses %s', (text, value) => {
    expect(parsePythonLiteral(text)).toEqual(value);
  });

  it('reads nan', () => {
    expect(parsePythonLiteral('nan')).toBeNaN();
  });

  it('keeps a "__proto__" key as data', () => {
    const parsed = parsePythonLiteral("{'__proto__': {'polluted': 1}}") as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const invalid = [
    '',
    "{'a' 1}",
    "'unterminated",
    '[1 2]',
    'foo',
    "{'a': 1} extra",
    '<object at 0x1>',
    "{'a': 1, 'b'}",
    "'\\xZZ'",
    '['.repeat(500),
  ];
  it.each(invalid)('rejects %j', (text) => {
    expect(() => parsePythonLiteral(text)).toThrow(SyntaxError);
  });

  it('round-trips Python reprs of random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(parsePythonLiteral(pyRepr(v))).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('throws only SyntaxError on random text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'{}[]()\'",:\\ N1e.-ruxb') })), (text) => {
        try {
          parsePythonLiteral(text);
        } catch (err) {
          expect(err).toBeInstanceOf(SyntaxError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('readableError', () => {
  const cases: Array<[string, unknown, string]> = [
    [
      'proxy: vLLM HTTP 400',
      FAILED_ERRORS.proxyHttp400,
      'vLLM returned HTTP 400: max_tokens must be at least 1, got 0. (BadRequestError)',
    ],
    [
      'proxy: vLLM HTTP 404',
      FAILED_ERRORS.proxyHttp404,
      'vLLM returned HTTP 404: The model `x` does not exist. (NotFoundError)',
    ],
    ['proxy: vLLM dead', FAILED_ERRORS.proxyDead, 'vLLM server process is not running; worker is unhealthy'],
    [
      'legacy engine error',
      FAILED_ERRORS.legacyEngine,
      "This model's maximum context length is 2048 tokens. However, you requested 4096 tokens. (BadRequestError)",
    ],
    ['legacy openai_route', FAILED_ERRORS.legacyOpenAIRoute, 'Invalid route: /v1/foo (BadRequestError)'],
    ['handler raised', FAILED_ERRORS.handlerRaised, 'CUDA out of memory. Tried to allocate 2.00 GiB'],
    ['plain function JSON', FAILED_ERRORS.plainFunction, 'ValueError: prompt must be a string'],
    ['plain exception text', FAILED_ERRORS.badSamplingKey, FAILED_ERRORS.badSamplingKey],
    ['escaped quote in repr', "{'message': 'it\\'s broken', 'type': 'worker_error', 'code': None}", "it's broken"],
    ['parsed object', { error: { message: 'y', type: 'T', code: 1 } }, 'y (T)'],
    ['type already in message', { message: 'ValueError: bad', type: 'ValueError' }, 'ValueError: bad'],
    [
      'FastAPI detail list',
      { detail: [{ loc: ['body', 'n'], msg: 'field required', type: 'missing' }] },
      'field required (missing)',
    ],
    [
      'bare traceback',
      'Traceback (most recent call last):\n  File "x.py", line 1\nRuntimeError: boom\n',
      'RuntimeError: boom',
    ],
    ['multi-line text', '  first line\n\n  second\tline \r\n', 'first line second line'],
    ['unknown dict', "{'weird': 1}", '{"weird":1}'],
    ['number', 42, '42'],
    ['undefined', undefined, 'unknown error (the service gave no details)'],
    ['null', null, 'unknown error (the service gave no details)'],
    ['empty string', '   ', 'unknown error (empty error message)'],
    ['broken repr stays as text', "{'message': 'unterminated", "{'message': 'unterminated"],
  ];
  it.each(cases)('%s', (_, raw, expected) => {
    expect(readableError(raw)).toBe(expected);
  });

  it('bounds the length', () => {
    const out = readableError('x'.repeat(5000));
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.endsWith('…')).toBe(true);
  });

  it('strips control characters (no escape sequences reach the terminal)', () => {
    expect(readableError('bad\u001b[31m red')).toBe('bad [31m red');
  });

  it('never throws and always returns one bounded line', () => {
    const reprs = fc.jsonValue().map(pyRepr);
    fc.assert(
      fc.property(
        fc.oneof(fc.anything({ withNullPrototype: true, withBoxedValues: true }), fc.jsonValue(), fc.string(), reprs),
        (raw) => {
          const out = readableError(raw);
          expect(typeof out).toBe('string');
          expect(out.length).toBeGreaterThan(0);
          expect(out.length).toBeLessThanOrEqual(500);
          expect(out).not.toMatch(/[\r\n]/);
          expect(out).toBe(out.trim());
        },
      ),
      { numRuns: 500 },
    );
  });
});
