// Slash commands of the built binary in a real terminal, against the emulator: a refused command
// leaves the input empty with its error shown once, and -c brings /set parameters back.
import { describe, expect, it } from 'vitest';
import { allText, collapse, idle, inputBox, replyOf, runMessages, ttyWorld, type TtyRun } from './tty-harness.js';

async function ready(p: TtyRun): Promise<void> {
  await p.waitFor('Send a message');
}

/** Sends a message and waits until its reply (the n-th job, 0-based) is on screen. */
async function turn(p: TtyRun, jobs: () => unknown[], reply: (n: number) => string, text: string, n: number) {
  await p.send(text);
  await p.waitScreen((s) => jobs().length > n && idle(s) && allText(s).includes(collapse(reply(n))), `reply ${n}`);
}

/** Every line the terminal holds, scrolled-off ones included. */
const lines = (p: TtyRun) => {
  const s = p.grid();
  return [...s.scrollback, ...s.lines()];
};

describe('rpv chat slash commands in a terminal', () => {
  it('a refused command leaves the input empty with one error line, so the next message is sent alone', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const em = w.emulator;
    const p = w.spawn(['chat', '--max-tokens', '8']);
    await ready(p);
    await p.send('/set temprature 0.5');
    await p.waitScreen((s) => allText(s).includes('unknown parameter "temprature"') && idle(s), 'the /set error');
    await p.send('/frobnicate');
    await p.waitScreen((s) => allText(s).includes('unknown command /frobnicate') && idle(s), 'the command error');
    expect(lines(p).filter((l) => l.includes('unknown parameter "temprature"'))).toHaveLength(1);
    expect(lines(p).filter((l) => l.includes('unknown command /frobnicate'))).toHaveLength(1);
    await turn(p, em.jobs, (n) => replyOf(em, n), 'hello', 0);
    expect(runMessages(em, 0)).toEqual([{ role: 'user', content: 'hello' }]);
    p.write('\u001b[A');
    await p.waitScreen((s) => inputBox(s)[0]?.startsWith('› hello') === true, 'Up to recall the message');
    p.write('\u001b[A');
    await p.waitScreen((s) => inputBox(s)[0]?.startsWith('› /frobnicate') === true, 'Up to recall the command');
    p.write('\u0003');
    await p.waitScreen((s) => idle(s), 'Ctrl-C to clear the input');
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
  }, 30_000);

  it('-c brings back the /set parameters of the conversation (a flag given now wins)', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const em = w.emulator;
    const sampling = (n: number) =>
      (em.jobs()[n]?.input as { sampling_params: Record<string, unknown> }).sampling_params;
    const first = w.spawn(['chat', '--max-tokens', '8']);
    await ready(first);
    await first.send('/set temperature 0.25');
    await first.waitFor('temperature = 0.25');
    await first.send('/set top_k 7');
    await first.waitFor('top_k = 7');
    await turn(first, em.jobs, (n) => replyOf(em, n), 'first run', 0);
    await first.send('/exit');
    expect(await first.waitForExit()).toBe(0);

    const second = w.spawn(['chat', '-c', '--max-tokens', '8', '--top-k', '3']);
    await ready(second);
    await second.send('/params');
    await second.waitFor('not sent');
    const shown = lines(second).map((l) => collapse(l));
    expect(shown).toContain('temperature 0.25 /set, kept in the session');
    expect(shown).toContain('top_k 3 flag');
    expect(shown).toContain('max_tokens 8 flag');
    await turn(second, em.jobs, (n) => replyOf(em, n), 'second run', 1);
    expect(sampling(1)).toMatchObject({ temperature: 0.25, top_k: 3, max_tokens: 8 });
    second.write('\u0004');
    expect(await second.waitForExit()).toBe(0);
  }, 30_000);
});
