import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from '../../src/core/sse.js';
import { chatSseEvents, PIECES, responsesSseEvents } from './fixtures.js';

function parseAll(chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  const events = chunks.flatMap((c) => parser.push(c));
  return [...events, ...parser.end()];
}

describe('SseParser', () => {
  const cases: Array<{ name: string; chunks: string[]; events: SseEvent[] }> = [
    { name: 'one event', chunks: ['data: hi\n\n'], events: [{ data: 'hi' }] },
    { name: 'two events in one chunk', chunks: ['data: a\n\ndata: b\n\n'], events: [{ data: 'a' }, { data: 'b' }] },
    { name: 'multi-line data joined with \\n', chunks: ['data: a\ndata: b\ndata:\n\n'], events: [{ data: 'a\nb\n' }] },
    { name: 'CRLF line ends', chunks: ['data: a\r\ndata: b\r\n\r\n'], events: [{ data: 'a\nb' }] },
    { name: 'CR line ends', chunks: ['data: a\rdata: b\r\r'], events: [{ data: 'a\nb' }] },
    {
      name: 'CR then LF across chunks is one line end',
      chunks: ['data: a\r', '\ndata: b\r', '\n\r', '\n'],
      events: [{ data: 'a\nb' }],
    },
    { name: 'only one leading space is stripped', chunks: ['data:x\ndata:  y\n\n'], events: [{ data: 'x\n y' }] },
    { name: 'field without a colon', chunks: ['data\n\n'], events: [{ data: '' }] },
    { name: 'comments and keep-alives', chunks: [': ping\n\n:another\ndata: z\n\n'], events: [{ data: 'z' }] },
    {
      name: 'event name and id',
      chunks: ['event: delta\nid: 7\ndata: {}\n\n'],
      events: [{ event: 'delta', id: '7', data: '{}' }],
    },
    {
      name: 'event name does not leak to the next event',
      chunks: ['event: x\ndata: 1\n\ndata: 2\n\n'],
      events: [{ event: 'x', data: '1' }, { data: '2' }],
    },
    { name: 'retry and unknown fields ignored', chunks: ['retry: 10\nfoo: bar\ndata: q\n\n'], events: [{ data: 'q' }] },
    { name: 'blank lines without data dispatch nothing', chunks: ['\n\n\nevent: lonely\n\n'], events: [] },
    { name: 'leading BOM', chunks: ['\ufeffdata: b\n\n'], events: [{ data: 'b' }] },
    {
      name: 'final event without blank line is flushed by end()',
      chunks: ['data: 1\n\ndata: last'],
      events: [{ data: '1' }, { data: 'last' }],
    },
    { name: 'split mid-field name', chunks: ['da', 'ta', ': x', 'y\n', '\n'], events: [{ data: 'xy' }] },
  ];

  it.each(cases)('$name', ({ chunks, events }) => {
    expect(parseAll(chunks)).toEqual(events);
  });

  it('does not emit an unterminated event until end()', () => {
    const parser = new SseParser();
    expect(parser.push('data: partial\n')).toEqual([]);
    expect(parser.push('data: more')).toEqual([]);
    expect(parser.end()).toEqual([{ data: 'partial\nmore' }]);
    expect(parser.end()).toEqual([]);
  });

  it('emits each event from the push that completes it', () => {
    const parser = new SseParser();
    expect(parser.push('data: a\n')).toEqual([]);
    expect(parser.push('\ndata: b\n\nda')).toEqual([{ data: 'a' }, { data: 'b' }]);
    expect(parser.push('ta: c\n\n')).toEqual([{ data: 'c' }]);
  });

  const streams = {
    chat: chatSseEvents(PIECES).join(''),
    responses: responsesSseEvents(PIECES).join(''),
    crlf: chatSseEvents(PIECES).join('').replace(/\n/g, '\r\n'),
    cr: chatSseEvents(PIECES.map((p) => p.replace(/[\r\n]/g, '')))
      .join('')
      .replace(/\n/g, '\r'),
  };

  it.each(Object.entries(streams))('%s stream: any cut points give the same events', (_, text) => {
    const whole = parseAll([text]);
    expect(whole.length).toBeGreaterThan(PIECES.length);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), (cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const chunks = [0, ...sorted].map((start, i) => text.slice(start, sorted[i] ?? text.length));
        expect(parseAll(chunks)).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  it('every single cut point of a CRLF stream gives the same events', () => {
    const text = streams.crlf;
    const whole = parseAll([text]);
    for (let i = 1; i < text.length; i++) expect(parseAll([text.slice(0, i), text.slice(i)])).toEqual(whole);
  });
});
