// The interactive chat of the built binary in a real terminal, against the emulator: turns carry
// the whole conversation, Ctrl-C stops a reply but keeps the chat and the partial text, /save
// writes the transcript, the OpenAI route works turn after turn, and a resize mid-reply is harmless.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allText, collapse, idle, replyOf, runMessages, ttyWorld, type TtyRun } from './tty-harness.js';

async function waitJobs(run: TtyRun, jobs: () => unknown[], n: number): Promise<void> {
  await run.waitScreen(() => jobs().length >= n, `job ${n} to reach the emulator`);
}

describe('rpv chat in a terminal', () => {
  it('runs two turns, the second sending the whole conversation, and /save writes both', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const em = w.emulator;
    const p = w.spawn(['chat', '--max-tokens', '16']);
    await p.waitFor('Send a message');

    await p.send('hello there');
    await waitJobs(p, em.jobs, 1);
    const first = replyOf(em, 0);
    expect(first.length).toBeGreaterThan(0);
    await p.waitScreen((s) => idle(s) && allText(s).includes(collapse(first)), 'the first reply');

    await p.send('and a second question');
    await waitJobs(p, em.jobs, 2);
    expect(runMessages(em, 1)).toEqual([
      { role: 'user', content: 'hello there' },
      { role: 'assistant', content: first },
      { role: 'user', content: 'and a second question' },
    ]);
    const second = replyOf(em, 1);
    const screen = await p.waitScreen((s) => idle(s) && allText(s).includes(collapse(second)), 'the second reply');
    const shown = allText(screen);
    expect(shown.indexOf('› hello there')).toBeLessThan(shown.indexOf(collapse(first)));
    expect(shown.indexOf(collapse(first))).toBeLessThan(shown.indexOf('› and a second question'));
    expect(shown.indexOf('› and a second question')).toBeLessThan(shown.indexOf(collapse(second)));

    const file = join(w.home.dir, 'transcript.md');
    await p.send(`/save ${file}`);
    await p.waitFor(`saved to ${file}`);
    const saved = readFileSync(file, 'utf8');
    for (const part of [
      '## user\n\nhello there',
      `## assistant\n\n${first}`,
      '## user\n\nand a second question',
      `## assistant\n\n${second}`,
    ]) {
      expect(saved).toContain(part);
    }
    expect(saved.indexOf('hello there')).toBeLessThan(saved.indexOf('and a second question'));

    await p.send('/exit');
    expect(await p.waitForExit()).toBe(0);
    expect(em.count('run')).toBe(2);
  }, 30_000);

  it('Ctrl-C mid-reply cancels the job, keeps the partial reply marked interrupted, and the chat goes on', async () => {
    const w = await ttyWorld({ tokenDelayMs: 40 });
    const em = w.emulator;
    const p = w.spawn(['chat', '--max-tokens', '200']);
    await p.waitFor('Send a message');

    await p.send('tell me a long story');
    await waitJobs(p, em.jobs, 1);
    const whole = replyOf(em, 0);
    const opening = collapse(whole).split(' ').slice(0, 3).join(' ');
    await p.waitScreen((s) => allText(s).includes(opening), 'the first words of the reply');
    p.write('\u0003');
    const stopped = await p.waitScreen(
      (s) => allText(s).includes('[interrupted]') && idle(s),
      'the reply to be marked interrupted',
    );
    await expect.poll(() => em.count('cancel')).toBe(1);
    expect(em.jobs()[0]?.cancelled).toBe(true);

    const dir = join(w.home.env.RPV_DATA_DIR ?? '', 'sessions');
    await expect.poll(() => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).length : 0)).toBe(1);
    const sessionFile = join(dir, readdirSync(dir).find((f) => f.endsWith('.json')) ?? '');
    const session = JSON.parse(readFileSync(sessionFile, 'utf8')) as {
      messages: { role: string; content: string; interrupted?: boolean }[];
    };
    const partial = session.messages[1];
    expect(session.messages[0]).toMatchObject({ role: 'user', content: 'tell me a long story' });
    expect(partial).toMatchObject({ role: 'assistant', interrupted: true });
    expect(partial?.content.length).toBeGreaterThan(0);
    expect(partial!.content.length).toBeLessThan(whole.length);
    expect(whole.startsWith(partial!.content)).toBe(true);
    const shown = allText(stopped);
    expect(shown).toContain(`${collapse(partial!.content)} [interrupted]`);

    em.configure({ tokenDelayMs: 5 });
    await p.send('are you still there');
    await waitJobs(p, em.jobs, 2);
    expect(runMessages(em, 1)).toEqual([
      { role: 'user', content: 'tell me a long story' },
      { role: 'assistant', content: partial!.content },
      { role: 'user', content: 'are you still there' },
    ]);
    const next = replyOf(em, 1);
    await p.waitScreen((s) => idle(s) && allText(s).includes(collapse(next)), 'the reply after the interruption');
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
    expect(em.count('cancel')).toBe(1);
  }, 30_000);

  it('over the OpenAI route: looks the model up once, and /save expands ~ to the home folder', async () => {
    const w = await ttyWorld({ tokenDelayMs: 5 });
    const em = w.emulator;
    const p = w.spawn(['chat', '--api', 'openai', '--max-tokens', '8'], { env: { HOME: w.home.dir } });
    await p.waitFor('Send a message');
    const turns = () => em.requests().filter((r) => r.path.endsWith('/chat/completions') && r.status === 200).length;
    await p.send('first over openai');
    await p.waitScreen((s) => turns() === 1 && idle(s), 'the first reply');
    await p.send('second over openai');
    await p.waitScreen((s) => turns() === 2 && idle(s), 'the second reply');
    expect(em.requests().filter((r) => r.path.endsWith('/models'))).toHaveLength(1);

    await p.send('/save ~/from-home.md');
    await p.waitFor('saved to');
    const saved = readFileSync(join(w.home.dir, 'from-home.md'), 'utf8');
    expect(saved).toContain('## user\n\nfirst over openai');
    expect(saved).toContain('## user\n\nsecond over openai');
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
  }, 30_000);

  it('survives resizes while a reply streams and finishes the reply', async () => {
    const w = await ttyWorld({ tokenDelayMs: 20 });
    const em = w.emulator;
    const p = w.spawn(['chat', '--max-tokens', '60']);
    await p.waitFor('Send a message');
    await p.send('resize me');
    await waitJobs(p, em.jobs, 1);
    const whole = replyOf(em, 0);
    const words = collapse(whole).split(' ');
    await p.waitScreen((s) => allText(s).includes(words.slice(0, 2).join(' ')), 'the first words');
    p.resize(50, 16);
    await p.waitScreen((s) => allText(s).includes(words.slice(6, 12).join(' ')), 'more words after shrinking');
    p.resize(100, 30);
    const done = await p.waitScreen(
      (s) => idle(s) && allText(s).includes(words.slice(-6).join(' ')),
      'the end of the reply',
    );
    expect(done.lines()[0]?.length ?? 0).toBeLessThanOrEqual(100);
    await p.send('/exit');
    expect(await p.waitForExit()).toBe(0);
    expect(em.jobs()[0]?.status).toBe('COMPLETED');
  }, 30_000);
});
