// A long reply streamed at full speed through the live view and the chat of the built binary:
// every word reaches the terminal exactly once, in order, and the scrollback is never cleared. Finished text is written outside Ink's frames, so this is the check that the
// two never overlap or lose a piece.
import { describe, expect, it } from 'vitest';
import { allText, collapse, idle, replyOf, ttyWorld } from './tty-harness.js';

const CLEAR_SCREEN = /\u001b\[2J|\u001b\[3J/;

describe('rpv complete with a long reply', () => {
  for (const markdown of [true, false]) {
    it(`shows all of a 3000-token reply once, in order (markdown ${markdown ? 'on' : 'off'})`, async () => {
      const w = await ttyWorld({ tokenDelayMs: 0 });
      const args = ['complete', '--max-tokens', '3000', 'a long story', ...(markdown ? [] : ['--no-markdown'])];
      const p = w.spawn(args, { cols: 100, rows: 30 });
      expect(await p.waitForExit()).toBe(0);
      const shown = allText(p.grid());
      const stats = shown.lastIndexOf('✓');
      expect(stats).toBeGreaterThan(0);
      // A reply cut by --max-tokens ends with the dim note, after all of its text.
      const cut = w.emulator.generateChoices(w.emulator.jobs()[0]!.input)[0]!.finishReason === 'length';
      const note = cut ? ' stopped: max tokens (raise --max-tokens for more)' : '';
      expect(shown.slice(0, stats).trim()).toBe(collapse(replyOf(w.emulator, 0)) + note);
      expect(p.raw()).not.toMatch(CLEAR_SCREEN);
    }, 30_000);
  }

  it('shows all of a 3000-token chat reply once, between the question and the input box', async () => {
    const w = await ttyWorld({ tokenDelayMs: 0 });
    const p = w.spawn(['chat', '--max-tokens', '3000'], { cols: 100, rows: 30 });
    await p.waitFor('Send a message');
    await p.send('a long story please');
    const reply = () => collapse(replyOf(w.emulator, 0));
    const screen = await p.waitScreen(
      (s) => w.emulator.jobs().length === 1 && idle(s) && allText(s).includes(reply()),
      'the whole reply',
      // 3000 tokens through the chat view: on a loaded 2-core machine this took over 10 s once.
      25_000,
    );
    const shown = allText(screen);
    expect(shown.split(reply())).toHaveLength(2);
    expect(shown.indexOf('› a long story please')).toBeLessThan(shown.indexOf(reply()));
    expect(p.raw()).not.toMatch(CLEAR_SCREEN);
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
  }, 45_000);
});
