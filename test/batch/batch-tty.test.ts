// `rpv batch` in a terminal: one live progress line on stderr, rewritten in place, then the summary.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collapse, ttyWorld } from '../tty/tty-harness.js';

describe('rpv batch in a terminal', () => {
  it('shows a live progress line while jobs run and the summary at the end', async () => {
    const w = await ttyWorld({ tokenDelayMs: 10 });
    const file = join(w.home.dir, 'tty.jsonl');
    writeFileSync(
      file,
      Array.from({ length: 12 }, (_, i) =>
        JSON.stringify({ prompt: `tty ${i}`, sampling_params: { max_tokens: 60 } }),
      ).join('\n'),
    );
    const out = join(w.home.dir, 'tty.out');
    const p = w.spawn(['batch', file, '-o', out, '--concurrency', '3']);
    await p.waitFor(/batch: \d+ done, 0 failed, \d+ in flight \(limit 3/);
    expect(await p.waitForExit(30_000)).toBe(0);
    const shown = collapse(p.grid().text());
    expect(shown).toMatch(/batch completed: 12 ok, 0 failed/);
    // the live line was rewritten in place (carriage return + erase line), not printed line after line
    expect(p.raw()).toMatch(/\r\u001b\[2Kbatch: /);
    expect(shown).not.toMatch(/in flight \(limit 3.*batch completed/);
  }, 40_000);
});
