// Result lines in the OpenAI batch output shape, from both worker generations' outputs and from
// every terminal status.
import { describe, expect, test } from 'vitest';
import { resultFromStatus, rpvFacts } from '../../src/batch/result-line.js';

const facts = (status: string) => rpvFacts({ status, delayTime: 5, executionTime: 2000, workerId: 'w1' }, 1, 0.0005);

describe('resultFromStatus', () => {
  test('an OpenAI object from the proxy worker is the body as it is', () => {
    const body = {
      id: 'cmpl-1',
      object: 'text_completion',
      model: 'm',
      choices: [{ index: 0, text: 'hey', finish_reason: 'stop' }],
      usage: { prompt_tokens: 2, completion_tokens: 1 },
    };
    const { line, facts: f } = resultFromStatus(
      'a1',
      { id: 'job-1', status: 'COMPLETED', output: [body] },
      { api: 'completion' },
      facts('COMPLETED'),
    );
    expect(line).toMatchObject({
      id: 'job-1',
      custom_id: 'a1',
      error: null,
      response: { status_code: 200, request_id: 'job-1', body },
    });
    expect(f).toEqual({ ok: true, text: 'hey', promptTokens: 2, completionTokens: 1, finishReason: 'stop' });
  });

  test('legacy chat output becomes a chat.completion object with usage and a finish reason', () => {
    const output = [{ choices: [{ tokens: ['Hello', ' world'] }], usage: { input: 4, output: 2 } }];
    const { line } = resultFromStatus(
      'c',
      { id: 'j', status: 'COMPLETED', output },
      { api: 'chat', model: 'mx', maxTokens: 2 },
      facts('COMPLETED'),
    );
    expect(line.response?.body).toMatchObject({
      object: 'chat.completion',
      model: 'mx',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello world' }, finish_reason: 'length' }],
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
    });
  });

  test('legacy completion output with n=2 keeps both choices; under max_tokens the finish is stop', () => {
    const output = [{ choices: [{ tokens: ['a'] }, { tokens: ['b'] }], usage: { input: 1, output: 2 } }];
    const { line } = resultFromStatus(
      'c',
      { id: 'j', status: 'COMPLETED', output },
      { api: 'completion', maxTokens: 10 },
      facts('COMPLETED'),
    );
    expect(line.response?.body).toMatchObject({
      object: 'text_completion',
      choices: [
        { index: 0, text: 'a', finish_reason: 'stop' },
        { index: 1, text: 'b' },
      ],
    });
  });

  test.each([
    ['FAILED', 'job_failed', "{'message': 'boom', 'type': 'worker_error', 'code': None}", /boom/],
    ['TIMED_OUT', 'timed_out', undefined, /TIMED_OUT/],
    ['CANCELLED', 'cancelled', undefined, /CANCELLED/],
  ])('%s -> error code %s', (status, code, error, message) => {
    const { line, facts: f } = resultFromStatus(
      'x',
      { id: 'j', status, ...(error ? { error } : {}) },
      { api: 'completion' },
      facts(status),
    );
    expect(line.response).toBeNull();
    expect(line.error?.code).toBe(code);
    expect(line.error?.message).toMatch(message);
    expect(f.ok).toBe(false);
  });

  test('COMPLETED without output, or with an error inside it, is a failed line', () => {
    expect(
      resultFromStatus('x', { id: 'j', status: 'COMPLETED' }, { api: 'completion' }, facts('COMPLETED')).line.error
        ?.code,
    ).toBe('job_failed');
    const inside = resultFromStatus(
      'x',
      { id: 'j', status: 'COMPLETED', output: [{ error: 'bad thing' }] },
      { api: 'completion' },
      facts('COMPLETED'),
    );
    expect(inside.line.error).toMatchObject({ code: 'job_failed', message: expect.stringMatching(/bad thing/) });
  });

  test('rpv facts carry timings and an estimated cost only when a price is known', () => {
    expect(facts('COMPLETED')).toEqual({
      status: 'COMPLETED',
      delayTime: 5,
      executionTime: 2000,
      workerId: 'w1',
      retries: 1,
      cached: false,
      costUsd: 0.001,
    });
    expect(rpvFacts({ status: 'COMPLETED', executionTime: 2000 }, 0, null).costUsd).toBeNull();
  });
});
