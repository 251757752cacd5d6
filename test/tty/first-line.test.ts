// The first thing on screen: `complete` in a terminal says "submitting…" at once, before Ink and
// React have loaded and drawn their first frame; the view then draws over that line, so it is
// not left in the transcript.
import { describe, expect, it } from 'vitest';
import { allText, ttyWorld } from './tty-harness.js';

/** Where Ink's first frame begins (it draws inside synchronized-output brackets). */
const FRAME = '\u001b[?2026h';

describe('the first line in a terminal', () => {
  it('says submitting before the live view has drawn anything, and is gone after', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const p = w.spawn(['complete', '--max-tokens', '8', 'hello']);
    await p.waitFor('✓', 15_000);
    expect(await p.waitForExit()).toBe(0);
    const raw = p.raw();
    const first = raw.indexOf('submitting…');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(raw.indexOf(FRAME)).toBeGreaterThan(first);
    // Nothing was printed before it.
    expect(raw.slice(0, first).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')).toBe('');
    expect(allText(p.grid())).not.toContain('submitting…');
  }, 30_000);
});
