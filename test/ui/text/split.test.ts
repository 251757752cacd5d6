import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countRows, findCommitPoint, startAfter, type ChunkStart } from '../../../src/ui/text/split.js';

const fresh: ChunkStart = { fence: null, continued: false };
const roomy = { columns: 80, maxLiveRows: 20, keepRows: 4 };

describe('findCommitPoint', () => {
  it('commits up to the last blank line outside a code block', () => {
    const text = 'one\n\ntwo\n\nthree in progress';
    expect(text.slice(findCommitPoint(text, fresh, roomy))).toBe('three in progress');
  });

  it('never commits inside an open code fence while the tail fits', () => {
    const text = 'intro\n\n```js\nconst a = 1;\n\nconst b = 2;\n';
    expect(text.slice(0, findCommitPoint(text, fresh, roomy))).toBe('intro\n\n');
  });

  it('commits a finished code block at its closing fence', () => {
    const text = '```\ncode\n```\nmore';
    expect(text.slice(findCommitPoint(text, fresh, roomy))).toBe('more');
  });

  it('commits nothing when no block has ended and the tail is short', () => {
    expect(findCommitPoint('a line\nanother', fresh, roomy)).toBe(0);
  });

  it('commits whole lines of a long block, keeping the last few live', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `code ${i}`);
    const text = `\`\`\`\n${lines.join('\n')}\n`;
    const limits = { columns: 80, maxLiveRows: 10, keepRows: 3 };
    const cut = findCommitPoint(text, fresh, limits);
    expect(text[cut - 1]).toBe('\n');
    expect(text.slice(cut)).toBe('code 27\ncode 28\ncode 29\n');
    expect(startAfter(text, cut, fresh)).toEqual({ fence: { marker: '```', lang: '' }, continued: false });
  });

  it('keeps a table header with its delimiter row when it must cut a long block', () => {
    const prose = Array.from({ length: 8 }, (_, i) => `line ${i}`).join('\n');
    const text = `${prose}\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n`;
    const limits = { columns: 80, maxLiveRows: 6, keepRows: 3 };
    expect(text.slice(findCommitPoint(text, fresh, limits))).toBe('| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n');
  });

  it('cuts one line longer than the screen at a space, marking the rest as continued', () => {
    const text = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
    const limits = { columns: 40, maxLiveRows: 5, keepRows: 2 };
    const cut = findCommitPoint(text, fresh, limits);
    expect(text[cut - 1]).toBe(' ');
    expect(countRows(text.slice(cut), 40)).toBeLessThanOrEqual(limits.maxLiveRows);
    expect(startAfter(text, cut, fresh).continued).toBe(true);
  });

  it('keeps the live tail below the limit for any reply streamed in any pieces', () => {
    const piece = fc.constantFrom('word ', 'x'.repeat(90), '\n', '\n\n', '```\n', 'code line\n', '# h\n', 'tail');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => {
        const limits = { columns: 40, maxLiveRows: 8, keepRows: 3 };
        let tail = '';
        let start = fresh;
        let committed = '';
        for (const p of pieces) {
          tail += p;
          const cut = findCommitPoint(tail, start, limits);
          committed += tail.slice(0, cut);
          start = startAfter(tail, cut, start);
          tail = tail.slice(cut);
          expect(countRows(tail, limits.columns)).toBeLessThanOrEqual(limits.maxLiveRows);
        }
        expect(committed + tail).toBe(pieces.join(''));
      }),
    );
  });
});
