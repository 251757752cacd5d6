// A short terminal (a tmux pane, a split window): the chat's live area must stay shorter than
// the screen, or Ink falls back to clearing the whole terminal on every frame, which flickers and
// erases the scrollback (ESC[2J ESC[3J).
import { describe, expect, it } from 'vitest';
import { idle, inputBox, ttyWorld } from './tty-harness.js';

const CLEAR_SCREEN = /\u001b\[2J|\u001b\[3J/;

describe('rpv chat in a short terminal', () => {
  for (const [cols, rows] of [
    [40, 8],
    [80, 7],
  ] as const) {
    it(`never clears a ${cols}x${rows} screen while a reply streams under a multi-line draft and a hint`, async () => {
      const w = await ttyWorld({ tokenDelayMs: 10 });
      const p = w.spawn(['chat', '--max-tokens', '1000'], { cols, rows });
      await p.waitFor('Send a message');
      await p.send('tell me something');
      await p.waitFor('first token');
      const draft = ['a draft', 'over three', 'lines'];
      for (const [i, line] of draft.entries()) {
        if (i > 0) {
          const mark = p.mark();
          p.write('\n');
          await p.waitFor('⋮', 10_000, mark);
        }
        p.write(line);
        await p.waitScreen((s) => (inputBox(s).at(-1) ?? '').includes(line), `"${line}" typed`);
      }
      p.write('\r');
      await p.waitFor('still streaming');
      const mark = p.mark();
      await p.waitFor(/generating · [\d.]+m?s/, 10_000, mark);
      expect(w.emulator.jobs()[0]?.status).toBe('IN_PROGRESS');
      expect(p.raw()).not.toMatch(CLEAR_SCREEN);
      await p.waitScreen((s) => (inputBox(s).at(-1) ?? '').includes('lines'), 'the draft still in the box');
      p.write('\u0003');
      await p.waitFor('[interrupted]');
      p.write('\u0003');
      await p.waitScreen(idle, 'Ctrl-C to clear the draft');
      p.write('\u0004');
      expect(await p.waitForExit()).toBe(0);
    }, 30_000);
  }
});
