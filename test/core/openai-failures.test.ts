// How a failed call becomes an error: every OpenAI-route error shape gives the worker's words
// and exit 5 (never a repr), and a 405 is a configuration problem (exit 3), not "internal".
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { classify, type Failure } from '../../src/core/retry.js';
import { failureError } from '../../src/core/runpod-client-errors.js';

const REPR = `{'message': 'vLLM returned HTTP 400: {"error":{"message":"max_tokens is too large","type":"BadRequestError","param":null,"code":400}}', 'type': 'worker_error', 'code': None}`;

function errorFor(
  route: 'openai-post' | 'openai-stream' | 'run',
  status: number,
  body: string,
  type = 'application/json',
) {
  const failure: Failure = { kind: 'http', status, headers: { 'content-type': type }, body };
  return failureError(
    { route, operation: 'POST /v2/ep/openai/v1/completions', endpoint: 'ep', attempts: 1, allowed: false },
    failure,
    classify(failure),
  );
}

describe('OpenAI-route failures', () => {
  const shapes: [string, number, string, string?][] = [
    [
      '{"error": {...}} 400',
      400,
      JSON.stringify({ error: { message: 'max_tokens is too large', type: 'BadRequestError' } }),
    ],
    ['{"error": "<repr>"} 500', 500, JSON.stringify({ error: REPR })],
    ['{"detail": "<repr>"} 500', 500, JSON.stringify({ detail: REPR })],
    ['plain text 500', 500, REPR, 'text/plain'],
    ['{"detail": [...]} 422', 422, JSON.stringify({ detail: [{ msg: 'max_tokens is too large', loc: ['body'] }] })],
  ];
  for (const [name, status, body, type] of shapes) {
    it(`${name}: the worker's words, exit 5`, () => {
      const err = errorFor('openai-post', status, body, type);
      expect(err.exitCode).toBe(ExitCode.jobFailed);
      expect(err.message).toMatch(/max_tokens is too large/);
      expect(err.message).not.toMatch(/\{'|worker_error/);
    });
  }

  it('an HTML page is still the service being unavailable, not a worker error', () => {
    expect(errorFor('openai-post', 500, '<html><body>oops</body></html>', 'text/html').exitCode).toBe(
      ExitCode.unavailable,
    );
  });

  it('a 405 is a configuration error naming --base-url', () => {
    for (const route of ['openai-post', 'run'] as const) {
      const err = errorFor(route, 405, 'method not allowed', 'text/plain');
      expect(err.exitCode).toBe(ExitCode.config);
      expect(err.hint).toMatch(/--base-url/);
    }
  });
});
