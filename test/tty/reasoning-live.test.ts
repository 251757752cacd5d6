// A reasoning model in the terminal view: the reasoning shows dimmed while it streams, apart
// from the answer, is folded to one line once the answer starts, and a reply cut by
// --max-tokens ends with a dim "stopped: max tokens" note.
import { describe, expect, it } from 'vitest';
import { collapse, ttyWorld } from './tty-harness.js';

describe('reasoning in the live view', () => {
  it('dimmed while reasoning, folded to one line once the answer starts; the answer on screen', async () => {
    const w = await ttyWorld({ tokenDelayMs: 25, modelKind: 'reasoning', reasoningTokens: 30 });
    const p = w.spawn(['chat', '--max-tokens', '45', 'think first']);
    await p.waitFor('│ ');
    // The reasoning line is drawn dim (SGR 2).
    expect(p.raw()).toMatch(/\u001b\[2m[^\u001b]*│ /);
    await p.waitFor('✓', 20_000);
    expect(await p.waitForExit()).toBe(0);
    const [planned] = w.emulator.generateChoices(w.emulator.jobs()[0]!.input);
    const screen = collapse(p.grid().text());
    expect(screen).toContain(collapse(planned!.text));
    expect(screen).toMatch(/▸ reasoning \(\d+ words?\): /);
    // Folded: the screen holds one reasoning line, not the whole reasoning, and no live block.
    expect(screen).not.toContain(collapse(planned!.reasoning));
    expect(p.grid().text()).not.toContain('│ ');
    expect(screen).toContain('stopped: max tokens');
  }, 40_000);
});
