// Slash commands of the built binary in a real terminal, against the emulator: a refused command
// leaves the input empty, /save asks before overwriting and says why a write failed, /clear of a
// named session asks first, -c brings /set parameters back, and leaving says how to continue.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allText, collapse, idle, inputBox, replyOf, runMessages, ttyWorld, type TtyRun } from './tty-harness.js';
import type { VtScreen } from './vt-screen.js';

async function ready(p: TtyRun): Promise<void> {
  await p.waitFor('Send a message');
}

/** Sends a message and waits until its reply (the n-th job, 0-based) is on screen. */
async function turn(p: TtyRun, jobs: () => unknown[], reply: (n: number) => string, text: string, n: number) {
  await p.send(text);
  await p.waitScreen((s) => jobs().length > n && idle(s) && allText(s).includes(collapse(reply(n))), `reply ${n}`);
}

/** The y/N question is showing above the input (an answered one in the transcript ends in y or n). */
const asking = (question: string) => (s: VtScreen) => s.lines().some((l) => l.trimEnd().endsWith(question));

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

  it('/save: nothing to save writes nothing; an existing file is overwritten only after y; a failed write is one line', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const em = w.emulator;
    const p = w.spawn(['chat', '--max-tokens', '8']);
    await ready(p);
    const file = join(w.home.dir, 'notes.md');
    await p.send(`/save ${file}`);
    await p.waitFor('nothing to save yet');
    expect(existsSync(file)).toBe(false);

    await turn(p, em.jobs, (n) => replyOf(em, n), 'keep this', 0);
    writeFileSync(file, 'old notes\n');
    const question = `${file} exists: overwrite it? (y/N)`;
    await p.send(`/save ${file}`);
    await p.waitScreen(asking(question), 'the overwrite question');
    p.write('n');
    await p.waitFor('not saved');
    expect(readFileSync(file, 'utf8')).toBe('old notes\n');

    await p.send(`/save ${file}`);
    await p.waitScreen(asking(question), 'the question again');
    const mark = p.mark();
    p.write('y');
    await p.waitFor(`saved to ${file}`, 5000, mark);
    expect(readFileSync(file, 'utf8')).toContain('## user\n\nkeep this');

    const blocker = join(w.home.dir, 'a-file');
    writeFileSync(blocker, '');
    await p.send(`/save ${blocker}/t.md`);
    const notFolder = `not saved: cannot write ${blocker}/t.md: a part of its path is not a folder`;
    await p.waitScreen((s) => allText(s).includes(notFolder), 'the one-line error');
    const missing = join(w.home.dir, 'no-such-folder', 't.md');
    await p.send(`/save ${missing}`);
    await p.waitScreen((s) => allText(s).includes(`not saved: cannot write ${missing}: no such folder`), 'the error');
    expect(p.screen()).not.toMatch(/ENOTDIR|ENOENT|EACCES|\n\s+at \S+ \(/);

    await p.send('/clear');
    await p.waitFor('conversation cleared');
    const mark2 = p.mark();
    await p.send(`/save ${join(w.home.dir, 'after-clear.md')}`);
    await p.waitFor('nothing to save yet', 5000, mark2);
    expect(existsSync(join(w.home.dir, 'after-clear.md'))).toBe(false);
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
  }, 30_000);

  it('/clear of a named session asks first: n keeps its file, y rewrites it; leaving names --session', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const em = w.emulator;
    const p = w.spawn(['chat', '--session', 'work', '--max-tokens', '8']);
    await ready(p);
    await turn(p, em.jobs, (n) => replyOf(em, n), 'remember this', 0);
    const file = join(w.home.env.RPV_DATA_DIR ?? '', 'sessions', 'work.json');
    const messages = () => (JSON.parse(readFileSync(file, 'utf8')) as { messages: unknown[] }).messages;
    await expect.poll(() => (existsSync(file) ? messages().length : 0)).toBe(2);
    const question = 'clear the conversation and rewrite session "work"? (y/N)';
    await p.send('/clear');
    await p.waitScreen(asking(question), 'the clear question');
    p.write('n');
    await p.waitFor('not cleared');
    expect(messages()).toHaveLength(2);
    await p.send('/clear');
    await p.waitScreen(asking(question), 'the question again');
    p.write('y');
    await p.waitFor('conversation cleared');
    await expect.poll(() => messages().length).toBe(0);
    await turn(p, em.jobs, (n) => replyOf(em, n), 'start over', 1);
    expect(runMessages(em, 1)).toEqual([{ role: 'user', content: 'start over' }]);
    await p.send('/exit');
    expect(await p.waitForExit()).toBe(0);
    expect(p.screen()).toContain('continue with: rpv chat --session work');
  }, 30_000);

  it('-c brings back the /set parameters of the conversation (a flag given now wins); leaving names -c', async () => {
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
    expect(first.screen()).toMatch(/continue with: rpv chat -c {3}\(session \d{4}-\d\d-\d\d-\d{4}-[0-9a-f]{4}\)/);

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

  it('leaving a chat where nothing was said prints no continue line', async () => {
    const w = await ttyWorld();
    const p = w.spawn(['chat']);
    await ready(p);
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
    expect(p.screen()).not.toContain('continue with');
  }, 30_000);
});
