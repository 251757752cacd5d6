// The decoder with reasoning models and speculative (multi-token) deltas: however the SSE text
// is cut, reasoning and answer come out apart, exactly, with the worker's usage and finish reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeOutput, OutputDecoder, type DecodedDelta } from '../../src/core/output-decoder.js';

type Field = 'reasoning' | 'reasoning_content';

/** vLLM's chat SSE for a reasoning reply: reasoning deltas, then content deltas, a usage chunk, [DONE]. */
function reasoningSse(thought: string[], answer: string[], field: Field, tokens: number): string {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
  const events = [chunk({ role: 'assistant', content: '' })];
  for (const t of thought) events.push(chunk({ [field]: t }));
  answer.forEach((a, i) => events.push(chunk({ content: a }, i === answer.length - 1 ? 'length' : null)));
  events.push(
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 3, completion_tokens: tokens, total_tokens: tokens + 3 } })}\n\n`,
  );
  events.push('data: [DONE]\n\n');
  return events.join('');
}

function feed(items: unknown[]): { decoder: OutputDecoder; deltas: DecodedDelta[] } {
  const decoder = new OutputDecoder();
  const deltas = [...items.flatMap((item) => decoder.push(item)), ...decoder.end()];
  return { decoder, deltas };
}

const joined = (deltas: DecodedDelta[], reasoning: boolean) =>
  deltas
    .filter((d) => (d.reasoning === true) === reasoning)
    .map((d) => d.text)
    .join('');

// A delta of 1 to 4 "tokens", as speculative decoding sends them.
const multiToken = fc
  .array(fc.constantFrom('think', ' é', ' 🦊', ' step', '\n', ' 日本', ' ok'), { minLength: 1, maxLength: 4 })
  .map((t) => t.join(''));

describe('OutputDecoder: reasoning and multi-token deltas', () => {
  it('any cut of the SSE text keeps reasoning and answer apart and exact, with usage and finish reason', () => {
    fc.assert(
      fc.property(
        fc.array(multiToken, { minLength: 1, maxLength: 12 }),
        fc.array(multiToken, { maxLength: 12 }),
        fc.constantFrom<Field>('reasoning', 'reasoning_content'),
        fc.array(fc.integer({ min: 1, max: 4000 }), { maxLength: 20 }),
        (thought, answer, field, rawCuts) => {
          const tokens = 7 * (thought.length + answer.length);
          const cps = [...reasoningSse(thought, answer, field, tokens)];
          const cuts = [...new Set(rawCuts.map((c) => c % cps.length).filter((c) => c > 0))].sort((a, b) => a - b);
          const items = [0, ...cuts].map((s, i) => cps.slice(s, cuts[i] ?? cps.length).join(''));
          const { decoder, deltas } = feed(items);
          expect(decoder.texts[0] ?? '').toBe(answer.join(''));
          expect(decoder.reasoning[0]).toBe(thought.join(''));
          expect(joined(deltas, false)).toBe(answer.join(''));
          expect(joined(deltas, true)).toBe(thought.join(''));
          expect(decoder.usage).toEqual({ promptTokens: 3, completionTokens: tokens });
          if (answer.length > 0) expect(decoder.finishReasons[0]).toBe('length');
          expect(decoder.done).toBe(true);
          // Without usage the estimate counts deltas, reasoning included (never the whole answer as 1).
          expect(decoder.chunkCount).toBe(thought.length + answer.filter((a) => a !== '').length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every byte cut (each half decoded on its own) matches decoding the joined halves', () => {
    const text = reasoningSse(['Let me think', ' about 🦊 é'], ['The answer', ' is 42 ✓'], 'reasoning', 9);
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 1; i < bytes.length; i++) {
      const items = [new TextDecoder().decode(bytes.subarray(0, i)), new TextDecoder().decode(bytes.subarray(i))];
      expect(decodeOutput(items)).toEqual(decodeOutput([items.join('')]));
    }
    expect(decodeOutput([text])).toMatchObject({
      texts: ['The answer is 42 ✓'],
      reasoning: ['Let me think about 🦊 é'],
    });
  });

  it('non-streamed messages: reasoning and reasoning_content beside content', () => {
    for (const field of ['reasoning', 'reasoning_content'] as const) {
      const { decoder } = feed([
        {
          object: 'chat.completion',
          choices: [
            { index: 0, message: { role: 'assistant', [field]: 'hmm', content: null }, finish_reason: 'length' },
          ],
          usage: { prompt_tokens: 2, completion_tokens: 5 },
        },
      ]);
      expect(decoder.texts).toEqual(['']);
      expect(decoder.reasoning).toEqual(['hmm']);
      expect(decoder.finishReasons).toEqual(['length']);
    }
  });

  it('legacy openai_route lists of chunk objects carry reasoning too', () => {
    const { decoder } = feed([
      [{ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { reasoning_content: 'a' } }] }],
      [{ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'b' }, finish_reason: 'stop' }] }],
    ]);
    expect(decoder.texts).toEqual(['b']);
    expect(decoder.reasoning).toEqual(['a']);
    expect(decoder.finishReasons).toEqual(['stop']);
  });
});
