// The Markdown constructs of issue 12 as the terminal shows them: tables, code blocks, links,
// quotes, and NO_COLOR keeping the marks.
import chalk from 'chalk';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FRESH_START } from '../../../src/ui/job/items.js';
import { initialLiveState, liveReducer } from '../../../src/ui/job/state.js';
import { hyperlink } from '../../../src/ui/text/inline-runs.js';
import { painterFor } from '../../../src/ui/text/paint.js';
import { startAfter } from '../../../src/ui/text/split.js';
import { displayWidth } from '../../../src/ui/text/text-width.js';
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

describe('tables', () => {
  const table = '| Name | Qty | Price |\n|:-----|:---:|------:|\n| apple | 3 | 1.5 |\n| **kiwi** | 12 | 10 |\n';

  it('aligns the columns (left, centre, right) with a rule under the header', () => {
    expect(rows(table)).toEqual([
      'Name     │ Qty │ Price',
      '─────────┼─────┼──────',
      'apple    │  3  │   1.5',
      '**kiwi** │ 12  │    10',
    ]);
  });

  it('renders inline Markdown inside cells and measures them without their marks when coloured', () => {
    const shown = rows(table, opts(60, true)).map((r) => stripVTControlCharacters(r));
    expect(shown).toEqual(['Name  │ Qty │ Price', '──────┼─────┼──────', 'apple │  3  │   1.5', 'kiwi  │ 12  │    10']);
    expect(rows(table, opts(60, true))[3]).toContain(chalk.bold('kiwi'));
  });

  it('counts wide characters and emoji as two columns', () => {
    const shown = rows('| 名前 | ok |\n|---|---|\n| 日本語テキスト | 🎉 |\n| a | b |\n');
    const bars = shown.filter((r) => r.includes('│')).map((r) => displayWidth(r.slice(0, r.indexOf('│'))));
    expect(new Set(bars)).toEqual(new Set([15]));
    expect(shown[0]).toBe('名前           │ ok');
  });

  it('wraps cells within their column when the table is wider than the terminal', () => {
    const wide = `| key | description |\n|---|---|\n| a | ${'word '.repeat(20).trim()} |\n`;
    const shown = rows(wide, opts(30));
    for (const row of shown) expect(displayWidth(row)).toBeLessThanOrEqual(30);
    expect(shown.length).toBeGreaterThan(4);
    for (const row of shown.slice(2)) expect(row.indexOf('│')).toBe(4);
    expect(shown.join(' ').replace(/[│\s]+/g, ' ')).toContain(`a ${'word '.repeat(20).trim()}`);
  });

  it('falls back to the source lines when the columns cannot fit, without throwing', () => {
    const many = `|${' c |'.repeat(20)}\n|${'---|'.repeat(20)}\n|${' long cell |'.repeat(20)}\n`;
    const shown = rows(many, opts(20));
    expect(shown.join('').replace(/\s/g, '')).toBe(many.replace(/\s/g, ''));
  });

  it('shows a header and an unfinished delimiter row as a table while it streams', () => {
    expect(rows('| a | b |\n|--')).toEqual(['a │ b', '──┼──']);
    expect(rows('| a | b |\n|---|---|\n| 1 | 2')).toEqual(['a │ b', '──┼──', '1 │ 2']);
  });

  it('lines rows of a later chunk up with the widths of the rows already written', () => {
    const text = '| name | n |\n|---|---:|\n| apple | 10 |\n| b | 2 |\n';
    const cut = text.indexOf('| b');
    const start = startAfter(text, cut, FRESH_START);
    expect(start.table).toEqual(['| name | n |', '|---|---:|', '| apple | 10 |']);
    expect(replyRows(text.slice(cut), start, opts())).toEqual(['b     │  2']);
    expect(rows(text.slice(0, cut))[2]).toBe('apple │ 10');
  });

  it('stays aligned when a tall table streams into a small terminal, row by row', () => {
    const body = Array.from({ length: 30 }, (_, i) => `| row ${i} | ${'x'.repeat(i % 7)} | ${i * 3} |`);
    const text = `| name | value | n |\n|---|---|--:|\n${body.join('\n')}\n\nafter\n`;
    let state = initialLiveState(0, { columns: 40, rows: 12, reservedRows: 4 });
    for (let at = 0; at < text.length; at += 7) {
      state = liveReducer(state, {
        type: 'tokens',
        texts: [text.slice(at, at + 7)],
        count: 1,
        firstAt: 0,
        lastAt: 0,
        now: 0,
      });
      const live = replyRows(state.tail, state.tailStart, opts(40));
      expect(live.filter((r) => /^\| row|^\|-/.test(r))).toEqual([]);
    }
    state = liveReducer(state, {
      type: 'event',
      event: { type: 'done', jobId: 'j', text, choices: [text] } as never,
      now: 1,
    });
    const items = state.items.filter((i) => i.kind === 'reply');
    expect(items.length).toBeGreaterThan(2);
    const shown = items.flatMap((i) => (i.kind === 'reply' ? replyRows(i.text, i.start, opts(40)) : []));
    const rowsShown = shown.filter((r) => r.includes('│'));
    // no cell is broken over two rows (the widths grow with the rows, never shrink)
    expect(rowsShown).toHaveLength(31);
    expect(rowsShown.slice(1).every((r) => /^row \d+ +│ x* +│ +\d+$/.test(r))).toBe(true);
    const bars = rowsShown.map((r) => r.indexOf('│'));
    expect(bars.every((b, i) => i === 0 || b >= (bars[i - 1] ?? 0))).toBe(true);
    expect(shown.at(-1)).toBe('after');
  });

  it('reads a line with pipes but no delimiter row as text', () => {
    expect(rows('a | b\nnot a table\n')).toEqual(['a | b', 'not a table']);
  });
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

describe('quotes and NO_COLOR', () => {
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

  it('keeps bold, italic, code and link marks as written when there is no colour', () => {
    expect(rows('**b** *i* `c` [t](https://u.io) __d__\n')).toEqual(['**b** *i* `c` [t](https://u.io) __d__']);
    expect(rows('- **item**\n## **head**\n')).toEqual(['• **item**', '## **head**']);
  });
});
