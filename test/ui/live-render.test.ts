import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../src/core/events.js';
import { renderLiveJob } from '../../src/ui/live.js';
import { ev, fakeIo } from './fixtures.js';

const CLEAR_SCREEN = /\u001b\[2J|\u001b\[3J/;

async function* reply(lines: string[], onHalf?: () => void, pauseEvery = 10): AsyncGenerator<JobEvent> {
  yield ev.submitted();
  yield ev.running();
  for (const [i, line] of lines.entries()) {
    if (i === Math.floor(lines.length / 2)) onHalf?.();
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
    expect(screen).toContain('✓ queue 1.1 s');
    expect(out).not.toMatch(/\u001b\[[0-9;]*m/);
  });

  it('keeps working when the terminal is resized mid-reply', async () => {
    const io = fakeIo(80, 30);
    const lines = Array.from({ length: 80 }, (_, i) => `row ${i}`);
    const shrink = () => {
      io.stdout.columns = 40;
      io.stdout.rows = 8;
      io.stdout.emit('resize');
    };
    const result = await renderLiveJob(reply(lines, shrink, 2), { io, markdown: false, color: false, showStats: false });
    expect(result.type).toBe('done');
    expect(io.stdout.output).not.toMatch(CLEAR_SCREEN);
    expect(stripVTControlCharacters(io.stdout.output)).toContain('row 79');
    expect(io.stdout.listenerCount('resize')).toBe(0);
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
