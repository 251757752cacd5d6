// Keys and slash commands of the interactive chat in a real terminal: Ctrl-D / Ctrl-C (twice) at
// an empty prompt, keys typed ahead in one read, input history across runs, Tab completion,
// /help, /retry after a failed turn, multi-line input (paste, Alt+Enter, Ctrl-J, backslash) and
// NO_COLOR.
import { describe, expect, it } from 'vitest';
import { allText, collapse, idle, inputBox, replyOf, runMessages, ttyWorld, type TtyRun } from './tty-harness.js';

const UP = '\u001b[A';

/** The slash commands the contract lists. */
const COMMANDS = ['/help', '/exit', '/clear', '/system', '/set', '/params', '/save', '/retry', '/stats', '/job'];

async function ready(p: TtyRun): Promise<void> {
  await p.waitFor('Send a message');
}

describe('rpv chat keys and commands', () => {
  it('keeps input history across runs: Up recalls the last message; Ctrl-D, or Ctrl-C twice, at an empty prompt exits 0', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const first = w.spawn(['chat', '--max-tokens', '8']);
    await ready(first);
    await first.send('first question');
    await first.waitScreen(
      (s) => w.emulator.jobs().length === 1 && idle(s) && allText(s).includes(collapse(replyOf(w.emulator, 0))),
      'the reply',
    );
    first.write('\u0004');
    expect(await first.waitForExit()).toBe(0);

    const second = w.spawn(['chat', '--max-tokens', '8']);
    await ready(second);
    second.write(UP);
    await second.waitScreen(
      (s) => inputBox(s)[0]?.startsWith('› first question') === true,
      'the recalled entry in the input box',
    );
    second.write('\u0003');
    await second.waitScreen(
      (s) => idle(s) && !inputBox(s).join(' ').includes('first question'),
      'Ctrl-C to clear the input',
    );
    second.write('\u0003');
    await second.waitFor('press Ctrl-C again to exit');
    second.write('\u0003');
    expect(await second.waitForExit()).toBe(0);
    expect(w.emulator.count('run')).toBe(1);
  }, 30_000);

  it('a single Ctrl-C at an empty prompt right after a reply only asks for a second one; two within 2 s exit', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const p = w.spawn(['chat', '--max-tokens', '8']);
    await ready(p);
    await p.send('one question');
    await p.waitScreen(
      (s) => w.emulator.jobs().length === 1 && idle(s) && allText(s).includes(collapse(replyOf(w.emulator, 0))),
      'the reply',
    );
    const hint = 'press Ctrl-C again to exit';
    p.write('\u0003');
    await p.waitScreen((s) => s.lines().some((l) => l.includes(hint)), 'the hint after one Ctrl-C');
    // The hint goes after 2 s; a Ctrl-C after that asks again instead of exiting.
    await p.waitScreen((s) => !s.lines().some((l) => l.includes(hint)), 'the hint to expire', 5000);
    const mark = p.mark();
    p.write('\u0003');
    await p.waitFor(hint, 5000, mark);
    let exited = false;
    void p.exitCode.then(() => (exited = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(exited).toBe(false);
    p.write('\u0003');
    expect(await p.waitForExit()).toBe(0);
  }, 30_000);

  it('completes /he to /help with Tab, and /help lists every slash command', async () => {
    const w = await ttyWorld();
    const p = w.spawn(['chat']);
    await ready(p);
    p.write('/he');
    await p.waitScreen((s) => inputBox(s)[0]?.startsWith('› /he') === true, '/he typed');
    p.write('\t');
    await p.waitScreen((s) => /^› \/help\b/.test(inputBox(s)[0] ?? ''), 'Tab to complete /help');
    p.write('\r');
    const screen = await p.waitScreen((s) => allText(s).includes('keys:') && idle(s), 'the /help listing');
    const lines = [...screen.scrollback, ...screen.lines()];
    for (const name of COMMANDS) expect(lines.some((l) => l.trimStart().startsWith(name))).toBe(true);
    p.write('/exit');
    await p.waitScreen((s) => inputBox(s)[0]?.startsWith('› /exit') === true, '/exit typed');
    p.write('\r');
    expect(await p.waitForExit()).toBe(0);
    expect(w.emulator.count('run')).toBe(0);
  }, 30_000);

  it('shows one error line for a failed turn, and /retry sends the same message again', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5, faults: [{ name: 'fail' }] });
    const em = w.emulator;
    const p = w.spawn(['chat', '--max-tokens', '8']);
    await ready(p);
    await p.send('will this work');
    const failed = await p.waitScreen((s) => allText(s).includes('✗') && idle(s), 'the error line');
    const errorLines = [...failed.scrollback, ...failed.lines()].filter((l) => l.startsWith('✗'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain(em.jobs()[0]?.id ?? 'no job');

    await p.send('/retry');
    await p.waitScreen(() => em.jobs().length === 2, 'the retried job');
    expect(runMessages(em, 0)).toEqual([{ role: 'user', content: 'will this work' }]);
    expect(runMessages(em, 1)).toEqual([{ role: 'user', content: 'will this work' }]);
    await p.waitScreen((s) => idle(s) && allText(s).includes(collapse(replyOf(em, 1))), 'the reply of the retry');
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
    expect(em.count('run')).toBe(2);
  }, 30_000);

  it('takes multi-line input from a paste, Alt+Enter, Ctrl-J and a trailing backslash, and sends it on Enter', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const p = w.spawn(['chat', '--max-tokens', '8']);
    await ready(p);
    p.write('\u001b[200~pasted one\rpasted two\u001b[201~');
    await p.waitScreen(
      (s) => inputBox(s).length === 2 && inputBox(s)[1]?.startsWith('  pasted two') === true,
      'the paste on two lines',
    );
    const steps: [keys: string, what: string, lines: number][] = [
      ['\u001b\r', 'Alt+Enter', 3],
      ['alt', 'typing', 3],
      ['\n', 'Ctrl-J', 4],
      ['ctrl\\', 'typing', 4],
      ['\r', 'backslash Enter', 5],
      ['last', 'typing', 5],
    ];
    for (const [keys, what, lines] of steps) {
      p.write(keys);
      const typed = what === 'typing' ? keys : '';
      await p.waitScreen((s) => inputBox(s).length === lines && (inputBox(s).at(-1) ?? '').includes(typed), what);
    }
    expect(w.emulator.count('run')).toBe(0);
    p.write('\r');
    await p.waitScreen((s) => w.emulator.jobs().length === 1 && idle(s), 'the message to be sent');
    expect(runMessages(w.emulator, 0)).toEqual([{ role: 'user', content: 'pasted one\npasted two\nalt\nctrl\nlast' }]);
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
  }, 30_000);

  it('sends text typed ahead together with Enter in one read, but keeps a paste with inner line breaks', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const p = w.spawn(['chat', '--max-tokens', '8']);
    await ready(p);
    p.write('typed ahead\r');
    await p.waitScreen((s) => w.emulator.jobs().length === 1 && idle(s), 'the typed-ahead message to be sent');
    expect(runMessages(w.emulator, 0)).toEqual([{ role: 'user', content: 'typed ahead' }]);
    p.write('inner\rbreak');
    await p.waitScreen(
      (s) => inputBox(s).length === 2 && (inputBox(s)[1] ?? '').includes('break'),
      'the paste on two lines',
    );
    expect(w.emulator.count('run')).toBe(1);
    p.write('\r');
    await p.waitScreen((s) => w.emulator.jobs().length === 2 && idle(s), 'the pasted message to be sent');
    expect(runMessages(w.emulator, 1).at(-1)).toEqual({ role: 'user', content: 'inner\nbreak' });
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
  }, 30_000);

  it('applies control keys and arrows that arrive in one read with the text, in order', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const p = w.spawn(['chat', '--max-tokens', '8']);
    await ready(p);
    // One write, as a laggy link delivers it: Ctrl-W, Ctrl-U, Backspace, two Lefts, then Enter.
    p.write('hello wor\u0017there\u0015fresh startt\u007f\u001b[D\u001b[Dxy\r');
    await p.waitScreen((s) => w.emulator.jobs().length === 1 && idle(s), 'the message to be sent');
    expect(runMessages(w.emulator, 0)).toEqual([{ role: 'user', content: 'fresh staxyrt' }]);
    p.write('never sent\u0003');
    await p.waitScreen((s) => idle(s) && !inputBox(s).join(' ').includes('never sent'), 'Ctrl-C to clear the input');
    expect(w.emulator.count('run')).toBe(1);
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
  }, 30_000);

  it('writes no colour escape codes with NO_COLOR=1', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const p = w.spawn(['chat', '--max-tokens', '8'], { env: { NO_COLOR: '1' } });
    await ready(p);
    await p.send('plain please');
    await p.waitScreen(
      (s) => w.emulator.jobs().length === 1 && idle(s) && allText(s).includes(collapse(replyOf(w.emulator, 0))),
      'the reply',
    );
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
    expect(p.raw()).not.toMatch(/\u001b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/);
  }, 30_000);
});
