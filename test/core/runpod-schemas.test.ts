import { describe, expect, it } from 'vitest';
import { redact } from '../../src/core/redact.js';
import {
  cancelSchema,
  healthSchema,
  jobStatusSchema,
  modelsSchema,
  parseReply,
  purgeSchema,
  runSchema,
  SchemaMismatch,
  streamSchema,
} from '../../src/core/schemas.js';

function mismatch(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SchemaMismatch);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected a SchemaMismatch');
}

describe('reply schemas', () => {
  it('a job status passes unknown fields and keeps output/error as they are', () => {
    const reply = parseReply(jobStatusSchema, {
      id: 'j1',
      status: 'COMPLETED',
      delayTime: 12,
      executionTime: 34,
      workerId: 'w',
      output: [{ choices: [{ tokens: ['a'] }] }],
      retries: 2,
    });
    expect(reply).toMatchObject({ id: 'j1', status: 'COMPLETED', delayTime: 12, workerId: 'w', retries: 2 });
    expect(reply.output).toEqual([{ choices: [{ tokens: ['a'] }] }]);
  });

  it('null timing fields are accepted', () => {
    expect(parseReply(jobStatusSchema, { id: 'j', status: 'IN_QUEUE', delayTime: null, workerId: null }).status).toBe(
      'IN_QUEUE',
    );
  });

  it('a wrong type in a used field is one clear line', () => {
    expect(mismatch(() => parseReply(jobStatusSchema, { id: 'j', status: 5 }))).toBe('field "status": expected string');
    expect(mismatch(() => parseReply(jobStatusSchema, { id: 'j', status: 'IN_QUEUE', delayTime: 'soon' }))).toBe(
      'field "delayTime": expected number',
    );
  });

  it('a body that is not an object says what it was', () => {
    expect(mismatch(() => parseReply(jobStatusSchema, [1, 2]))).toBe('expected an object, got an array');
    expect(mismatch(() => parseReply(runSchema, 'IN_QUEUE'))).toBe('expected an object, got a string');
    expect(mismatch(() => parseReply(streamSchema, null))).toBe('expected an object, got null');
  });

  it('a stream reply without `stream` (or with null) has no items', () => {
    expect(parseReply(streamSchema, { status: 'IN_PROGRESS' }).stream).toEqual([]);
    expect(parseReply(streamSchema, { status: 'IN_QUEUE', stream: null }).stream).toEqual([]);
  });

  it('stream items keep their extra keys; a non-object item is an error', () => {
    const r = parseReply(streamSchema, { status: 'IN_PROGRESS', stream: [{ output: 'x', metrics: { a: 1 } }] });
    expect(r.stream[0]).toEqual({ output: 'x', metrics: { a: 1 } });
    expect(mismatch(() => parseReply(streamSchema, { status: 'IN_PROGRESS', stream: ['x'] }))).toBe(
      'field "stream.0": expected object',
    );
  });

  it('a run reply needs a non-empty id', () => {
    expect(parseReply(runSchema, { id: 'abc-u1', status: 'IN_QUEUE' }).id).toBe('abc-u1');
    expect(mismatch(() => parseReply(runSchema, { status: 'IN_QUEUE' }))).toBe('field "id": expected string');
    expect(mismatch(() => parseReply(runSchema, { id: '' }))).toMatch(/^field "id": /);
  });

  it('health counters are open maps and may be missing', () => {
    const h = parseReply(healthSchema, {
      jobs: { completed: 1, inQueue: 2 },
      workers: { idle: 0, running: 1, unhealthy: 3, extra: 'x' },
    });
    expect(h.workers).toMatchObject({ idle: 0, running: 1, unhealthy: 3, extra: 'x' });
    expect(parseReply(healthSchema, {}).workers).toEqual({});
    expect(mismatch(() => parseReply(healthSchema, { workers: { idle: 'none' } }))).toBe(
      'field "workers.idle": expected number',
    );
  });

  it('cancel, purge and model-list replies', () => {
    expect(parseReply(cancelSchema, { id: 'j', status: 'CANCELLED' }).status).toBe('CANCELLED');
    expect(parseReply(purgeSchema, { removed: 2, status: 'completed' }).removed).toBe(2);
    expect(parseReply(modelsSchema, { object: 'list', data: [{ id: 'm', max_model_len: 8 }] }).data[0]?.id).toBe('m');
    expect(mismatch(() => parseReply(modelsSchema, { data: [{ owned_by: 'x' }] }))).toBe(
      'field "data.0.id": expected string',
    );
  });
});

describe('redact', () => {
  const key = 'rpa_TESTKEY_9f8e7d6c5b4a';
  it('replaces the key, with or without Bearer, everywhere', () => {
    expect(redact(`Authorization: Bearer ${key} and ${key}!`, [key])).toBe('Authorization: *** and ***!');
    expect(redact(`url?k=${encodeURIComponent(key + '/=')}`, [key + '/='])).toBe('url?k=***');
  });
  it('leaves text alone when there is nothing to hide', () => {
    expect(redact('plain text', [key])).toBe('plain text');
    expect(redact('a b c', ['', 'ab'])).toBe('a b c');
  });
});
