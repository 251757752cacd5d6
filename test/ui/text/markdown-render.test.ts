// The Markdown constructs of issue 12 as the terminal shows them: code blocks, links, quotes,
// and NO_COLOR keeping the marks.
import chalk from 'chalk';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FRESH_START } from '../../../src/ui/job/items.js';
import { hyperlink } from '../../../src/ui/text/inline-runs.js';
import { painterFor } from '../../../src/ui/text/paint.js';
import { replyRows, type TextOptions } from '../../../src/ui/text/transcript-text.js';
import { wantsHyperlinks } from '../../../src/output/mode.js';

const opts = (columns = 60, color = false, more: Partial<TextOptions> = {}): TextOptions => ({
  markdown: true,
  painter: painterFor(color),
  columns,
  ...more,
});
const rows = (text: string, o: TextOptions = opts()) => replyRows(text, FRESH_START, o);
const OSC8 = /\u001b\]8;;([^\u001b]*)\u001b\\/g;

const level = chalk.level;
beforeEach(() => {
  chalk.level = 3;
});
afterEach(() => {
  chalk.level = level;
});

describe('code blocks', () => {
  it('writes code lines whole and with nothing before them, however long', () => {
    const line = `const x = "${'y'.repeat(120)}";`;
    const shown = rows(`\`\`\`ts\n${line}\n  indented\n\`\`\`\n`, opts(40));
    expect(shown).toEqual(['```ts', line, '  indented', '```']);
    const coloured = rows(`\`\`\`ts\n${line}\n\`\`\`\n`, opts(40, true));
    expect(coloured.map((r) => stripVTControlCharacters(r))).toEqual(['```ts', line, '```']);
    expect(coloured[1]).toBe(chalk.cyan(line));
  });
});

describe('links', () => {
  const long = `https://example.com/${'segment/'.repeat(10)}end`;

  it('never breaks a URL with a newline of ours, bare or in a link', () => {
    for (const text of [`see ${long} now`, `see [the page](${long}) now`]) {
      for (const o of [opts(30), opts(30, true)]) {
        const shown = rows(text, o).map((r) => stripVTControlCharacters(r));
        expect(shown.some((r) => r.includes(long))).toBe(true);
      }
    }
    expect(rows(`see ${long} now`, { ...opts(30), markdown: false }).some((r) => r.includes(long))).toBe(true);
  });

  it('writes OSC 8 hyperlinks when the terminal shows them, the URL after the text when not', () => {
    const text = 'read [the docs](https://x.io/d) or https://y.io';
    const on = rows(text, opts(80, true, { hyperlinks: true })).join('\n');
    expect([...on.matchAll(OSC8)].map((m) => m[1])).toEqual(['https://x.io/d', '', 'https://y.io', '']);
    expect(stripVTControlCharacters(on)).toBe('read the docs or https://y.io');
    expect(on).toContain(hyperlink('https://x.io/d', chalk.blue.underline('the docs')));
    const off = rows(text, opts(80, true)).join('\n');
    expect(off).not.toContain('\u001b]8');
    expect(stripVTControlCharacters(off)).toBe('read the docs (https://x.io/d) or https://y.io');
    const live = rows(text, opts(80, true, { hyperlinks: true, linkEscapes: false })).join('\n');
    expect(live).not.toContain('\u001b]8');
    expect(stripVTControlCharacters(live)).toBe(stripVTControlCharacters(on));
  });

  it('links only http(s) and mailto URLs', () => {
    expect(hyperlink('javascript:alert(1)', 'x')).toBe('x');
    expect(hyperlink('https://a.io', 'x')).toBe('\u001b]8;;https://a.io\u001b\\x\u001b]8;;\u001b\\');
  });
});

describe('wantsHyperlinks', () => {
  const tty = (env: Record<string, string>) => wantsHyperlinks({ env, stdoutIsTTY: true });
  it.each([
    [{ TERM_PROGRAM: 'iTerm.app' }, true],
    [{ TERM_PROGRAM: 'WezTerm' }, true],
    [{ VTE_VERSION: '7600' }, true],
    [{ VTE_VERSION: '4200' }, false],
    [{ WT_SESSION: 'abc' }, true],
    [{ TERM: 'xterm-kitty' }, true],
    [{ TERM: 'xterm-256color' }, false],
    [{ TERM_PROGRAM: 'Apple_Terminal' }, false],
    [{ TERM_PROGRAM: 'iTerm.app', NO_COLOR: '1' }, false],
    [{ TERM_PROGRAM: 'iTerm.app', TERM: 'dumb' }, false],
    [{ TERM_PROGRAM: 'iTerm.app', RPV_HYPERLINKS: '0' }, false],
    [{ VTE_VERSION: '7600', TMUX: '/tmp/tmux-0/default,1,0' }, false],
    [{ TERM: 'xterm-256color', RPV_HYPERLINKS: '1' }, true],
    [{ RPV_HYPERLINKS: '1', NO_COLOR: '1' }, false],
  ])('%j -> %s', (env, expected) => {
    expect(tty(env)).toBe(expected);
  });
  it('is off when stdout is not a terminal', () => {
    expect(wantsHyperlinks({ env: { TERM_PROGRAM: 'iTerm.app', RPV_HYPERLINKS: '1' }, stdoutIsTTY: false })).toBe(
      false,
    );
  });
});

describe('quotes', () => {
  it('draws quotes with a dim bar per level and dim italic text, unlike code', () => {
    const coloured = rows('> said *so*\n> > deeper\n', opts(40, true));
    expect(coloured[0]).toBe(
      `${chalk.dim('▌ ')}${chalk.dim(chalk.italic('said '))}${chalk.dim(chalk.italic(chalk.italic('so')))}`,
    );
    expect(stripVTControlCharacters(coloured[1] ?? '')).toBe('▌ ▌ deeper');
    expect(rows('> a quote that wraps onto more rows\n', opts(16))).toEqual([
      '▌ a quote that',
      '▌ wraps onto',
      '▌ more rows',
    ]);
  });
});

describe('NO_COLOR', () => {
  it('keeps bold, italic, code and link marks as written when there is no colour', () => {
    expect(rows('**b** *i* `c` [t](https://u.io) __d__\n')).toEqual(['**b** *i* `c` [t](https://u.io) __d__']);
    expect(rows('- **item**\n## **head**\n')).toEqual(['• **item**', '## **head**']);
  });
});
