import chalk from 'chalk';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { FRESH_START, type StaticItem } from '../../../src/ui/job/items.js';
import { painterFor } from '../../../src/ui/text/paint.js';
import { displayWidth } from '../../../src/ui/text/text-width.js';
import { itemText, replyRows } from '../../../src/ui/text/transcript-text.js';

const opts = (columns = 40, color = false, markdown = true) => ({ markdown, painter: painterFor(color), columns });
const reply = (text: string, columns = 40, color = false, markdown = true) =>
  replyRows(text, FRESH_START, opts(columns, color, markdown)).join('\n');
const item = (i: StaticItem, columns = 40, color = false) => itemText(i, opts(columns, color));

describe('replyRows', () => {
  it('keeps the Markdown marks without colour (NO_COLOR), so bold, italic and code stay visible', () => {
    expect(reply('# Title\n\nSome **bold**, __b2__, *it* and ``a`b``.\n')).toBe(
      '# Title\n\nSome **bold**, __b2__, *it* and ``a`b``.',
    );
  });

  it('draws lists with a hanging indent, quotes with a bar, code between its fences, and a rule', () => {
    const text = '- one two three four five six\n  * nested\n\n> said so\n\n---\n```py\nx = 1\n\n```\n';
    expect(reply(text, 16)).toBe(
      [
        '• one two three',
        '  four five six',
        '  • nested',
        '',
        '▌ said so',
        '',
        '─'.repeat(16),
        '```py',
        'x = 1',
        '',
        '```',
      ].join('\n'),
    );
  });

  it('continues a code block that an earlier chunk opened, and a line an earlier chunk began', () => {
    const fence = { marker: '```', lang: '' };
    expect(replyRows('# not a heading\n```\n', { fence, continued: false }, opts()).join('\n')).toBe(
      '# not a heading\n```',
    );
    expect(replyRows('# rest of a line\n', { fence: null, continued: true }, opts())).toEqual(['# rest of a line']);
  });

  it('wraps every row of prose to the width, counting wide characters twice', () => {
    const text = `${'日本語 '.repeat(20)}\n\n${'word '.repeat(20)}\n`;
    for (const row of replyRows(text, FRESH_START, opts(30))) expect(displayWidth(row)).toBeLessThanOrEqual(30);
  });

  it('prints the text as it is, wrapped, with Markdown off', () => {
    expect(reply('# Title\n\n**bold**\tx\n', 40, false, false)).toBe('# Title\n\n**bold**    x');
  });
});

describe('itemText', () => {
  it('ends every row with a newline', () => {
    expect(item({ kind: 'reply', id: 'r', text: 'a\nb', start: FRESH_START })).toBe('a\nb\n');
    expect(item({ kind: 'marker', id: 'm', text: '[interrupted]' })).toBe('[interrupted]\n');
  });

  it('sets a user message apart with a blank line above and below and a prompt mark', () => {
    expect(item({ kind: 'user', id: 'u', text: 'first line\nsecond' })).toBe('\n› first line\n  second\n\n');
  });

  it('shows a title with its detail, and the lines of a listing', () => {
    expect(item({ kind: 'title', id: 't', text: 'rpv chat', detail: 'session s · ep' })).toBe(
      'rpv chat  session s · ep\n',
    );
    expect(item({ kind: 'lines', id: 'l', lines: ['a\tb', ''] })).toBe('a   b\n\n');
  });

  it('removes escape sequences from user, notice and title text', () => {
    const evil = 'x\u001b]0;pwned\u0007\u001b[2Jy';
    for (const kind of ['user', 'notice', 'title'] as const) {
      const text =
        kind === 'notice'
          ? item({ kind, id: 'n', text: evil, tone: 'error' })
          : item({ kind, id: 'i', text: evil } as StaticItem);
      expect(text).toContain('xy');
      expect(text).not.toMatch(/[\u001b\u0007]|pwned/);
    }
  });

  describe('with chalk able to colour', () => {
    const level = chalk.level;
    afterEach(() => {
      chalk.level = level;
    });

    it('colours when asked, and writes no escape code at all with colour off', () => {
      chalk.level = 3;
      const text = '# T\n\n**b** `c` *i*\n\n- x\n\n```\ncode\n```\n';
      const coloured = reply(text, 40, true);
      expect(coloured).toContain('\u001b[');
      expect(stripVTControlCharacters(coloured)).toBe('T\n\nb c i\n\n• x\n\n```\ncode\n```');
      expect(reply(text, 40, false)).not.toContain('\u001b');
      expect(item({ kind: 'notice', id: 'n', text: 'oops', tone: 'error' }, 40, false)).toBe('oops\n');
    });

    it('keeps styled rows within the width', () => {
      chalk.level = 3;
      const rows = replyRows(
        `**${'bold words '.repeat(10)}** and \`${'code '.repeat(10)}\``,
        FRESH_START,
        opts(24, true),
      );
      for (const row of rows) expect(displayWidth(stripVTControlCharacters(row))).toBeLessThanOrEqual(24);
      expect(rows.length).toBeGreaterThan(4);
    });
  });
});
