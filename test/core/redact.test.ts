// The redaction policies: whole texts, parsed replies, and text that arrives in pieces.
import { describe, expect, it } from 'vitest';
import { makeRedactor, redactDeep, StreamRedactor } from '../../src/core/redact.js';
import { redactJobEvents } from '../../src/core/redact-events.js';
import type { JobEvent } from '../../src/core/events.js';

const KEY = 'rpa_SECRET_abcdef';

function streamed(pieces: string[], secrets = [KEY]): { shown: string[]; all: string } {
  const r = new StreamRedactor(secrets);
  const shown = pieces.map((p) => r.push(p));
  shown.push(r.end());
  return { shown, all: shown.join('') };
}

describe('StreamRedactor', () => {
  it.each([
    ['key in one piece', [`a ${KEY} b`], `a *** b`],
    ['key split in two', ['a rpa_SEC', 'RET_abcdef b'], 'a *** b'],
    ['key split one char per piece', [...`x${KEY}y`], 'x***y'],
    ['key twice across pieces', [`${KEY.slice(0, 5)}`, `${KEY.slice(5)}-${KEY.slice(0, 9)}`, KEY.slice(9)], '***-***'],
    ['a prefix that never completes is shown at the end', ['see rpa_SEC', 'RETS'], 'see rpa_SECRETS'],
    ['a prefix left at the very end is flushed', ['tail rpa_'], 'tail rpa_'],
    ['no secret at all', ['plain ', 'text'], 'plain text'],
  ])('%s', (_name, pieces, expected) => {
    expect(streamed(pieces).all).toBe(expected);
  });

  it('holds back only the longest tail that could begin the key', () => {
    const r = new StreamRedactor([KEY]);
    expect(r.push('hello rp')).toBe('hello ');
    expect(r.push('x')).toBe('rpx');
    expect(r.push('r')).toBe('');
    expect(r.push('pa_S')).toBe('');
    expect(r.end()).toBe('rpa_S');
  });

  it('passes text straight through with no usable secret', () => {
    const r = new StreamRedactor(['', 'ab']);
    expect(r.push('rpa_ ab')).toBe('rpa_ ab');
  });

  it('copes with a 32K-character key split in many pieces', () => {
    const big = `k${'x'.repeat(32_000)}z`;
    const pieces: string[] = [];
    const text = `before ${big} after`;
    for (let i = 0; i < text.length; i += 997) pieces.push(text.slice(i, i + 997));
    expect(streamed(pieces, [big]).all).toBe('before *** after');
  });
});

describe('redactDeep', () => {
  it('cleans every string and key of a reply', () => {
    const clean = makeRedactor([KEY]);
    const reply = { status: `x${KEY}`, [KEY]: 1, list: [KEY, 2, null, { workerId: `Bearer ${KEY}` }] };
    expect(redactDeep(reply, clean)).toEqual({ status: 'x***', '***': 1, list: ['***', 2, null, { workerId: '***' }] });
  });
});

describe('redactJobEvents', () => {
  it('redacts a key split over token events and in the final texts', async () => {
    const events: JobEvent[] = [
      { type: 'token', index: 0, text: 'the key is rpa_SE', at: 1 },
      { type: 'token', index: 0, text: 'CRET_abc', at: 2 },
      { type: 'token', index: 0, text: 'def, ok rpa', at: 3 },
      {
        type: 'done',
        jobId: 'j',
        status: 'COMPLETED',
        text: `the key is ${KEY}, ok rpa`,
        choices: [`the key is ${KEY}, ok rpa`],
        usage: {},
        timings: { totalMs: 1 },
        retries: 0,
        at: 4,
      },
    ];
    const out: JobEvent[] = [];
    for await (const ev of redactJobEvents(
      (async function* () {
        yield* events;
      })(),
      [KEY],
    ))
      out.push(ev);
    const tokens = out
      .filter((e) => e.type === 'token')
      .map((e) => (e as { text: string }).text)
      .join('');
    expect(tokens).toBe('the key is ***, ok rpa');
    const done = out.at(-1) as Extract<JobEvent, { type: 'done' }>;
    expect(done.text).toBe('the key is ***, ok rpa');
    expect(JSON.stringify(out)).not.toContain(KEY);
  });
});
