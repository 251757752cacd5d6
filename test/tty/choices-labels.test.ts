// `-n 3` in a terminal labels every choice, the first included (issue 12, 13).
import { describe, expect, it } from 'vitest';
import { allText, ttyWorld } from './tty-harness.js';

describe('-n 3 in a terminal', () => {
  it('shows "choice 1", "choice 2" and "choice 3", in that order', async () => {
    const w = await ttyWorld({ tokenDelayMs: 2 });
    const p = w.spawn(['complete', '-n', '3', '--max-tokens', '6', 'three ways']);
    await p.waitFor('✓', 15_000);
    expect(await p.waitForExit()).toBe(0);
    const text = allText(p.grid());
    const at = ['choice 1', 'choice 2', 'choice 3'].map((t) => text.indexOf(t));
    expect(
      at.every((i) => i >= 0),
      text,
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  }, 30_000);
});
