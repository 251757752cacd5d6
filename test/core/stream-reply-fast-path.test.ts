// parseStreamReply checks the usual /stream reply by hand (one arrives every few tokens) and sends
// everything else to zod: for any JSON value its verdict, value and message are streamSchema's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReply, parseStreamReply, streamSchema } from '../../src/core/schemas.js';

type Outcome = { ok: true; value: unknown } | { ok: false; message: string };
const outcome = (fn: () => unknown): Outcome => {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
};

const json = fc.jsonValue();
// Replies near the schema's edges: a status or not, stream items that are objects or not.
const item = fc.oneof(fc.record({ output: json }, { requiredKeys: [] }), fc.dictionary(fc.string(), json), json);
const reply = fc.record(
  {
    status: fc.oneof(fc.constantFrom('IN_QUEUE', 'IN_PROGRESS', 'COMPLETED', 'FAILED'), json),
    stream: fc.oneof(fc.array(item), fc.constant(null), json),
    error: json,
    extra: json,
  },
  { requiredKeys: [] },
);

describe('parseStreamReply', () => {
  it('agrees with parseReply(streamSchema) on replies near the schema and on any JSON', () => {
    fc.assert(
      fc.property(fc.oneof(reply, json), (value) => {
        const copy = JSON.parse(JSON.stringify(value)) as unknown;
        expect(outcome(() => parseStreamReply(copy))).toEqual(outcome(() => parseReply(streamSchema, copy)));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the usual replies without zod and keeps their other fields', () => {
    const r = parseStreamReply({ status: 'IN_PROGRESS', stream: [{ output: 'w', metrics: 1 }], delayTime: 3 });
    expect(r).toEqual({ status: 'IN_PROGRESS', stream: [{ output: 'w', metrics: 1 }], delayTime: 3 });
    expect(parseStreamReply({ status: 'COMPLETED', stream: null }).stream).toEqual([]);
    expect(parseStreamReply({ status: 'IN_QUEUE' }).stream).toEqual([]);
  });

  it('leaves a bad reply to zod, with its message', () => {
    expect(() => parseStreamReply({ status: 'IN_PROGRESS', stream: ['x'] })).toThrow(/field "stream\.0"/);
    expect(() => parseStreamReply({ stream: [] })).toThrow(/field "status"/);
    expect(() => parseStreamReply([])).toThrow(/expected an object/);
  });
});
