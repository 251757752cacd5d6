import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeOutput, OutputDecoder, type DecodedDelta } from '../../src/core/output-decoder.js';
import {
  batchEvents,
  chatCompletionOutput,
  chatSseEvents,
  completionSseEvents,
  legacyBatches,
  PIECES,
  PIECES_TEXT,
  responsesSseEvents,
  textCompletionOutput,
} from './fixtures.js';

const A = ['The', ' quick', ' brown', ' fox', ' 🦊'];
const B = ['Lorem', ' ipsum', ' dolor', ' sit', ' amet', ' ✓'];

/** Feeds items one by one and returns the decoder plus the deltas joined per index. */
function feed(items: unknown[]): { decoder: OutputDecoder; fromDeltas: string[]; deltas: DecodedDelta[] } {
  const decoder = new OutputDecoder();
  const deltas = [...items.flatMap((item) => decoder.push(item)), ...decoder.end()];
  const fromDeltas: string[] = [];
  for (const d of deltas) fromDeltas[d.index] = (fromDeltas[d.index] ?? '') + d.text;
  return { decoder, fromDeltas, deltas };
}

const eventObjects = (events: string[]): unknown[] =>
  events.filter((e) => !e.includes('[DONE]')).map((e) => JSON.parse(e.slice('data: '.length)) as unknown);

describe('OutputDecoder: recorded shapes', () => {
  const cases: Array<{
    name: string;
    items: unknown[];
    texts: string[];
    generation?: string;
    usage?: object;
    done?: boolean;
  }> = [
    {
      name: 'proxy chat stream, one event per item',
      items: chatSseEvents(PIECES),
      texts: [PIECES_TEXT],
      generation: 'openai',
      usage: { promptTokens: 12, completionTokens: PIECES.length },
      done: true,
    },
    {
      name: 'proxy chat stream, all in one item',
      items: [chatSseEvents(PIECES).join('')],
      texts: [PIECES_TEXT],
      generation: 'openai',
      usage: { promptTokens: 12, completionTokens: PIECES.length },
      done: true,
    },
    {
      name: 'proxy completions stream, n=2',
      items: completionSseEvents([A, B]),
      texts: [A.join(''), B.join('')],
      generation: 'openai',
      done: true,
    },
    {
      name: 'legacy openai_route stream batched 1,3,9',
      items: batchEvents(chatSseEvents(PIECES)),
      texts: [PIECES_TEXT],
      generation: 'openai',
      usage: { promptTokens: 12, completionTokens: PIECES.length },
      done: true,
    },
    {
      name: 'legacy RAW_OPENAI_OUTPUT=0: lists of chunk objects',
      items: [
        eventObjects(completionSseEvents([A, B])).slice(0, 3),
        eventObjects(completionSseEvents([A, B])).slice(3),
      ],
      texts: [A.join(''), B.join('')],
      generation: 'openai',
      done: false,
    },
    {
      name: 'legacy native stream',
      items: legacyBatches([PIECES]),
      texts: [PIECES_TEXT],
      generation: 'legacy',
      usage: { promptTokens: 7, completionTokens: PIECES.length },
    },
    {
      name: 'legacy native stream, n=2',
      items: legacyBatches([A, B]),
      texts: [A.join(''), B.join('')],
      generation: 'legacy',
      usage: { promptTokens: 7, completionTokens: Math.max(A.length, B.length) * 2 },
    },
    {
      name: 'legacy native non-stream',
      items: [{ choices: [{ tokens: [PIECES_TEXT] }], usage: { input: 3, output: 100 } }],
      texts: [PIECES_TEXT],
      generation: 'legacy',
      usage: { promptTokens: 3, completionTokens: 100 },
    },
    {
      name: 'legacy choices with explicit index',
      items: [
        {
          choices: [
            { index: 1, tokens: ['b'] },
            { index: 0, tokens: ['a'] },
          ],
        },
      ],
      texts: ['a', 'b'],
      generation: 'legacy',
    },
    {
      name: 'proxy text_completion, n=2',
      items: textCompletionOutput(['one', 'two']),
      texts: ['one', 'two'],
      generation: 'openai',
      usage: { promptTokens: 5, completionTokens: 16 },
    },
    {
      name: 'proxy chat.completion',
      items: chatCompletionOutput(PIECES_TEXT),
      texts: [PIECES_TEXT],
      generation: 'openai',
      usage: { promptTokens: 20, completionTokens: 9 },
    },
    {
      name: 'legacy /v1/responses stream',
      items: responsesSseEvents(PIECES),
      texts: [PIECES_TEXT],
      generation: 'openai',
      usage: { promptTokens: 9, completionTokens: PIECES.length },
    },
    { name: 'plain text generator', items: ['Hello', ' world', '\n'], texts: ['Hello world\n'] },
    { name: 'plain text starting with whitespace', items: ['  ', 'Hi'], texts: ['  Hi'] },
    { name: 'plain text that starts like a field name', items: ['d', 'og'], texts: ['dog'] },
    { name: 'plain text that stays a field-name prefix until the end', items: ['da'], texts: ['da'] },
    {
      name: 'SSE whose first item is cut inside "data:"',
      items: ['da', 'ta: {"choices":[{"text":"ok"}]}\n\n'],
      texts: ['ok'],
      generation: 'openai',
    },
    {
      name: 'SSE with leading blank lines and comments',
      items: ['\n\n: keepalive\n\n', 'data: {"choices":[{"text":"x"}]}\n\n'],
      texts: ['x'],
      generation: 'openai',
    },
    {
      name: 'U+FFFD passes through',
      items: ['data: {"choices":[{"text":"a\uFFFD\uFFFDb"}]}\n\n'],
      texts: ['a\uFFFD\uFFFDb'],
      generation: 'openai',
    },
    {
      name: 'final event without blank line',
      items: ['data: {"choices":[{"text":"end"}]}'],
      texts: ['end'],
      generation: 'openai',
    },
  ];

  it.each(cases)('$name', ({ items, texts, generation, usage, done }) => {
    const { decoder, fromDeltas } = feed(items);
    expect(decoder.texts).toEqual(texts);
    expect(fromDeltas).toEqual(texts);
    expect(decoder.generation).toBe(generation);
    expect(decoder.usage).toEqual(usage);
    expect(decoder.error).toBeUndefined();
    if (done !== undefined) expect(decoder.done).toBe(done);
    expect(decodeOutput(items)).toEqual({ texts, ...(usage ? { usage } : {}), ...(generation ? { generation } : {}) });
  });

  it('role-only and usage-only chunks produce no deltas; chunkCount counts content deltas', () => {
    const decoder = new OutputDecoder();
    const events = chatSseEvents(PIECES);
    expect(decoder.push(events[0])).toEqual([]);
    expect(decoder.push(events[1])).toEqual([{ index: 0, text: PIECES[0] }]);
    for (const e of events.slice(2)) decoder.push(e);
    expect(decoder.chunkCount).toBe(PIECES.length);
    expect(decoder.finishReasons).toEqual(['stop']);
  });

  it('merges adjacent deltas of one item per index', () => {
    const decoder = new OutputDecoder();
    expect(decoder.push(chatSseEvents(PIECES).join(''))).toEqual([{ index: 0, text: PIECES_TEXT }]);
  });

  it('legacy chunkCount counts non-empty tokens, whatever the batching', () => {
    const { decoder } = feed(legacyBatches([['a', '', 'b', 'c']]));
    expect(decoder.chunkCount).toBe(3);
  });

  it('a null usage in later chunks keeps the earlier usage', () => {
    const { decoder } = feed([
      { choices: [{ text: 'x' }], usage: { prompt_tokens: 1, completion_tokens: 2 } },
      { choices: [{ text: 'y' }], usage: null },
    ]);
    expect(decoder.usage).toEqual({ promptTokens: 1, completionTokens: 2 });
  });

  it('also accepts a single non-list output', () => {
    expect(decodeOutput(chatCompletionOutput('solo')[0]).texts).toEqual(['solo']);
    expect(decodeOutput('plain output').texts).toEqual(['plain output']);
    expect(decodeOutput(undefined)).toEqual({ texts: [] });
  });
});

describe('OutputDecoder: errors inside output', () => {
  const cases: Array<{ name: string; items: unknown[]; error: RegExp }> = [
    {
      name: 'item {error: string} (old SDK, COMPLETED)',
      items: [{ error: 'CUDA error: device-side assert' }],
      error: /^CUDA error: device-side assert$/,
    },
    {
      name: 'item {error: repr string}',
      items: [{ error: "{'message': 'Request to vLLM failed: boom', 'type': 'worker_error', 'code': None}" }],
      error: /^Request to vLLM failed: boom$/,
    },
    {
      name: 'SSE error event after some text',
      items: [
        'data: {"choices":[{"text":"par"}]}\n\n',
        'data: {"error": {"message": "engine dead", "type": "InternalServerError", "code": 500}}\n\n',
      ],
      error: /^engine dead \(InternalServerError\)$/,
    },
    {
      name: 'OpenAI error object',
      items: [{ object: 'error', message: 'bad n', type: 'BadRequestError', param: null, code: 400 }],
      error: /^bad n \(BadRequestError\)$/,
    },
    { name: 'event: error with text data', items: ['event: error\ndata: stream broke\n\n'], error: /^stream broke$/ },
    {
      name: 'responses error event',
      items: ['event: error\ndata: {"type":"error","code":"x","message":"too long","param":null}\n\n'],
      error: /^too long$/,
    },
  ];

  it.each(cases)('$name', ({ items, error }) => {
    const out = decodeOutput(items);
    expect(out.error).toMatch(error);
  });

  it('keeps the text produced before the error', () => {
    expect(decodeOutput(cases[2]?.items).texts).toEqual(['par']);
  });
});

describe('OutputDecoder: properties', () => {
  const chatText = chatSseEvents(PIECES).join('');
  const expected = decodeOutput([chatText]);

  it('every byte offset of a 2-cut split, each half decoded with replacement, matches the uncut stream', () => {
    const bytes = Buffer.from(chatText, 'utf8');
    expect(bytes.length).toBeGreaterThan(300);
    expect(bytes.length).toBeGreaterThan(chatText.length); // multi-byte characters are present
    let midChar = 0;
    for (let i = 1; i < bytes.length; i++) {
      const items = [new TextDecoder().decode(bytes.subarray(0, i)), new TextDecoder().decode(bytes.subarray(i))];
      const got = decodeOutput(items);
      expect(got).toEqual(decodeOutput([items.join('')]));
      if (items.join('') === chatText) {
        expect(got).toEqual(expected);
        continue;
      }
      midChar++;
      const text = got.texts[0] ?? '';
      const stripped = text.replace(/\uFFFD/g, '');
      expect(text).toContain('\uFFFD');
      expect(
        [...PIECES_TEXT].some((_, j, cps) => cps.slice(0, j).join('') + cps.slice(j + 1).join('') === stripped),
      ).toBe(true);
      expect(got.usage).toEqual(expected.usage);
    }
    expect(midChar).toBeGreaterThan(0);
  });

  const streams = {
    chat: chatText,
    completionsN2: completionSseEvents([A, B]).join(''),
    responses: responsesSseEvents(PIECES).join(''),
  };

  it.each(Object.entries(streams))('%s: random multi-cut splits give identical texts, deltas and usage', (_, text) => {
    const cps = [...text];
    const whole = feed([text]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: cps.length - 1 }), { maxLength: 25 }), (cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const items = [0, ...sorted].map((s, i) => cps.slice(s, sorted[i] ?? cps.length).join(''));
        const got = feed(items);
        expect(got.decoder.texts).toEqual(whole.decoder.texts);
        expect(got.fromDeltas).toEqual(whole.decoder.texts);
        expect(got.decoder.usage).toEqual(whole.decoder.usage);
        expect(got.decoder.chunkCount).toBe(whole.decoder.chunkCount);
        expect(got.decoder.done).toBe(whole.decoder.done);
      }),
      { numRuns: 200 },
    );
  });

  it('legacy batches give the same texts however the tokens are re-batched', () => {
    const tokenLists = fc.array(fc.array(fc.string({ unit: 'grapheme', maxLength: 4 }), { maxLength: 30 }), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(
        tokenLists,
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }),
        (choices, sizes) => {
          const longest = Math.max(1, ...choices.map((c) => c.length));
          const items: unknown[] = [];
          for (let start = 0, k = 0; start < longest; k++) {
            const size = sizes[k % sizes.length] ?? 1;
            items.push({
              choices: choices.map((t) => ({ tokens: t.slice(start, start + size) })),
              usage: { input: 4, output: start + size },
            });
            start += size;
          }
          const out = decodeOutput(items);
          expect(out.texts).toEqual(choices.map((t) => t.join('')));
          expect(out.usage?.promptTokens).toBe(4);
          expect(out.generation).toBe('legacy');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('/stream items split across polls decode like the /status aggregate', () => {
    const outputs = [
      chatSseEvents(PIECES),
      batchEvents(completionSseEvents([A, B])),
      legacyBatches([A, B]),
      responsesSseEvents(B),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...outputs),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }),
        (items, pollSizes) => {
          const polls: unknown[][] = [];
          for (let i = 0, k = 0; i < items.length; k++) {
            const size = pollSizes[k] ?? items.length; // 0 = an empty poll; past the list, the rest
            polls.push(items.slice(i, i + size));
            i += size;
          }
          const replies = polls.map((poll) => ({ status: 'IN_PROGRESS', stream: poll.map((output) => ({ output })) }));
          const stream = feed(replies.flatMap((reply) => reply.stream.map((chunk) => chunk.output)));
          const status = decodeOutput(items);
          expect(stream.decoder.texts).toEqual(status.texts);
          expect(stream.fromDeltas).toEqual(status.texts);
          expect(stream.decoder.usage).toEqual(status.usage);
          expect(stream.decoder.generation).toEqual(status.generation);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never throws on random values, and deltas are well-formed', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.anything(),
            fc.jsonValue(),
            fc.string(),
            fc.jsonValue().map((v) => `data: ${JSON.stringify(v)}\n\n`),
          ),
        ),
        (items) => {
          const { decoder, deltas, fromDeltas } = feed(items);
          for (const d of deltas) {
            expect(d.text.length).toBeGreaterThan(0);
            expect(Number.isInteger(d.index) && d.index >= 0).toBe(true);
          }
          decoder.texts.forEach((t, i) => expect(t).toBe(fromDeltas[i] ?? ''));
          expect(() => decodeOutput(items)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });
});
