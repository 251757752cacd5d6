// The chat's state, actions and effects, and the small helpers the reducer and the command
// runner share. The reducer itself is in reducer.ts.
import { FRESH_START, type NewItem, type StaticItem } from '../job/items.js';
import type { TerminalEvent } from '../job/format.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import type { LiveAction, LiveState } from '../job/state.js';
import { EMPTY_EDITOR, type Editor } from './editor.js';
import type { KeyAction } from './keymap.js';
import type { ChatMessage, Conversation, ParamCheck, ParamSource, StoredMessage } from './types.js';

/** The reply being streamed. */
export interface ChatTurn {
  id: number;
  live: LiveState;
  /** Ctrl-C was pressed once; the core is cancelling the job. */
  stopping: boolean;
}

/** Input history and where Up/Down are in it. */
export interface HistoryNav {
  entries: string[];
  /** Index of the entry shown, or null when editing a fresh line. */
  index: number | null;
  /** What was typed before Up was first pressed. */
  draft: string;
}

/** A y/N question the next key answers. */
export type Confirm =
  | { kind: 'clear'; question: string }
  | { kind: 'overwrite'; question: string; file: string; conversation: Conversation };

/** Everything the chat shows and remembers. */
export interface ChatState {
  system?: string;
  messages: StoredMessage[];
  params: Record<string, unknown>;
  /** Where each of `params` comes from (/set records 'set'; unlisted: 'default'). */
  paramSources: Record<string, ParamSource>;
  sessionName: string;
  /** Named with --session: /clear asks before it rewrites that file. */
  named: boolean;
  /** A question waiting for y or n. */
  confirm?: Confirm;
  /** When Ctrl-C was pressed at an empty prompt; a second one soon after exits. */
  exitArmedAt?: number;
  items: StaticItem[];
  nextId: number;
  editor: Editor;
  history: HistoryNav;
  turn: ChatTurn | null;
  turnSeq: number;
  lastTurn?: TerminalEvent;
  lastJob?: { id: string; status: string };
  /** A transient line above the input (completions, "still streaming"). */
  hint?: string;
  /** Set once the chat is leaving; with a turn running, it leaves when the turn ends. */
  exitCode?: number;
  layout: { columns: number; rows: number };
}

/** What can happen to the chat. `now` is the chat's clock in ms. */
export type ChatAction =
  | { type: 'key'; key: KeyAction; now: number }
  | { type: 'turn'; turnId: number; action: LiveAction }
  | { type: 'tick'; now: number }
  | { type: 'layout'; columns: number; rows: number }
  | { type: 'notice'; text: string; tone: 'info' | 'error' | 'dim' }
  | { type: 'confirm'; confirm: Confirm }
  | { type: 'terminate' };

/** Side effects the reducer asks for; the session runs them. */
export type ChatEffect =
  | { type: 'send'; turnId: number; messages: ChatMessage[]; params: Record<string, unknown> }
  | { type: 'abort'; turnId: number; force: boolean }
  | { type: 'save'; conversation: Conversation }
  | { type: 'history'; entry: string }
  | { type: 'transcript'; file?: string; conversation: Conversation; overwrite?: boolean }
  /** Send a `tick` after `afterMs` (a hint that expires). */
  | { type: 'wake'; afterMs: number }
  | { type: 'exit'; code: number };

/** Dependencies of the reducer that come from the CLI. */
export interface ChatDeps {
  validateParam(name: string, value: string): ParamCheck;
}

/** A reducer result: the next state and the effects to run. */
export interface ChatStep {
  state: ChatState;
  effects: ChatEffect[];
}

/** Appends items to the transcript. */
export function addItems(state: ChatState, ...items: NewItem[]): ChatState {
  if (items.length === 0) return state;
  const added = items.map((item, i) => ({ ...item, id: `c${state.nextId + i}` }) as StaticItem);
  return { ...state, items: [...state.items, ...added], nextId: state.nextId + items.length };
}

/** The parameters set with /set, now or in an earlier run of this session: what the session keeps. */
function setParams(state: ChatState): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(state.params)) {
    const source = state.paramSources[name];
    if (source === 'set' || source === 'session') out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The conversation as saved. */
export function conversationOf(state: ChatState): Conversation {
  const out: Conversation =
    state.system === undefined ? { messages: state.messages } : { system: state.system, messages: state.messages };
  const params = setParams(state);
  return params ? { ...out, params } : out;
}

/** The messages sent for a turn: the system prompt first, then the conversation. */
export function requestMessages(state: ChatState): ChatMessage[] {
  const out: ChatMessage[] = state.system ? [{ role: 'system', content: state.system }] : [];
  for (const m of state.messages) out.push({ role: m.role, content: m.content });
  return out;
}

/** No change, no effect. */
export function same(state: ChatState): ChatStep {
  return { state, effects: [] };
}

/** Starting values of the chat. */
export interface ChatInit {
  system?: string;
  messages: StoredMessage[];
  params: Record<string, unknown>;
  paramSources?: Record<string, ParamSource>;
  named?: boolean;
  history: string[];
  sessionName: string;
  endpointLabel: string;
  layout: { columns: number; rows: number };
}

/** The chat before anything was typed: header, then the loaded conversation. */
export function initialChatState(init: ChatInit): ChatState {
  let state: ChatState = {
    system: init.system,
    messages: init.messages,
    params: init.params,
    paramSources: init.paramSources ?? {},
    sessionName: init.sessionName,
    named: init.named ?? false,
    items: [],
    nextId: 0,
    editor: EMPTY_EDITOR,
    history: { entries: init.history, index: null, draft: '' },
    turn: null,
    turnSeq: 0,
    layout: init.layout,
  };
  state = addItems(
    state,
    { kind: 'title', text: 'rpv chat', detail: `session ${init.sessionName} · ${init.endpointLabel}` },
    { kind: 'notice', tone: 'dim', text: 'Enter sends · Alt+Enter or Ctrl-J: new line · Ctrl-C stops a reply · /help' },
  );
  if (init.system) state = addItems(state, { kind: 'notice', tone: 'dim', text: `system: ${firstLine(init.system)}` });
  for (const m of init.messages) {
    if (m.role === 'user') state = addItems(state, { kind: 'user', text: m.content });
    if (m.role === 'assistant') {
      state = addItems(state, { kind: 'reply', text: sanitizeForTerminal(m.content), start: FRESH_START });
      if (m.interrupted) state = addItems(state, { kind: 'marker', text: '[interrupted]' });
    }
  }
  return state;
}

/** The first line of `text`, shortened to `max` characters. */
export function firstLine(text: string, max = 72): string {
  const line = text.split('\n')[0] ?? '';
  const more = line.length > max || text.includes('\n');
  return more ? `${line.slice(0, max)}…` : line;
}
