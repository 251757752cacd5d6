// What a failed /run means for its line, from the errors the client really throws.
import { describe, expect, test } from 'vitest';
import { classifySubmitError } from '../../src/batch/submit-errors.js';
import { InterruptedError } from '../../src/core/errors.js';
import { failureError } from '../../src/core/runpod-client-errors.js';
import { classify, mayRetry, type Failure } from '../../src/core/retry.js';

function runError(failure: Failure, attempts = 5) {
  const verdict = classify(failure);
  return failureError(
    { route: 'run', operation: 'POST /v2/e/run', endpoint: 'e', attempts, allowed: mayRetry('run', failure) },
    failure,
    verdict,
  );
}
const http = (status: number, body = '{}'): Failure => ({ kind: 'http', status, headers: {}, body });

describe('classifySubmitError', () => {
  test.each([
    ['503 after the retries', http(503), { kind: 'refused' }],
    ['connection refused', { kind: 'network', netKind: 'connect', sent: false } as Failure, { kind: 'refused' }],
    [
      'reset after the body was sent',
      { kind: 'network', netKind: 'reset', sent: true } as Failure,
      { kind: 'ambiguous' },
    ],
    ['a 500 (the service may have acted)', http(500), { kind: 'ambiguous' }],
    [
      'a malformed 200',
      { kind: 'malformed', status: 200, detail: 'body is not JSON' } as Failure,
      { kind: 'ambiguous' },
    ],
  ])('%s', (_name, failure, expected) => {
    expect(classifySubmitError(runError(failure))).toEqual(expected);
  });

  test('a 429 is a pace to keep: rate limited, with the Retry-After the reply gave', () => {
    const err = failureError(
      { route: 'run', operation: 'POST /v2/e/run', endpoint: 'e', attempts: 1, allowed: true, retryAfterMs: 3000 },
      http(429),
      classify(http(429)),
    );
    const v = classifySubmitError(err);
    expect(v.kind).toBe('rateLimited');
    expect(v.kind === 'rateLimited' && v.error.retryAfterMs).toBe(3000);
  });

  test('401 and an unknown endpoint are fatal with their exit codes; a 400 is an invalid request', () => {
    const auth = classifySubmitError(runError(http(401)));
    expect(auth.kind === 'fatal' && auth.error.exitCode).toBe(3);
    const missing = classifySubmitError(runError(http(404)));
    expect(missing.kind === 'fatal' && missing.error.exitCode).toBe(4);
    expect(classifySubmitError(runError(http(400, '{"error":"input is required"}')))).toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/input is required/),
    });
  });

  test('an interrupt is a stop, anything unknown is fatal', () => {
    expect(classifySubmitError(new InterruptedError())).toEqual({ kind: 'stopped' });
    expect(classifySubmitError(new Error('boom'))).toMatchObject({ kind: 'fatal' });
  });
});
