// The batch input parser (every accepted line shape, every rejection) and the streamed line reader.
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { parseLine } from '../../src/batch/input.js';
import { inputHash, readLines } from '../../src/batch/line-reader.js';

describe('parseLine accepts', () => {
  test.each([
    [
      'a bare string is a prompt with the line number as custom_id',
      '"hi there"',
      7,
      { kind: 'prompt', customId: '7', prompt: 'hi there' },
    ],
    [
      '{prompt} with sampling_params',
      '{"prompt":"p","sampling_params":{"max_tokens":3}}',
      2,
      { kind: 'prompt', customId: '2', sampling: { max_tokens: 3 } },
    ],
    [
      '{messages} with its own custom_id',
      '{"custom_id":"m1","messages":[{"role":"user","content":"x"}]}',
      1,
      { kind: 'messages', customId: 'm1' },
    ],
    ['a numeric custom_id becomes a string', '{"custom_id":42,"prompt":"p"}', 1, { customId: '42' }],
    [
      'an OpenAI chat batch line',
      '{"custom_id":"a1","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"user","content":"x"}]}}',
      1,
      { kind: 'openai', customId: 'a1', url: '/v1/chat/completions' },
    ],
    [
      'an OpenAI completions batch line',
      '{"custom_id":"a2","method":"POST","url":"/v1/completions","body":{"prompt":"x"}}',
      3,
      { kind: 'openai', url: '/v1/completions' },
    ],
  ])('%s', (_name, text, lineNo, expected) => {
    const r = parseLine(text, lineNo);
    expect(r.ok && 'line' in r).toBe(true);
    if (r.ok && 'line' in r) expect(r.line).toMatchObject({ lineNo, ...expected });
  });

  test('blank and whitespace-only lines are skipped', () => {
    expect(parseLine('', 1)).toEqual({ ok: true, blank: true });
    expect(parseLine('  \t ', 1)).toEqual({ ok: true, blank: true });
  });
});

describe('parseLine rejects with a reason', () => {
  test.each([
    ['not JSON', '{"prompt": "x"', /not valid JSON/],
    ['a number', '12', /JSON object or a JSON string/],
    ['an array', '["a"]', /JSON object or a JSON string/],
    ['an empty string prompt', '"  "', /empty/],
    ['an object that is none of the shapes', '{"promt":"typo"}', /expected an OpenAI batch line/],
    ['both prompt and messages', '{"prompt":"a","messages":[{"role":"user","content":"b"}]}', /not both/],
    ['messages that are not a list', '{"messages":"hi"}', /non-empty list/],
    ['a message without role', '{"messages":[{"content":"hi"}]}', /role/],
    ['sampling_params that are not an object', '{"prompt":"a","sampling_params":[1]}', /sampling_params/],
    ['an empty custom_id', '{"custom_id":"","prompt":"a"}', /custom_id/],
    ['an OpenAI line with another method', '{"method":"GET","url":"/v1/completions","body":{"prompt":"x"}}', /POST/],
    [
      'an OpenAI line with an unknown url',
      '{"method":"POST","url":"/v1/embeddings","body":{"input":"x"}}',
      /url must be/,
    ],
    [
      'an OpenAI chat line without messages',
      '{"method":"POST","url":"/v1/chat/completions","body":{"prompt":"x"}}',
      /body.messages/,
    ],
    ['an OpenAI completions line without prompt', '{"method":"POST","url":"/v1/completions","body":{}}', /body.prompt/],
  ])('%s', (_name, text, reason) => {
    const r = parseLine(text, 5);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

async function collect(chunks: string[]): Promise<{ lines: { lineNo: number; text: string }[]; hash: string }> {
  const hash = inputHash();
  const lines = [];
  for await (const l of readLines(Readable.from(chunks.map((c) => Buffer.from(c))), hash)) lines.push(l);
  return { lines, hash: hash.digest('hex') };
}

describe('readLines', () => {
  test('numbers physical lines, strips CRLF, keeps a last line without newline, and joins chunks cut mid-character', async () => {
    const text = 'one\r\n\n"tw€"\nthree';
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(0xe2) + 1; // inside the euro sign
    const hash = inputHash();
    const got = [];
    for await (const l of readLines(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]), hash)) got.push(l);
    expect(got).toEqual([
      { lineNo: 1, text: 'one' },
      { lineNo: 2, text: '' },
      { lineNo: 3, text: '"tw€"' },
      { lineNo: 4, text: 'three' },
    ]);
    const whole = inputHash().update(bytes).digest('hex');
    expect(hash.digest('hex')).toBe(whole);
  });

  test('the same bytes cut differently give the same lines and hash', async () => {
    const a = await collect(['{"prompt":"a"}\n{"prompt":"b"}\n']);
    const b = await collect(['{"prompt":', '"a"}\n{"pro', 'mpt":"b"}', '\n']);
    expect(b).toEqual(a);
    expect(a.lines.map((l) => l.lineNo)).toEqual([1, 2]);
  });
});
