import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../../src/core/io.js';
import { runChatApp } from '../../../src/ui/chat/app.js';
import type { ChatAppOptions, ChatTurnRequest } from '../../../src/ui/chat/types.js';
import { EventQueue, ev, fakeIo, until } from '../fixtures.js';

function options(io: CliIo, overrides: Partial<ChatAppOptions> = {}): ChatAppOptions {
  return {
    io,
    markdown: true,
    color: false,
    messages: [
      { role: 'user', content: 'earlier' },
      { role: 'assistant', content: 'reply from before' },
    ],
    sessionName: 'work',
    endpointLabel: 'ep-9',
    params: {},
    validateParam: (name, value) => ({ ok: true, name, value }),
    sendTurn: () => new EventQueue(),
    history: { load: () => [], append: () => undefined },
    save: async () => undefined,
    writeTranscript: async () => ({ written: true, path: '/tmp/t.md' }),
    ...overrides,
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('runChatApp', () => {
  it('runs a turn in a terminal and exits with 0 on /exit, turning bracketed paste on and off', async () => {
    const io = fakeIo(60, 20);
    const sendTurn = vi.fn((_req: ChatTurnRequest) => {
      const q = new EventQueue();
      q.push(ev.running(), ev.token('streamed answer'), ev.done('streamed answer'));
      return q;
    });
    const running = runChatApp(options(io, { sendTurn }));
    await tick();
    io.stdin.write('new question');
    await tick();
    io.stdin.write('\r');
    await until(() => expect(stripVTControlCharacters(io.stdout.output)).toContain('streamed answer'));
    expect(sendTurn.mock.calls[0]?.[0].messages).toEqual([
      { role: 'user', content: 'earlier' },
      { role: 'assistant', content: 'reply from before' },
      { role: 'user', content: 'new question' },
    ]);
    io.stdin.write('/exit');
    await tick();
    io.stdin.write('\r');
    await expect(running).resolves.toBe(0);
    const out = io.stdout.output;
    expect(out.startsWith('\u001b[?2004h')).toBe(true);
    expect(out.endsWith('\u001b[?2004l')).toBe(true);
    expect(stripVTControlCharacters(out)).toContain('session work · ep-9');
    expect(io.stdout.listenerCount('resize')).toBe(0);
  });

  it('stops the running turn and exits with 130 when the process is told to stop', async () => {
    const base = fakeIo();
    const stop = new AbortController();
    const io = { ...base, signal: stop.signal };
    let turnSignal: AbortSignal | undefined;
    const sendTurn = (req: ChatTurnRequest) => {
      turnSignal = req.signal;
      const q = new EventQueue();
      req.signal.addEventListener('abort', () => q.push(ev.cancelled()));
      return q;
    };
    const saves: unknown[] = [];
    const running = runChatApp(options(io, { sendTurn, save: async (c) => void saves.push(c) }));
    await tick();
    io.stdin.write('hi');
    await tick();
    io.stdin.write('\r');
    await until(() => expect(turnSignal).toBeDefined());
    stop.abort('interrupted');
    await expect(running).resolves.toBe(130);
    expect(turnSignal?.reason).toBe('interrupted');
    expect(saves).toHaveLength(1);
  });
});
