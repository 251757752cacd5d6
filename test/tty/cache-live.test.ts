// A cached answer in the terminal view: shown at once, marked `cached` in the stats line, and
// nothing is sent to the service.
import { describe, expect, it } from 'vitest';
import { collapse, replyOf, ttyWorld } from './tty-harness.js';

describe('rpv complete --cache in a terminal', () => {
  it('shows the cached answer and marks it, with no request to the service', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const args = ['complete', '--cache', '--temperature', '0', '--max-tokens', '12', 'cache in the terminal'];
    const first = w.spawn(args);
    await first.waitFor('✓');
    expect(await first.waitForExit()).toBe(0);
    const sent = w.emulator.requests().length;
    const second = w.spawn(args);
    await second.waitFor('cached');
    expect(await second.waitForExit()).toBe(0);
    expect(w.emulator.requests().length).toBe(sent);
    const shown = collapse(second.grid().text());
    expect(shown).toContain(collapse(replyOf(w.emulator, 0)));
    expect(shown).toMatch(/cached · total \d+ms/);
  }, 30_000);
});
