import { describe, expect, it } from 'vitest';
import { validateParam } from '../../../src/core/flags/parse.js';

describe('validateParam (/set)', () => {
  it.each([
    ['temperature', '9', 'temperature must be between 0 and 2 (got 9)'],
    ['max_tokens', '0', 'max_tokens must be '],
    ['max-tokens', '-3', 'max-tokens must be '],
    ['top_p', '7', 'top_p must be '],
    ['n', '0', 'n must be '],
  ])('names the parameter as typed: /set %s %s', (name, value, start) => {
    const check = validateParam(name, value);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.error.startsWith(start)).toBe(true);
      expect(check.error).not.toContain('--');
    }
  });

  it('rejects a name that is no vLLM sampling field, suggesting the likely one (issue 12)', () => {
    expect(validateParam('temprature', '0.5')).toEqual({
      ok: false,
      error: 'unknown parameter "temprature": did you mean temperature? (Tab lists them)',
    });
    expect(validateParam('zzzzzzzzzz', '1')).toEqual({
      ok: false,
      error: 'unknown parameter "zzzzzzzzzz" (Tab lists them)',
    });
  });

  it('accepts a valid value under its vLLM name, and passes other vLLM fields through', () => {
    expect(validateParam('max-tokens', '512')).toEqual({ ok: true, name: 'max_tokens', value: 512 });
    expect(validateParam('temperature', '0.7')).toEqual({ ok: true, name: 'temperature', value: 0.7 });
    expect(validateParam('ignore_eos', 'true')).toEqual({ ok: true, name: 'ignore_eos', value: true });
  });
});
