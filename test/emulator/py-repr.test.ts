import { describe, expect, it } from 'vitest';
import { legacyEngineError, pyRepr, workerError } from '../../src/emulator/py-repr.js';

describe('pyRepr', () => {
  it.each([
    [null, 'None'],
    [true, 'True'],
    [400, '400'],
    ['plain', "'plain'"],
    ["it's", '"it\'s"'],
    [`it's "x"`, `'it\\'s "x"'`],
    ['a\nb\\c\u0001', "'a\\nb\\\\c\\x01'"],
    ['café 日本', "'café 日本'"],
    [[1, 'a'], "[1, 'a']"],
    [{ a: { b: null } }, "{'a': {'b': None}}"],
  ])('repr(%j) = %s', (value, expected) => {
    expect(pyRepr(value)).toBe(expected);
  });

  it('builds the worker error strings of section 2', () => {
    expect(workerError('vLLM returned HTTP 400: {"error":{}}')).toBe(
      `{'message': 'vLLM returned HTTP 400: {"error":{}}', 'type': 'worker_error', 'code': None}`,
    );
    expect(legacyEngineError('bad')).toBe(
      "{'error': {'message': 'bad', 'type': 'BadRequestError', 'param': None, 'code': 400}}",
    );
  });
});
