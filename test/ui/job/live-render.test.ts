import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../src/core/events.js';
import { renderLiveJob } from '../../../src/ui/job/live.js';
import { VtScreen } from '../../tty/vt-screen.js';
import { ev, fakeIo, until } from '../fixtures.js';

const CLEAR_SCREEN = /\u001b\[2J|\u001b\[3J/;
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

async function* reply(lines: string[], onHalf?: () => Promise<void>, pauseEvery = 10): AsyncGenerator<JobEvent> {
  yield ev.submitted();
  yield ev.running();
  for (const [i, line] of lines.entries()) {
    if (i === Math.floor(lines.length / 2)) await onHalf?.();
    yield ev.token(`${line}\n`);
    if (i % pauseEvery === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  yield ev.done(lines.map((l) => `${l}\n`).join(''));
}

describe('renderLiveJob', () => {
  it('streams a reply taller than the terminal without ever clearing the screen', async () => {
    const io = fakeIo(60, 10);
    const lines = Array.from({ length: 120 }, (_, i) => (i % 30 === 3 ? '```' : `line ${i} of a long reply`));
    const result = await renderLiveJob(reply(lines), { io, markdown: true, color: false });
    expect(result.type).toBe('done');
    const out = io.stdout.output;
    expect(out).not.toMatch(CLEAR_SCREEN);
    const screen = stripVTControlCharacters(out);
    for (const line of lines.filter((l) => l !== '```')) expect(screen).toContain(line);
    expect(screen).toContain('✓ queue 1.1s');
    expect(out).not.toMatch(/\u001b\[[0-9;]*m/);
  });

  it('survives the terminal shrinking mid-reply: finishes, shows every line once, never clears a frame that fits', async () => {
    const io = fakeIo(80, 30);
    const lines = Array.from({ length: 80 }, (_, i) => `row ${i}`);
    const resize = { from: 0, to: 0 };
    const shrink = async () => {
      // the view is up and shows the reply so far (Ink loads while the first events are read)
      await until(() => expect(io.stdout.output).toContain(lines[39]));
      io.stdout.columns = 40;
      io.stdout.rows = 8;
      resize.from = io.stdout.output.length;
      io.stdout.emit('resize');
      resize.to = io.stdout.output.length;
    };
    const result = await renderLiveJob(reply(lines, shrink, 2), {
      io,
      markdown: false,
      color: false,
      showStats: false,
    });
    expect(result.type).toBe('done');
    expect(io.stdout.listenerCount('resize')).toBe(0);
    const out = io.stdout.output;
    expect(resize.from).toBeGreaterThan(0);
    // Ink clears the terminal only to redraw for the resize itself, when the frame on screen was
    // at least as tall as the new screen; never before, and never once the frame fits.
    expect(out.slice(0, resize.from)).not.toMatch(CLEAR_SCREEN);
    expect(out.slice(resize.to)).not.toMatch(CLEAR_SCREEN);
    // A pseudo-terminal turns each \n into \r\n on its way to the screen.
    const onlcr = (text: string) => text.replace(/\n/g, '\r\n');
    const screen = new VtScreen(80, 30);
    screen.write(onlcr(out.slice(0, resize.from)));
    screen.resize(40, 8);
    screen.write(onlcr(out.slice(resize.from)));
    // Every line exactly once, in order, even if that clear happened (the transcript is put back).
    expect(collapse([...screen.scrollback, ...screen.lines()].join('\n'))).toBe(lines.join(' '));
  });

  it('puts the finished text back when a window shrunk below the live area makes Ink clear the terminal', async () => {
    const io = fakeIo(60, 30);
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const resize = { from: 0, to: 0 };
    async function* shrinkingMidway(): AsyncGenerator<JobEvent> {
      yield ev.running();
      for (const line of lines.slice(0, 30)) yield ev.token(`${line}\n`);
      // the frame with its six live rows and the status line is on the screen
      await until(() => expect(stripVTControlCharacters(io.stdout.output)).toMatch(/line 29\n.*generating/));
      io.stdout.rows = 5;
      resize.from = io.stdout.output.length;
      io.stdout.emit('resize');
      resize.to = io.stdout.output.length;
      for (const line of lines.slice(30)) yield ev.token(`${line}\n`);
      yield ev.done(lines.map((l) => `${l}\n`).join(''));
    }
    await renderLiveJob(shrinkingMidway(), { io, markdown: false, color: false, showStats: false });
    const out = io.stdout.output;
    expect(out.slice(resize.from, resize.to)).toMatch(CLEAR_SCREEN);
    expect(out.slice(0, resize.from) + out.slice(resize.to)).not.toMatch(CLEAR_SCREEN);
    const onlcr = (text: string) => text.replace(/\n/g, '\r\n');
    const screen = new VtScreen(60, 30);
    screen.write(onlcr(out.slice(0, resize.from)));
    screen.resize(60, 5);
    screen.write(onlcr(out.slice(resize.from)));
    expect(collapse([...screen.scrollback, ...screen.lines()].join('\n'))).toBe(lines.join(' '));
  });

  it('resolves with the error or cancellation the job ended on', async () => {
    async function* failing(): AsyncGenerator<JobEvent> {
      yield ev.running();
      yield ev.error('it broke');
    }
    await expect(renderLiveJob(failing(), { io: fakeIo(), markdown: true, color: false })).resolves.toMatchObject({
      type: 'error',
    });
    async function* cut(): AsyncGenerator<JobEvent> {
      yield ev.cancelled('x');
    }
    await expect(renderLiveJob(cut(), { io: fakeIo(), markdown: true, color: false })).resolves.toMatchObject({
      type: 'cancelled',
    });
  });

  it('rejects, after unmounting, when the stream breaks', async () => {
    const io = fakeIo();
    async function* broken(): AsyncGenerator<JobEvent> {
      yield ev.running();
      throw new Error('socket closed');
    }
    await expect(renderLiveJob(broken(), { io, markdown: true, color: false })).rejects.toThrow('socket closed');
    expect(io.stdout.listenerCount('resize')).toBe(0);
  });
});
