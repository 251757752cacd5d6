// -v in a terminal: the diagnostics rpv writes to stderr (the same terminal) go through the live
// view, above its live area, so Ink's frames and the log lines never cut into each other. Each
// log line and the reply are in the scrollback and on the screen once, in order.
import { describe, expect, it } from 'vitest';
import { allText, collapse, idle, replyOf, ttyWorld } from './tty-harness.js';

const count = (text: string, part: string) => text.split(part).length - 1;

describe('-v with the live view', () => {
  it('shows every request line once, above the reply, and the reply once', async () => {
    const w = await ttyWorld({ tokenDelayMs: 15 });
    const p = w.spawn(['-v', 'complete', '--max-tokens', '40', 'Tell me about GPUs'], { cols: 100, rows: 30 });
    await p.waitFor('✓', 15_000);
    expect(await p.waitForExit()).toBe(0);
    const screen = p.grid();
    const everything = allText(screen);
    const reply = collapse(replyOf(w.emulator, 0));
    expect(reply.length).toBeGreaterThan(20);
    // The reply, whole and once: no frame of it was left behind in the scrollback.
    expect(count(everything, reply)).toBe(1);
    expect(count(everything, reply.slice(0, 24))).toBe(1);
    // Each diagnostic line once; the /run line before the reply, the /stream lines too.
    const lines = [...screen.scrollback, ...screen.lines()].map((l) => l.trim()).filter((l) => l.startsWith('[rpv]'));
    const run = lines.filter((l) => /POST \S+\/run\b/.test(l));
    expect(run).toHaveLength(1);
    // One line per request the emulator answered: none lost, none drawn twice.
    const streamed = lines.filter((l) => /GET \S+\/stream\//.test(l));
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed).toHaveLength(w.emulator.count('stream'));
    expect(everything.indexOf(run[0]!)).toBeLessThan(everything.indexOf(reply.slice(0, 24)));
    // No log line was glued onto a frame of the live area.
    for (const l of lines) expect(l).toMatch(/^\[rpv\] /);
  }, 30_000);

  it('in the interactive chat too: each request line once, the reply once', async () => {
    const w = await ttyWorld({ tokenDelayMs: 15 });
    const p = w.spawn(['-v', 'chat', '--max-tokens', '40'], { cols: 100, rows: 30 });
    await p.waitScreen(idle, 'the prompt', 15_000);
    await p.send('Tell me about GPUs');
    await p.waitScreen(
      (s) => idle(s) && w.emulator.jobs().length === 1 && allText(s).includes('/status/'),
      'the reply',
      15_000,
    );
    const screen = p.grid();
    const everything = allText(screen);
    const reply = collapse(replyOf(w.emulator, 0));
    expect(count(everything, reply.slice(0, 24))).toBe(1);
    const lines = [...screen.scrollback, ...screen.lines()].map((l) => l.trim()).filter((l) => l.includes('[rpv] '));
    expect(lines.filter((l) => /POST \S+\/run\b/.test(l))).toHaveLength(1);
    for (const l of lines) expect(l).toMatch(/^\[rpv\] /);
    p.write('\u0004');
    expect(await p.waitForExit()).toBe(0);
  }, 30_000);
});
