import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../src/core/events.js';
import type { KeyAction } from '../../../src/ui/chat/keymap.js';
import { chatStep } from '../../../src/ui/chat/reducer.js';
import {
  initialChatState,
  type ChatAction,
  type ChatDeps,
  type ChatEffect,
  type ChatState,
} from '../../../src/ui/chat/state.js';
import type { StoredMessage } from '../../../src/ui/chat/types.js';
import { ev } from '../fixtures.js';

const deps: ChatDeps = {
  validateParam: (name, value) =>
    name === 'max_tokens' && !(Number(value) > 0)
      ? { ok: false, error: '--max-tokens must be a positive integer' }
      : { ok: true, name, value: Number.isNaN(Number(value)) ? value : Number(value) },
};

function start(messages: StoredMessage[] = [], extra: { system?: string; history?: string[] } = {}): ChatState {
  return initialChatState({
    system: extra.system,
    messages,
    params: { max_tokens: 100 },
    history: extra.history ?? [],
    sessionName: 's',
    endpointLabel: 'ep',
    layout: { columns: 80, rows: 24 },
  });
}

/** Applies actions in order; returns the last state and every effect. */
function run(state: ChatState, ...actions: ChatAction[]): { state: ChatState; effects: ChatEffect[] } {
  const effects: ChatEffect[] = [];
  for (const action of actions) {
    const step = chatStep(state, action, deps);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}

const key = (k: KeyAction, now = 1000): ChatAction => ({ type: 'key', key: k, now });
const press = (t: Exclude<KeyAction['type'], 'insert'>) => key({ type: t } as KeyAction);
const typed = (text: string) => key({ type: 'insert', text });
const send = (text: string) => [typed(text), press('submit')];
const turn = (turnId: number, event: JobEvent): ChatAction => ({
  type: 'turn',
  turnId,
  action: { type: 'event', event, now: 2000 },
});
const notices = (s: ChatState) =>
  s.items.flatMap((i) => (i.kind === 'notice' ? [i.text] : i.kind === 'lines' ? i.lines : []));
const sends = (effects: ChatEffect[]) => effects.filter((e) => e.type === 'send');

describe('chatStep', () => {
  it('sends a message with the system prompt and the conversation, and remembers it', () => {
    const prior: StoredMessage[] = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello', jobId: 'j0' },
    ];
    const { state, effects } = run(start(prior, { system: 'be brief' }), ...send('  what now?  '));
    expect(effects).toEqual([
      { type: 'history', entry: 'what now?' },
      {
        type: 'send',
        turnId: 1,
        params: { max_tokens: 100 },
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
          { role: 'user', content: 'what now?' },
        ],
      },
    ]);
    expect(state.editor.text).toBe('');
    expect(state.turn?.id).toBe(1);
    expect(state.messages.at(-1)).toEqual({ role: 'user', content: 'what now?', at: new Date(1000).toISOString() });
  });

  it('keeps the reply, its job and saves the conversation when the turn is done', () => {
    const sent = run(start(), ...send('q'));
    const { state, effects } = run(sent.state, turn(1, ev.token('an')), turn(1, ev.done('answer')));
    expect(state.turn).toBeNull();
    expect(state.messages.at(-1)).toMatchObject({ role: 'assistant', content: 'answer', jobId: 'job-1' });
    expect(state.lastJob).toEqual({ id: 'job-1', status: 'COMPLETED' });
    expect(effects).toEqual([{ type: 'save', conversation: { messages: state.messages } }]);
  });

  it('Ctrl-C while streaming asks to cancel, then stops waiting; the partial reply is kept as interrupted', () => {
    const sent = run(start(), ...send('q'), turn(1, ev.token('half')));
    const first = run(sent.state, press('interrupt'));
    expect(first.effects).toEqual([{ type: 'abort', turnId: 1, force: false }]);
    expect(first.state.hint).toMatch(/stopping/);
    expect(run(first.state, press('interrupt')).effects).toEqual([{ type: 'abort', turnId: 1, force: true }]);
    const ended = run(first.state, turn(1, ev.cancelled()));
    expect(ended.state.messages.at(-1)).toMatchObject({ role: 'assistant', content: 'half', interrupted: true });
    expect(ended.state.items.some((i) => i.kind === 'marker' && i.text === '[interrupted]')).toBe(true);
    expect(ended.effects.map((e) => e.type)).toEqual(['save']);
  });

  it('keeps the user message of a failed turn and /retry sends it again', () => {
    const sent = run(start(), ...send('question'));
    const failed = run(sent.state, turn(1, ev.error('worker crashed')));
    expect(failed.state.messages).toEqual([expect.objectContaining({ role: 'user', content: 'question' })]);
    expect(notices(failed.state).join('\n')).toMatch(
      /✗ error: worker crashed[\s\S]*try a smaller --max-tokens[\s\S]*\/retry/,
    );
    expect(failed.effects).toEqual([{ type: 'save', conversation: { messages: failed.state.messages } }]);
    const retried = run(failed.state, ...send('/retry'));
    const [again] = sends(retried.effects);
    expect(again).toEqual({ ...sends(sent.effects)[0], turnId: 2 });
  });

  it('/retry after a reply replaces that reply', () => {
    const done = run(start(), ...send('q'), turn(1, ev.done('first answer'))).state;
    const { state, effects } = run(done, ...send('/retry'));
    expect(state.messages).toHaveLength(1);
    expect(sends(effects)[0]).toMatchObject({ messages: [{ role: 'user', content: 'q' }] });
  });

  it('a new message after a failed turn takes the place of the unanswered one', () => {
    const failed = run(start(), ...send('first try'), turn(1, ev.error())).state;
    const { state } = run(failed, ...send('second try'));
    expect(state.messages.map((m) => m.content)).toEqual(['second try']);
    expect(state.history.entries).toEqual(['first try', 'second try']);
  });

  it('does not send while a reply streams, and keeps what was typed', () => {
    const sent = run(start(), ...send('q')).state;
    const { state, effects } = run(sent, ...send('next'));
    expect(effects).toEqual([]);
    expect(state.editor.text).toBe('next');
    expect(state.hint).toMatch(/still streaming/);
  });

  it('turns a trailing backslash + Enter into a new line', () => {
    const { state, effects } = run(start(), typed('line one\\'), press('submit'), typed('two'));
    expect(state.editor.text).toBe('line one\ntwo');
    expect(effects).toEqual([]);
  });

  it('validates /set; a refused value empties the input, shows the error once and is in history', () => {
    const good = run(start(), ...send('/set temperature 0.5'));
    expect(good.state.params).toEqual({ max_tokens: 100, temperature: 0.5 });
    expect(good.state.paramSources).toEqual({ temperature: 'set' });
    expect(notices(good.state)).toContain('temperature = 0.5');
    const bad = run(start(), ...send('/set max_tokens -1'));
    expect(bad.state.params).toEqual({ max_tokens: 100 });
    expect(bad.state.editor.text).toBe('');
    expect(notices(bad.state).filter((l) => l === '--max-tokens must be a positive integer')).toHaveLength(1);
    expect(bad.effects).toEqual([{ type: 'history', entry: '/set max_tokens -1' }]);
    expect(run(bad.state, press('up')).state.editor.text).toBe('/set max_tokens -1');
    const usage = run(start(), ...send('/set temperature'), typed('hello'));
    expect(usage.state.editor.text).toBe('hello');
    expect(notices(usage.state).some((l) => l.startsWith('usage: /set'))).toBe(true);
  });

  it('/set saves the parameter with a started conversation, so -c brings it back', () => {
    const before = run(start(), ...send('/set top_k 5'));
    expect(before.effects.filter((e) => e.type === 'save')).toEqual([]);
    const done = run(before.state, ...send('q'), turn(1, ev.done('a')));
    expect(done.effects).toContainEqual({
      type: 'save',
      conversation: { messages: done.state.messages, params: { top_k: 5 } },
    });
    const later = run(done.state, ...send('/set seed 7'));
    expect(later.effects).toContainEqual({
      type: 'save',
      conversation: { messages: done.state.messages, params: { top_k: 5, seed: 7 } },
    });
  });

  it('/params lists every value the next turn sends with its source, and what is left to the worker', () => {
    const s = initialChatState({
      messages: [],
      params: { max_tokens: 1024, temperature: 0.2, top_p: 0.9, seed: 3 },
      paramSources: { max_tokens: 'default', temperature: 'flag', top_p: 'profile', seed: 'session' },
      history: [],
      sessionName: 's',
      endpointLabel: 'ep',
      layout: { columns: 80, rows: 24 },
    });
    const lines = notices(run(s, ...send('/set top_k 40'), ...send('/params')).state);
    const at = lines.indexOf('sampling parameters for the next turn:');
    expect(lines.slice(at + 1, at + 6)).toEqual([
      '  max_tokens   1024  default',
      '  temperature  0.2   flag',
      '  top_p        0.9   profile',
      '  top_k        40    /set',
      '  seed         3     /set, kept in the session',
    ]);
    const rest = lines[at + 6] ?? '';
    expect(rest).toMatch(/^ {2}not sent \(the worker's defaults\): min_p, /);
    for (const sent of ['max_tokens', 'temperature', 'top_p', 'top_k', 'seed']) expect(rest).not.toContain(sent);
  });

  it('answers /params, /stats, /job and /help', () => {
    let s = run(start(), ...send('/params')).state;
    expect(notices(s)).toContain('  max_tokens  100  default');
    s = run(s, ...send('/stats'), ...send('/job')).state;
    expect(notices(s)).toEqual(expect.arrayContaining(['no turn yet', 'no job yet']));
    s = run(s, ...send('q'), turn(1, ev.submitted('j7')), turn(1, ev.queued('j7'))).state;
    s = run(s, ...send('/job')).state;
    expect(notices(s)).toContain('job j7: IN_QUEUE (streaming)');
    s = run(s, turn(1, { ...ev.done('a', {}, 'j7') }), ...send('/stats'), ...send('/job')).state;
    expect(notices(s)).toEqual(expect.arrayContaining(['last turn: done (job j7)', 'job j7: COMPLETED']));
    expect(notices(s).some((l) => l.includes('queue 1.1s · exec 2.9s'))).toBe(true);
    expect(notices(run(s, ...send('/help')).state).join('\n')).toContain('/retry');
  });

  it('/clear and /system change the conversation and save it; /save asks for a transcript', () => {
    const done = run(start([], { system: 'old' }), ...send('q'), turn(1, ev.done('a'))).state;
    const cleared = run(done, ...send('/clear'));
    expect(cleared.state.messages).toEqual([]);
    expect(cleared.effects).toContainEqual({ type: 'save', conversation: { system: 'old', messages: [] } });
    const system = run(cleared.state, ...send('/system be terse'));
    expect(system.effects).toContainEqual({ type: 'save', conversation: { system: 'be terse', messages: [] } });
    expect(run(done, ...send('/save notes.md')).effects).toContainEqual({
      type: 'transcript',
      file: 'notes.md',
      conversation: { system: 'old', messages: done.messages },
    });
  });

  it('/save with nothing to save says so and writes nothing', () => {
    const empty = run(start(), ...send('/save notes.md'));
    expect(empty.effects.filter((e) => e.type === 'transcript')).toEqual([]);
    expect(notices(empty.state)).toContain('nothing to save yet: the conversation is empty (no file written)');
    const done = run(start(), ...send('q'), turn(1, ev.done('a')), ...send('/clear')).state;
    expect(run(done, ...send('/save')).effects.filter((e) => e.type === 'transcript')).toEqual([]);
  });

  it('asks before overwriting a /save file: y writes over it, n or another key leaves it', () => {
    const done = run(start(), ...send('q'), turn(1, ev.done('a'))).state;
    const conversation = { messages: done.messages };
    const confirm = {
      kind: 'overwrite' as const,
      question: '/w/notes.md exists: overwrite it? (y/N)',
      file: '/w/notes.md',
      conversation,
    };
    const asked = run(done, { type: 'confirm', confirm }).state;
    expect(asked.confirm).toEqual(confirm);
    const yes = run(asked, typed('y'));
    expect(yes.effects).toEqual([{ type: 'transcript', file: '/w/notes.md', conversation, overwrite: true }]);
    expect(yes.state.confirm).toBeUndefined();
    expect(yes.state.editor.text).toBe('');
    const no = run(asked, press('submit'));
    expect(no.effects).toEqual([]);
    expect(notices(no.state)).toContain('not saved');
    const other = run(asked, typed('hello'));
    expect(other.effects).toEqual([]);
    expect(other.state.confirm).toBeUndefined();
    expect(other.state.editor.text).toBe('hello');
  });

  it('/clear of a named session with messages asks first; n keeps the conversation', () => {
    const named = initialChatState({
      messages: [],
      params: {},
      named: true,
      history: [],
      sessionName: 'work',
      endpointLabel: 'ep',
      layout: { columns: 80, rows: 24 },
    });
    const done = run(named, ...send('q'), turn(1, ev.done('a'))).state;
    const asked = run(done, ...send('/clear'));
    expect(asked.state.confirm?.question).toBe('clear the conversation and rewrite session "work"? (y/N)');
    expect(asked.effects.filter((e) => e.type === 'save')).toEqual([]);
    const kept = run(asked.state, typed('n'));
    expect(kept.state.messages).toEqual(done.messages);
    expect(kept.effects).toEqual([]);
    expect(notices(kept.state)).toContain('not cleared');
    const cleared = run(asked.state, typed('y'));
    expect(cleared.state.messages).toEqual([]);
    expect(cleared.effects).toEqual([{ type: 'save', conversation: { messages: [] } }]);
    expect(run(named, ...send('/clear')).state.confirm).toBeUndefined();
  });

  it('reports an unknown command once, empties the input and keeps the command in history', () => {
    const { state, effects } = run(start(), ...send('/frobnicate'), typed('hello'));
    expect(notices(state).filter((l) => l === 'unknown command /frobnicate: /help lists the commands')).toHaveLength(1);
    expect(state.editor.text).toBe('hello');
    expect(effects).toEqual([{ type: 'history', entry: '/frobnicate' }]);
  });

  it('sends //text as a message starting with /', () => {
    const { effects } = run(start(), ...send('//etc/hosts is a file'));
    expect(sends(effects)[0]?.messages).toEqual([{ role: 'user', content: '/etc/hosts is a file' }]);
  });

  it('recalls history with Up and Down, keeping the draft', () => {
    let s = run(start([], { history: ['older', 'newer'] }), typed('draft')).state;
    s = run(s, press('up')).state;
    expect(s.editor.text).toBe('newer');
    s = run(s, press('up'), press('up')).state;
    expect(s.editor.text).toBe('older');
    s = run(s, press('down')).state;
    expect(s.editor.text).toBe('newer');
    s = run(s, press('down')).state;
    expect(s.editor).toEqual({ text: 'draft', cursor: 5 });
  });

  it('moves between lines of a multi-line input before reaching history', () => {
    const s = run(start([], { history: ['old'] }), typed('a'), press('newline'), typed('b'), press('up')).state;
    expect(s.editor).toEqual({ text: 'a\nb', cursor: 1 });
    expect(run(s, press('up')).state.editor.text).toBe('old');
  });

  it('completes commands on Tab and lists the choices when ambiguous', () => {
    expect(run(start(), typed('/he'), press('tab')).state.editor.text).toBe('/help');
    const ambiguous = run(start(), typed('/s'), press('tab')).state;
    expect(ambiguous.hint).toBe('/system  /set  /save  /stats');
  });

  it('Ctrl-C clears the input; at an empty prompt a second Ctrl-C within 2 s exits; Ctrl-D exits at once', () => {
    const typedIn = run(start(), typed('some text'));
    const cleared = run(typedIn.state, press('interrupt'));
    expect(cleared.state.editor.text).toBe('');
    expect(cleared.effects).toEqual([]);
    const armed = run(cleared.state, key({ type: 'interrupt' }, 1000));
    expect(armed.effects).toEqual([{ type: 'wake', afterMs: 2000 }]);
    expect(armed.state.hint).toBe('press Ctrl-C again to exit (Ctrl-D exits at once)');
    expect(armed.state.exitCode).toBeUndefined();
    expect(run(armed.state, key({ type: 'interrupt' }, 2500)).effects).toEqual([{ type: 'exit', code: 0 }]);
    const late = run(armed.state, { type: 'tick', now: 3000 });
    expect(late.state.hint).toBeUndefined();
    expect(run(late.state, key({ type: 'interrupt' }, 3100)).effects).toEqual([{ type: 'wake', afterMs: 2000 }]);
    expect(run(armed.state, key({ type: 'interrupt' }, 3001)).effects).toEqual([{ type: 'wake', afterMs: 2000 }]);
    const typedBetween = run(armed.state, typed('x'), press('backspace'), key({ type: 'interrupt' }, 1500));
    expect(typedBetween.effects).toEqual([{ type: 'wake', afterMs: 2000 }]);
    expect(run(start(), press('eof')).effects).toEqual([{ type: 'exit', code: 0 }]);
    expect(run(typedIn.state, press('home'), press('eof')).state.editor.text).toBe('ome text');
    expect(run(start(), ...send('/exit')).effects).toContainEqual({ type: 'exit', code: 0 });
    expect(run(start(), ...send('/quit')).effects).toContainEqual({ type: 'exit', code: 0 });
  });

  it('a single Ctrl-C right after a reply does not exit', () => {
    const done = run(start(), ...send('q'), turn(1, ev.done('a'))).state;
    const once = run(done, press('interrupt'));
    expect(once.effects.map((e) => e.type)).toEqual(['wake']);
    expect(once.state.exitCode).toBeUndefined();
  });

  it('on /exit or a termination during a turn, leaves once the turn has ended', () => {
    const sent = run(start(), ...send('q')).state;
    const exiting = run(sent, ...send('/exit'));
    expect(exiting.effects).toContainEqual({ type: 'abort', turnId: 1, force: true });
    expect(run(exiting.state, turn(1, ev.cancelled())).effects.map((e) => e.type)).toEqual(['save', 'exit']);
    const terminated = run(sent, { type: 'terminate' });
    expect(terminated.effects).toEqual([{ type: 'abort', turnId: 1, force: false }]);
    expect(run(terminated.state, turn(1, ev.cancelled())).effects).toContainEqual({ type: 'exit', code: 130 });
    expect(run(start(), { type: 'terminate' }).effects).toEqual([{ type: 'exit', code: 130 }]);
  });

  it('ignores events of a turn that is over', () => {
    const done = run(start(), ...send('q'), turn(1, ev.done('a'))).state;
    expect(run(done, turn(1, ev.token('late'))).state).toBe(done);
  });

  it('shows a loaded conversation, marking interrupted replies', () => {
    const s = start(
      [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hel\u001b[2Jlo', interrupted: true },
      ],
      { system: 'sys' },
    );
    expect(s.items.map((i) => i.kind)).toEqual(['title', 'notice', 'notice', 'user', 'reply', 'marker']);
    expect(s.items[4]).toMatchObject({ text: 'hello' });
  });
});
