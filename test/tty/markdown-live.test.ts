// A Markdown reply (from the emulator's reply file) through the built binary in a terminal: the
// table is aligned on screen, a long code line reaches the terminal whole (no gutter, no newline
// of ours inside it), NO_COLOR keeps the `**` marks, and a pipe still gets the model's bytes.
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/ui/text/text-width.js';
import { runRpv } from '../helpers/cli.js';
import { ttyWorld } from './tty-harness.js';

const CODE = `const answer = computeTheAnswer({ question: "${'life '.repeat(14).trim()}" });`;
const URL = `https://example.com/${'docs/'.repeat(14)}page`;
const REPLY = [
  '## Fruit',
  '',
  '| Fruit | 数量 | Price |',
  '|:------|:---:|------:|',
  '| apple | 3 | 1.50 |',
  '| **kiwi** | 12 | 10.00 |',
  '| 日本の梨 | 7 | 2.25 |',
  '',
  '```js',
  CODE,
  '```',
  '',
  `Some **bold** words and a link: ${URL} to read.`,
  '',
].join('\n');

describe('rpv complete with a Markdown reply in a terminal', () => {
  it('aligns the table, writes the code line whole without a gutter, links the URL and keeps it whole', async () => {
    const w = await ttyWorld({ tokenDelayMs: 0, replyText: REPLY });
    const p = w.spawn(['complete', '--max-tokens', '500', 'markdown please'], {
      cols: 80,
      rows: 30,
      env: { TERM_PROGRAM: 'WezTerm' },
    });
    expect(await p.waitForExit()).toBe(0);
    expect(p.raw()).toContain(`\u001b]8;;${URL}\u001b\\`);
    const lines = p.grid().lines();
    const rows = lines.filter((l) => /apple|kiwi|日本の梨|Fruit +│/.test(l));
    expect(rows).toHaveLength(4);
    // every row's first bar in the same terminal column, wide characters counted twice
    expect(rows.map((r) => displayWidth(r.slice(0, r.indexOf('│'))))).toEqual([9, 9, 9, 9]);
    expect(lines.some((l) => /^─+┼─+┼─+$/.test(l.trim()))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/\|:?-{3}/);

    const text = stripVTControlCharacters(p.raw());
    expect(text).toContain(`\n${CODE}`);
    expect(text).toContain(URL);
    expect(lines.some((l) => l.startsWith('const answer'))).toBe(true);
    expect(lines.join('\n')).not.toContain('│ const');
  }, 20_000);

  it('keeps the ** marks with NO_COLOR, and a pipe gets the reply byte for byte', async () => {
    const w = await ttyWorld({ tokenDelayMs: 0, replyText: REPLY });
    const p = w.spawn(['complete', '--max-tokens', '500', 'markdown please'], { env: { NO_COLOR: '1' } });
    expect(await p.waitForExit()).toBe(0);
    expect(p.grid().lines().join('\n')).toContain('Some **bold** words');
    expect(p.raw()).not.toContain('\u001b]8');

    const piped = await runRpv(['complete', '--max-tokens', '500', 'markdown please'], {
      env: w.env({ TERM_PROGRAM: 'iTerm.app' }),
      timeoutMs: 10_000,
    });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(REPLY);
  }, 20_000);
});
