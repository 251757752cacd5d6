import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plain } from '../../../src/ui/text/paint.js';
import { displayWidth } from '../../../src/ui/text/text-width.js';
import { wrapRanges, wrapRuns, wrapRunsMeasured } from '../../../src/ui/text/wrap.js';

const rows = (text: string, width: number) => wrapRanges(text, width).map(([a, b]) => text.slice(a, b));

describe('wrapRanges', () => {
  it.each<[string, string, number, string[]]>([
    ['a line that fits stays whole', 'short line', 20, ['short line']],
    ['an empty line is one empty row', '', 10, ['']],
    ['breaks at the last space that fits, dropping it', 'the quick brown fox', 10, ['the quick', 'brown fox']],
    ['a run of spaces at a break is dropped', 'aaaa     bbbb', 6, ['aaaa', 'bbbb']],
    ['a word wider than a row is cut', 'abcdefghijkl', 5, ['abcde', 'fghij', 'kl']],
    ['a long word after a short one starts a new row first', 'ab cdefghij', 5, ['ab', 'cdefg', 'hij']],
    ['leading indentation is kept', '    indented code', 40, ['    indented code']],
    ['wide characters count two columns', '日本語日本語', 5, ['日本', '語日', '本語']],
    ['an emoji counts two columns', 'ok 🚀🚀 go', 5, ['ok', '🚀🚀', 'go']],
    ['combining marks take no column', 'cafe\u0301 cafe\u0301', 5, ['cafe\u0301', 'cafe\u0301']],
    ['a width below one is one column', 'abc', 0, ['a', 'b', 'c']],
    ['spaces that end the last full row open no empty row', 'abcde   ', 5, ['abcde']],
    ['a line of spaces stays one row', '   ', 2, ['']],
  ])('%s', (_name, text, width, expected) => {
    expect(rows(text, width)).toEqual(expected);
  });

  const line = (maxWord: number) =>
    fc
      .array(fc.tuple(fc.stringMatching(new RegExp(`^[a-zé日🚀]{1,${maxWord}}$`, 'u')), fc.constantFrom(' ', '  ')), {
        maxLength: 30,
      })
      .map((parts) =>
        parts
          .map(([w, s]) => w + s)
          .join('')
          .trim(),
      );
  const squeeze = (text: string) => text.replace(/\s+/g, '');
  const collapse = (text: string) => text.replace(/\s+/g, ' ');

  it('never makes a row wider than the width and loses nothing but the spaces at breaks', () => {
    fc.assert(
      fc.property(line(14), fc.integer({ min: 2, max: 40 }), (text, width) => {
        const out = rows(text, width);
        for (const row of out) expect(displayWidth(row)).toBeLessThanOrEqual(width);
        expect(squeeze(out.join(''))).toBe(squeeze(text));
      }),
    );
  });

  it('breaks only between words when every word fits in a row', () => {
    fc.assert(
      fc.property(line(4), fc.integer({ min: 8, max: 40 }), (text, width) => {
        expect(collapse(rows(text, width).join(' '))).toBe(collapse(text));
      }),
    );
  });
});

describe('wrapRuns', () => {
  it('paints each piece of a row in its own style, across breaks', () => {
    const upper = (t: string) => `<${t.toUpperCase()}>`;
    const out = wrapRuns(
      [
        { text: 'plain then ', paint: plain },
        { text: 'loud words', paint: upper },
      ],
      12,
    );
    expect(out).toEqual(['plain then', '<LOUD WORDS>']);
    expect(wrapRuns([{ text: 'one two three', paint: upper }], 8)).toEqual(['<ONE TWO>', '<THREE>']);
  });
});

describe('keep ranges', () => {
  it('never breaks inside a kept range: the row runs on to its end, and the text goes on after it', () => {
    const text = 'go to https://example.com/a/b/c/d/e now please';
    const url: [number, number] = [6, 6 + 'https://example.com/a/b/c/d/e'.length];
    const rows = wrapRanges(text, 10, [url]).map(([a, b]) => text.slice(a, b));
    expect(rows).toEqual(['go to', 'https://example.com/a/b/c/d/e', 'now please']);
    expect(wrapRanges(text, 10).map(([a, b]) => text.slice(a, b))).toContain('https://ex');
  });

  it('keeps a `keep` run whole in wrapRuns and reports each row width', () => {
    const rows = wrapRuns(
      [
        { text: 'a ', paint: plain },
        { text: 'xxxxxxxxxxxx', paint: plain, keep: true },
        { text: ').', paint: plain },
      ],
      5,
    );
    expect(rows).toEqual(['a', 'xxxxxxxxxxxx', ').']);
    expect(wrapRunsMeasured([{ text: '日本 語', paint: plain }], 4)).toEqual({ rows: ['日本', '語'], widths: [4, 2] });
  });
});
