import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, type MdLine } from '../../../src/ui/text/markdown.js';
import { fenceAfterChunk } from '../../../src/ui/text/split.js';

const kinds = (lines: MdLine[]) => lines.map((l) => l.kind);

describe('parseMarkdown', () => {
  it.each([
    ['# Title', { kind: 'heading', level: 1, spans: [{ text: 'Title' }] }],
    ['### Deep ###', { kind: 'heading', level: 3, spans: [{ text: 'Deep' }] }],
    ['- item', { kind: 'item', indent: 0, bullet: '•', spans: [{ text: 'item' }] }],
    ['  * nested', { kind: 'item', indent: 2, bullet: '•', spans: [{ text: 'nested' }] }],
    ['12. twelfth', { kind: 'item', indent: 0, bullet: '12.', spans: [{ text: 'twelfth' }] }],
    ['> quoted', { kind: 'quote', depth: 1, spans: [{ text: 'quoted' }] }],
    ['> > nested', { kind: 'quote', depth: 2, spans: [{ text: 'nested' }] }],
    ['---', { kind: 'rule' }],
    ['#hashtag', { kind: 'text', spans: [{ text: '#hashtag' }] }],
    ['**bold** start', { kind: 'text', spans: [{ text: 'bold', style: 'bold', raw: '**bold**' }, { text: ' start' }] }],
  ])('reads %j', (line, expected) => {
    expect(parseMarkdown(line, null).lines).toEqual([expected]);
  });

  it('sets fenced code apart and does not read Markdown inside it', () => {
    const { lines, fence } = parseMarkdown('```python\n# not a heading\n- not a list\n```\nafter\n', null);
    expect(lines).toEqual([
      { kind: 'fence-open', lang: 'python', text: '```python' },
      { kind: 'code', text: '# not a heading' },
      { kind: 'code', text: '- not a list' },
      { kind: 'fence-close', text: '```' },
      { kind: 'text', spans: [{ text: 'after' }] },
    ]);
    expect(fence).toBeNull();
  });

  it('closes a fence only with the same character and at least as many', () => {
    const { lines, fence } = parseMarkdown('~~~~\n```\n~~~\n~~~~~\n', null);
    expect(kinds(lines)).toEqual(['fence-open', 'code', 'code', 'fence-close']);
    expect(fence).toBeNull();
  });

  it('reads a chunk that starts inside a fence or in the middle of a line', () => {
    expect(kinds(parseMarkdown('x = 1\n```\n', { marker: '```', lang: 'js' }).lines)).toEqual(['code', 'fence-close']);
    expect(parseMarkdown('# rest of a line\n# heading', null, true).lines.map((l) => l.kind)).toEqual([
      'text',
      'heading',
    ]);
  });

  it('renders the same lines whether a reply is read whole or in chunks cut at line ends', () => {
    const line = fc.constantFrom('# h', '- a', '```js', '```', '~~~', 'text **b**', '', '> q', 'x = `1`');
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(20), { maxLength: 4 }),
        (lines, cuts) => {
          const text = `${lines.join('\n')}\n`;
          const whole = parseMarkdown(text, null).lines;
          const points = [...new Set(cuts.map((c) => c % lines.length))].sort((a, b) => a - b);
          let fence = null;
          const parts: MdLine[] = [];
          let from = 0;
          for (const point of [...points, lines.length]) {
            if (point <= from) continue;
            const chunk = `${lines.slice(from, point).join('\n')}\n`;
            const parsed = parseMarkdown(chunk, fence);
            expect(fenceAfterChunk(chunk, { fence, continued: false })).toEqual(parsed.fence);
            fence = parsed.fence;
            parts.push(...parsed.lines);
            from = point;
          }
          expect(parts).toEqual(whole);
        },
      ),
    );
  });
});

describe('parseInline', () => {
  it.each([
    ['use `npm ci` now', [{ text: 'use ' }, { text: 'npm ci', style: 'code', raw: '`npm ci`' }, { text: ' now' }]],
    ['``a`b``', [{ text: 'a`b', style: 'code', raw: '``a`b``' }]],
    [
      '**bold** and __also__',
      [
        { text: 'bold', style: 'bold', raw: '**bold**' },
        { text: ' and ' },
        { text: 'also', style: 'bold', raw: '__also__' },
      ],
    ],
    ['an *em* word', [{ text: 'an ' }, { text: 'em', style: 'italic', raw: '*em*' }, { text: ' word' }]],
    [
      'see [the docs](https://x.io/a_(b)) or https://y.io/p?q=1.',
      [
        { text: 'see ' },
        { text: 'the docs', style: 'link', raw: '[the docs](https://x.io/a_(b))', href: 'https://x.io/a_(b)' },
        { text: ' or ' },
        { text: 'https://y.io/p?q=1', style: 'url', href: 'https://y.io/p?q=1' },
        { text: '.' },
      ],
    ],
    [
      '(https://z.io/x) not xhttps://no',
      [{ text: '(' }, { text: 'https://z.io/x', style: 'url', href: 'https://z.io/x' }, { text: ') not xhttps://no' }],
    ],
    ['2 * 3 * 4', [{ text: '2 * 3 * 4' }]],
    ['snake_case_name', [{ text: 'snake_case_name' }]],
    ['unclosed `tick and **star', [{ text: 'unclosed `tick and **star' }]],
  ])('%j', (text, spans) => {
    expect(parseInline(text)).toEqual(spans);
  });
});
