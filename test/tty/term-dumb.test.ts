// TERM=dumb is treated as a pipe: the text as generated, no cursor movement, no synchronized
// output, no spinner frames, even though stdout is a terminal.
import { describe, expect, it } from 'vitest';
import { replyOf, ttyWorld } from './tty-harness.js';

/** Any CSI sequence that moves the cursor, erases, or toggles a private mode (e.g. ?2026, ?25). */
const CURSOR = /\u001b\[(?:\?[0-9;]*[hl]|[0-9;]*[ABCDEFGHJKST])/;

describe('TERM=dumb', () => {
  it('rpv complete prints the plain text with no cursor movement', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const p = w.spawn(['complete', '--max-tokens', '12', 'plain please'], { env: { TERM: 'dumb' } });
    expect(await p.waitForExit()).toBe(0);
    const raw = p.raw();
    expect(raw).not.toMatch(CURSOR);
    expect(raw.replace(/\r\n/g, '\n')).toContain(`${replyOf(w.emulator, 0)}\n`);
  }, 30_000);

  it('a control run without TERM=dumb does move the cursor (the check can fail)', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const p = w.spawn(['complete', '--max-tokens', '12', 'live please']);
    expect(await p.waitForExit()).toBe(0);
    expect(p.raw()).toMatch(CURSOR);
  }, 30_000);
});
