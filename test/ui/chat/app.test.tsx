import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatApp } from '../../../src/ui/chat/app.js';
import { createChatSession, type ChatSession } from '../../../src/ui/chat/session.js';
import { createScrollback } from '../../../src/ui/job/scrollback.js';
import type { ChatTurnRequest, Conversation } from '../../../src/ui/chat/types.js';
import { EventQueue, ev, until } from '../fixtures.js';

interface Harness {
  session: ChatSession;
  frame: () => string;
  write: (keys: string) => Promise<void>;
  turns: { req: ChatTurnRequest; q: EventQueue }[];
  sendTurn: ReturnType<typeof vi.fn>;
  saved: Conversation[];
  appended: string[];
}

/** The text lines inside the input box of a frame, borders and prompt marks removed. */
const inputLines = (frame: string) =>
  frame
    .split('\n')
    .filter((line) => line.startsWith('│'))
    .map((line) =>
      line
        .slice(1, -1)
        .trim()
        .replace(/^(› |⋮ )/, '')
        .trim(),
    );

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

async function mount(history: string[] = []): Promise<Harness> {
  const turns: Harness['turns'] = [];
  const saved: Conversation[] = [];
  const appended: string[] = [];
  const sendTurn = vi.fn((req: ChatTurnRequest) => {
    const q = new EventQueue();
    // what the core does on abort: send /cancel, then end with `cancelled`
    req.signal.addEventListener('abort', () => q.push(ev.cancelled()));
    turns.push({ req, q });
    return q;
  });
  const session = createChatSession({
    messages: [],
    sessionName: 'test',
    endpointLabel: 'ep-1',
    params: { max_tokens: 64 },
    validateParam: (name, value) => ({ ok: true, name, value }),
    sendTurn,
    history: { load: () => history, append: (e) => appended.push(e) },
    save: async (c) => {
      saved.push(c);
    },
    writeTranscript: async (file) => ({ written: true, path: `/tmp/${file ?? 'chat.md'}` }),
  });
  let written = '';
  const scrollback = createScrollback((text) => {
    written += text;
  });
  const view = render(<ChatApp session={session} markdown color={false} scrollback={scrollback} />);
  stops.push(() => {
    session.dispose();
    view.unmount();
  });
  await new Promise((resolve) => setTimeout(resolve, 10)); // let useInput subscribe
  const write = async (keys: string) => {
    view.stdin.write(keys);
    await new Promise((resolve) => setImmediate(resolve));
  };
  // What the terminal shows: the transcript written above, then Ink's live frame.
  const frame = () => written + (view.lastFrame() ?? '');
  return { session, frame, write, turns, sendTurn, saved, appended };
}

describe('ChatApp', () => {
  it('sends a typed message on Enter with the conversation', async () => {
    const h = await mount();
    await h.write('hello there');
    await h.write('\r');
    await until(() => expect(h.sendTurn).toHaveBeenCalledTimes(1));
    expect(h.turns[0]?.req.messages).toEqual([{ role: 'user', content: 'hello there' }]);
    expect(h.turns[0]?.req.params).toEqual({ max_tokens: 64 });
    expect(h.appended).toEqual(['hello there']);
    h.turns[0]?.q.push(ev.submitted(), ev.running(), ev.token('Hi!'), ev.done('Hi!'));
    await until(() => expect(h.saved).toHaveLength(1));
    expect(h.saved[0]?.messages).toEqual([
      expect.objectContaining({ role: 'user', content: 'hello there' }),
      expect.objectContaining({ role: 'assistant', content: 'Hi!', jobId: 'job-1' }),
    ]);
    expect(h.frame()).toMatch(/› hello there[\s\S]*Hi!/);
  });

  it('Ctrl-C while streaming aborts the turn and keeps the partial reply marked interrupted', async () => {
    const h = await mount();
    await h.write('tell me');
    await h.write('\r');
    await until(() => expect(h.turns).toHaveLength(1));
    h.turns[0]?.q.push(ev.running(), ev.token('Once upon a ti'));
    await until(() => expect(h.frame()).toContain('Once upon a ti'));
    await h.write('\u0003');
    const signal = h.turns[0]?.req.signal;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe('interrupted');
    await until(() => expect(h.frame()).toMatch(/Once upon a ti\n\[interrupted\]/));
    await until(() => expect(h.saved).toHaveLength(1));
    expect(h.saved[0]?.messages[1]).toMatchObject({ role: 'assistant', content: 'Once upon a ti', interrupted: true });
  });

  it('after a failed turn, shows the error and /retry resends the same message', async () => {
    const h = await mount();
    await h.write('question');
    await h.write('\r');
    await until(() => expect(h.turns).toHaveLength(1));
    h.turns[0]?.q.push(ev.error('worker crashed'));
    await until(() => expect(h.frame()).toContain('✗ error: worker crashed (job job-1)'));
    await h.write('/retry');
    await h.write('\r');
    await until(() => expect(h.turns).toHaveLength(2));
    expect(h.turns[1]?.req.messages).toEqual(h.turns[0]?.req.messages);
  });

  it('recalls earlier input with Up and Down', async () => {
    const h = await mount(['first entry', 'second entry']);
    await h.write('\u001b[A');
    await until(() => expect(inputLines(h.frame())).toEqual(['second entry▌']));
    await h.write('\u001b[A');
    await until(() => expect(inputLines(h.frame())).toEqual(['first entry▌']));
    await h.write('\u001b[B');
    await until(() => expect(inputLines(h.frame())).toEqual(['second entry▌']));
  });

  it('completes /he to /help on Tab', async () => {
    const h = await mount();
    await h.write('/he');
    await h.write('\t');
    await until(() => expect(inputLines(h.frame())).toEqual(['/help▌']));
    await h.write('\r');
    await until(() => expect(h.frame()).toContain('/retry'));
    expect(h.sendTurn).not.toHaveBeenCalled();
  });

  it('adds new lines with Ctrl-J and Alt+Enter, and sends them together', async () => {
    const h = await mount();
    await h.write('one');
    await h.write('\n');
    await h.write('two');
    await h.write('\u001b\r');
    await h.write('three');
    await until(() => expect(inputLines(h.frame())).toEqual(['one', 'two', 'three▌']));
    expect(h.sendTurn).not.toHaveBeenCalled();
    await h.write('\r');
    await until(() => expect(h.turns[0]?.req.messages).toEqual([{ role: 'user', content: 'one\ntwo\nthree' }]));
  });

  it('inserts pasted text with newlines instead of sending it', async () => {
    const h = await mount();
    await h.write('pasted line 1\r\npasted line 2\r');
    await h.write('\u001b[200~bracketed\rpaste\u001b[201~');
    await until(() => expect(inputLines(h.frame())).toEqual(['pasted line 1', 'pasted line 2', 'bracketed', 'paste▌']));
    expect(h.sendTurn).not.toHaveBeenCalled();
  });

  it('exits with 0 on Ctrl-D at an empty prompt', async () => {
    const h = await mount();
    await h.write('\u0004');
    await expect(h.session.exit).resolves.toBe(0);
  });
});
