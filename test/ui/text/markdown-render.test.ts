// The Markdown constructs of issue 12 as the terminal shows them: code blocks, quotes, and
// NO_COLOR keeping the marks.
import chalk from 'chalk';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FRESH_START } from '../../../src/ui/job/items.js';
import { painterFor } from '../../../src/ui/text/paint.js';
import { replyRows, type TextOptions } from '../../../src/ui/text/transcript-text.js';

const opts = (columns = 60, color = false, more: Partial<TextOptions> = {}): TextOptions => ({
  markdown: true,
  painter: painterFor(color),
  columns,
  ...more,
});
const rows = (text: string, o: TextOptions = opts()) => replyRows(text, FRESH_START, o);

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
  it('keeps bold, italic and code marks as written when there is no colour', () => {
    expect(rows('**b** *i* `c` __d__\n')).toEqual(['**b** *i* `c` __d__']);
    expect(rows('- **item**\n## **head**\n')).toEqual(['• **item**', '## **head**']);
  });
});
