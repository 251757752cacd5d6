// `rpv complete` on a terminal: the live view walks through the phases of a cold start, leaves
// the generated text and the stats line on screen, and exits 0; NO_COLOR removes the colours.
import { describe, expect, it } from 'vitest';
import { collapse, replyOf, ttyWorld } from './tty-harness.js';

/** SGR sequences that set a foreground or background colour (basic, bright, 256 or true colour). */
const COLOUR_SGR = /\u001b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

describe('rpv complete in a terminal', () => {
  it('shows "in queue" during a cold start, then "generating", then the text and the stats line', async () => {
    const w = await ttyWorld({ tokenDelayMs: 10, coldStartMs: 1000 });
    const p = w.spawn(['complete', '--max-tokens', '24', 'Tell me about GPUs']);
    await p.waitFor('in queue');
    const queued = p.mark();
    await p.waitFor('generating', 10_000, queued);
    await p.waitFor('✓', 10_000, queued);
    expect(await p.waitForExit()).toBe(0);

    const text = replyOf(w.emulator, 0);
    expect(text.length).toBeGreaterThan(0);
    const screen = p.grid();
    const shown = collapse(screen.text());
    expect(shown).toContain(collapse(text));
    const stats = shown.slice(shown.lastIndexOf('✓'));
    expect(stats).toMatch(/queue (?:[\d.]+s|\d+ms)/);
    expect(stats).toMatch(/first token (?:[\d.]+s|\d+ms)/);
    expect(stats).toMatch(/[\d.]+ tok\/s/);
    // the queue time reflects the 1 s cold start
    expect(Number(/queue ([\d.]+)s/.exec(stats)?.[1] ?? 0)).toBeGreaterThanOrEqual(0.9);
    expect(screen.text()).not.toMatch(/in queue|generating ·/);
    expect(p.raw()).toMatch(COLOUR_SGR);
  }, 30_000);

  it('writes no colour escape codes with NO_COLOR=1', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const p = w.spawn(['complete', '--max-tokens', '12', 'colourless please'], { env: { NO_COLOR: '1' } });
    await p.waitFor('✓');
    expect(await p.waitForExit()).toBe(0);
    expect(collapse(p.grid().text())).toContain(collapse(replyOf(w.emulator, 0)));
    expect(p.raw()).not.toMatch(COLOUR_SGR);
  }, 30_000);
});
