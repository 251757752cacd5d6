// The chat's one pure reducer: keys, turn events, ticks, resizes and notices in; the next state
// and the effects to run out. Nothing typed is lost to an error: a refused command goes into the
// input history (Up brings it back), a failed turn keeps the user's message for /retry.
import { ExitCode } from '../../core/errors.js';
import { complete, parseCommand } from './commands.js';
import * as ed from './editor.js';
import type { KeyAction } from './keymap.js';
import { answerConfirm } from './confirm.js';
import { runCommand } from './run-command.js';
import {
  addItems,
  same,
  type ChatAction,
  type ChatDeps,
  type ChatEffect,
  type ChatState,
  type ChatStep,
} from './state.js';
import { interruptTurn, isoTime, onTurnAction, startTurn } from './turns.js';

const BUSY_HINT = 'a reply is still streaming: wait for it, or press Ctrl-C to stop it';

/** How long after a first Ctrl-C at an empty prompt a second one exits (as gemini-cli has it). */
const EXIT_WINDOW_MS = 2000;
const EXIT_HINT = 'press Ctrl-C again to exit (Ctrl-D exits at once)';

function withEditor(state: ChatState, editor: ed.Editor | undefined): ChatStep {
  if (!editor || editor === state.editor) return same(state);
  return same({ ...state, editor, hint: undefined, exitArmedAt: undefined });
}

function historyUp(state: ChatState): ChatStep {
  const { entries, index, draft } = state.history;
  const at = index ?? entries.length;
  if (at === 0) return same(state);
  const entry = entries[at - 1] ?? '';
  return same({
    ...state,
    editor: ed.editorWith(entry),
    history: { entries, index: at - 1, draft: index === null ? state.editor.text : draft },
  });
}

function historyDown(state: ChatState): ChatStep {
  const { entries, index, draft } = state.history;
  if (index === null) return same(state);
  const nextIndex = index + 1;
  if (nextIndex >= entries.length) {
    return same({ ...state, editor: ed.editorWith(draft), history: { entries, index: null, draft: '' } });
  }
  return same({
    ...state,
    editor: ed.editorWith(entries[nextIndex] ?? ''),
    history: { ...state.history, index: nextIndex },
  });
}

function remember(state: ChatState, entry: string): { state: ChatState; effects: ChatEffect[] } {
  const entries = state.history.entries;
  const fresh = { ...state, history: { entries, index: null, draft: '' } };
  if (entries[entries.length - 1] === entry) return { state: fresh, effects: [] };
  return {
    state: { ...fresh, history: { ...fresh.history, entries: [...entries, entry] } },
    effects: [{ type: 'history', entry }],
  };
}

function submit(state: ChatState, now: number, deps: ChatDeps): ChatStep {
  const { text, cursor } = state.editor;
  if (text.slice(0, cursor).endsWith('\\')) {
    return same({ ...state, editor: { text: `${text.slice(0, cursor - 1)}\n${text.slice(cursor)}`, cursor } });
  }
  if (text.trim() === '') return same(state);
  const command = parseCommand(text);
  if (command) {
    const kept = remember({ ...state, editor: ed.EMPTY_EDITOR, hint: undefined }, text.trim());
    const echoed = addItems(kept.state, { kind: 'notice', tone: 'dim', text: `› ${text.trim()}` });
    const result = runCommand(echoed, command, now, deps);
    // A refused command leaves the input empty, as a shell or gemini-cli does: the error is shown
    // once under the echoed command, and Up brings the command back to fix it.
    if ('error' in result)
      return { state: addItems(echoed, { kind: 'notice', tone: 'error', text: result.error }), effects: kept.effects };
    return { state: result.state, effects: [...kept.effects, ...result.effects] };
  }
  if (state.turn) return same({ ...state, hint: BUSY_HINT });
  const content = (text.trim().startsWith('//') ? text.trim().slice(1) : text).trim();
  const remembered = remember(state, text.trim());
  let messages = remembered.state.messages;
  if (messages[messages.length - 1]?.role === 'user') messages = messages.slice(0, -1);
  messages = [...messages, { role: 'user', content, at: isoTime(now) }];
  const next = addItems({ ...remembered.state, messages, editor: ed.EMPTY_EDITOR }, { kind: 'user', text: content });
  return startTurn(next, now, remembered.effects);
}

function onTab(state: ChatState): ChatStep {
  const { text } = state.editor;
  if (!text.startsWith('/')) return same(state);
  const result = complete(text, Object.keys(state.params));
  const hint = result.candidates.length > 1 ? result.candidates.join('  ') : undefined;
  return same({ ...state, editor: ed.editorWith(result.text), hint });
}

/** Ctrl-C: stops a reply, else clears the input, else asks for a second Ctrl-C before leaving. */
function onInterrupt(state: ChatState, now: number): ChatStep {
  if (state.turn) return interruptTurn(state);
  if (state.editor.text) {
    return same({
      ...state,
      editor: ed.EMPTY_EDITOR,
      hint: undefined,
      exitArmedAt: undefined,
      history: { ...state.history, index: null, draft: '' },
    });
  }
  if (state.exitArmedAt !== undefined && now - state.exitArmedAt < EXIT_WINDOW_MS)
    return { state: { ...state, exitCode: ExitCode.ok }, effects: [{ type: 'exit', code: ExitCode.ok }] };
  return {
    state: { ...state, exitArmedAt: now, hint: EXIT_HINT },
    effects: [{ type: 'wake', afterMs: EXIT_WINDOW_MS }],
  };
}

/** A tick with no reply streaming: the "press Ctrl-C again" hint goes once its time is up. */
function onIdleTick(state: ChatState, now: number): ChatStep {
  if (state.exitArmedAt === undefined || now - state.exitArmedAt < EXIT_WINDOW_MS) return same(state);
  return same({ ...state, exitArmedAt: undefined, hint: state.hint === EXIT_HINT ? undefined : state.hint });
}

function onEof(state: ChatState): ChatStep {
  if (state.editor.text) return withEditor(state, ed.deleteForward(state.editor));
  if (state.turn) return same({ ...state, hint: BUSY_HINT });
  return { state: { ...state, exitCode: ExitCode.ok }, effects: [{ type: 'exit', code: ExitCode.ok }] };
}

function onKey(state: ChatState, key: KeyAction, now: number, deps: ChatDeps): ChatStep {
  if (state.confirm) {
    const answered = answerConfirm(state, state.confirm, key);
    return answered.passOn ? onKey(answered.step.state, key, now, deps) : answered.step;
  }
  const e = state.editor;
  switch (key.type) {
    case 'insert':
      return withEditor(state, ed.insert(e, key.text));
    case 'newline':
      return withEditor(state, ed.insert(e, '\n'));
    case 'backspace':
      return withEditor(state, ed.backspace(e));
    case 'delete':
      return withEditor(state, ed.deleteForward(e));
    case 'left':
      return withEditor(state, ed.left(e));
    case 'right':
      return withEditor(state, ed.right(e));
    case 'home':
      return withEditor(state, ed.home(e));
    case 'end':
      return withEditor(state, ed.end(e));
    case 'word-left':
      return withEditor(state, ed.wordLeft(e));
    case 'word-right':
      return withEditor(state, ed.wordRight(e));
    case 'kill-start':
      return withEditor(state, ed.killToStart(e));
    case 'kill-end':
      return withEditor(state, ed.killToEnd(e));
    case 'kill-word':
      return withEditor(state, ed.killWord(e));
    case 'up': {
      const moved = ed.lineUp(e);
      return moved ? withEditor(state, moved) : historyUp(state);
    }
    case 'down': {
      const moved = ed.lineDown(e);
      return moved ? withEditor(state, moved) : historyDown(state);
    }
    case 'tab':
      return onTab(state);
    case 'escape':
      return same({ ...state, hint: undefined });
    case 'interrupt':
      return onInterrupt(state, now);
    case 'eof':
      return onEof(state);
    case 'submit':
      return submit(state, now, deps);
  }
}

/** The chat reducer. Pure given `deps`. */
export function chatStep(state: ChatState, action: ChatAction, deps: ChatDeps): ChatStep {
  if (state.exitCode !== undefined && !state.turn && action.type !== 'notice') return same(state);
  switch (action.type) {
    case 'key':
      return onKey(state, action.key, action.now, deps);
    case 'turn':
      return onTurnAction(state, action.turnId, action.action);
    case 'tick':
      return state.turn ? onTurnAction(state, state.turn.id, action) : onIdleTick(state, action.now);
    case 'layout': {
      const next = { ...state, layout: { columns: action.columns, rows: action.rows } };
      return next.turn
        ? onTurnAction(next, next.turn.id, { type: 'layout', columns: action.columns, rows: action.rows })
        : same(next);
    }
    case 'notice':
      return same(addItems(state, { kind: 'notice', tone: action.tone, text: action.text }));
    case 'confirm':
      return same({ ...state, confirm: action.confirm });
    case 'terminate':
      if (!state.turn)
        return {
          state: { ...state, exitCode: ExitCode.interrupted },
          effects: [{ type: 'exit', code: ExitCode.interrupted }],
        };
      return {
        state: { ...state, exitCode: ExitCode.interrupted },
        effects: [{ type: 'abort', turnId: state.turn.id, force: false }],
      };
  }
}
