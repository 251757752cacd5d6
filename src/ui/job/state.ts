// The live job view's state and its one pure reducer: JobEvents (tokens already batched into
// frames), clock ticks and terminal size changes in, phase / text / hints / stats out. Finished
// reply chunks move into `items` (written once above the live area); only `tail` stays live.
import type { JobEvent, JobStatus, Usage } from '../../core/events.js';
import type { TerminalEvent } from './format.js';
import { FRESH_START, type NewItem, type StaticItem } from './items.js';
import { sanitizeChunk, sanitizeForTerminal } from '../text/sanitize.js';
import { findCommitPoint, startAfter, type ChunkStart } from '../text/split.js';

/** What the person is waiting on. */
export type LivePhase = 'starting' | 'submitted' | 'queued' | 'generating' | 'done' | 'failed' | 'cancelled';

/** A retry announced by the core and not yet overtaken by progress. */
export interface PendingRetry {
  reason: string;
  retry: number;
  maxRetries: number;
  /** Local clock time the delay ends. */
  until: number;
}

/** Terminal size and how many rows the view needs besides the reply tail. */
export interface LiveLayout {
  columns: number;
  rows: number;
  reservedRows: number;
}

/** Everything the job view shows. Times are on the view's own clock (the `now` of actions). */
export interface LiveState {
  phase: LivePhase;
  jobId?: string;
  status?: JobStatus;
  workerId?: string;
  startedAt: number;
  now: number;
  firstTokenAt?: number;
  lastTokenAt?: number;
  /** Token events received (the live tokens/s estimate when no usage is known yet). */
  tokenEvents: number;
  usage?: Usage;
  /** Unsanitized text per choice, as the model produced it. */
  raw: string[];
  /** An escape sequence of choice 0 cut between two deltas, held back until it ends. */
  pendingEscape: string;
  /** Sanitized text of choice 0 not yet committed to `items`. */
  tail: string;
  tailStart: ChunkStart;
  items: StaticItem[];
  /** Reasoning of choice 0 (sanitized), shown dimmed while no answer text has come. */
  reasoning: string;
  /** The reasoning was folded into one line above the answer. */
  reasoningFolded: boolean;
  idPrefix: string;
  nextId: number;
  retry?: PendingRetry;
  stall?: { idleMs: number };
  workers?: { idle: number; running: number; initializing: number };
  final?: TerminalEvent;
  layout: LiveLayout;
}

/** Inputs of the reducer. Token events arrive batched, one action per frame. */
export type LiveAction =
  | { type: 'event'; event: JobEvent; now: number }
  | { type: 'tokens'; texts: string[]; count: number; firstAt: number; lastAt: number; now: number }
  | { type: 'tick'; now: number }
  | { type: 'layout'; columns: number; rows: number; reservedRows?: number }
  /** A line rpv wrote to stderr while the view was up (-v, warnings): shown above the live area. */
  | { type: 'log'; text: string };

/** The state before any event. */
export function initialLiveState(now: number, layout: Partial<LiveLayout> = {}, idPrefix = 'r'): LiveState {
  return {
    phase: 'starting',
    startedAt: now,
    now,
    tokenEvents: 0,
    raw: [],
    pendingEscape: '',
    tail: '',
    tailStart: FRESH_START,
    items: [],
    reasoning: '',
    reasoningFolded: false,
    idPrefix,
    nextId: 0,
    layout: { columns: layout.columns ?? 80, rows: layout.rows ?? 24, reservedRows: layout.reservedRows ?? 4 },
  };
}

/**
 * The most rows of reply text kept live, however tall the terminal. Ink measures and redraws the
 * live area on every frame, character by character; text above it costs nothing once written.
 */
export const MAX_LIVE_ROWS = 12;

/** Split limits for the current layout: the tail never reaches the terminal's height (one row at least). */
export function splitLimits(layout: LiveLayout) {
  const maxLiveRows = Math.max(1, Math.min(MAX_LIVE_ROWS, layout.rows - layout.reservedRows - 1));
  return { columns: layout.columns, maxLiveRows, keepRows: Math.max(1, Math.min(6, Math.floor(maxLiveRows / 2))) };
}

function withItem(state: LiveState, item: NewItem): LiveState {
  const id = `${state.idPrefix}${state.nextId}`;
  return { ...state, items: [...state.items, { ...item, id } as StaticItem], nextId: state.nextId + 1 };
}

/** Moves whatever is safe to move from the tail into items; with `all`, the whole tail. */
function commit(state: LiveState, all: boolean): LiveState {
  const cut = all ? state.tail.length : findCommitPoint(state.tail, state.tailStart, splitLimits(state.layout));
  if (cut <= 0) return state;
  const text = state.tail.slice(0, cut);
  const next = withItem(state, { kind: 'reply', text, start: state.tailStart });
  return { ...next, tail: state.tail.slice(cut), tailStart: startAfter(state.tail, cut, state.tailStart) };
}

/** Appends raw text to choice `index`; choice 0 also feeds the sanitized tail. */
function appendText(state: LiveState, index: number, text: string): LiveState {
  if (!text) return state;
  const raw = [...state.raw];
  raw[index] = (raw[index] ?? '') + text;
  if (index !== 0) return { ...state, raw };
  const clean = sanitizeChunk(state.pendingEscape, text);
  return { ...state, raw, pendingEscape: clean.pending, tail: state.tail + clean.text };
}

/** Text the terminal event knows that the stream did not deliver (a non-streamed job, a follow). */
function missingText(state: LiveState, event: TerminalEvent): string {
  const streamed = state.raw[0] ?? '';
  const whole = event.type === 'done' ? (event.choices[0] ?? event.text) : (event.partial[0] ?? '');
  if (whole.startsWith(streamed)) return whole.slice(streamed.length);
  return '';
}

/** One line standing for the whole reasoning once the answer starts (or the reply ends). */
function foldedReasoning(reasoning: string): string {
  const words = reasoning
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '').length;
  const flat = reasoning.replace(/\s+/g, ' ').trim();
  const head = flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
  return `▸ reasoning (${words} word${words === 1 ? '' : 's'}): ${head}`;
}

/** Folds the shown reasoning into a one-line dim notice, once. */
function foldReasoning(state: LiveState): LiveState {
  if (state.reasoningFolded || state.reasoning.trim() === '') return state;
  const next = withItem(state, { kind: 'notice', text: foldedReasoning(state.reasoning), tone: 'dim' });
  return { ...next, reasoningFolded: true };
}

function onReasoning(state: LiveState, index: number, text: string, now: number): LiveState {
  const s: LiveState = {
    ...state,
    now,
    phase: 'generating',
    tokenEvents: state.tokenEvents + 1,
    firstTokenAt: state.firstTokenAt ?? now,
    lastTokenAt: now,
    retry: undefined,
    stall: undefined,
    workers: undefined,
  };
  if (index !== 0 || s.reasoningFolded || (s.raw[0] ?? '') !== '') return s;
  return { ...s, reasoning: s.reasoning + sanitizeForTerminal(text) };
}

function finish(state: LiveState, event: TerminalEvent, now: number): LiveState {
  let folded = state;
  if (!folded.reasoningFolded && folded.reasoning === '' && event.type === 'done' && event.reasoning?.[0]) {
    folded = { ...folded, reasoning: sanitizeForTerminal(event.reasoning[0]) };
  }
  folded = foldReasoning(folded);
  let next: LiveState = { ...appendText(folded, 0, missingText(folded, event)), pendingEscape: '' };
  next = commit(next, true);
  if (event.type === 'done' && event.choices.length > 1) {
    event.choices.forEach((choice, index) => {
      if (index === 0) return;
      next = withItem(next, { kind: 'title', text: `choice ${index + 1}` });
      next = withItem(next, { kind: 'reply', text: sanitizeForTerminal(choice), start: FRESH_START });
    });
  }
  if (event.type === 'cancelled' && (next.raw[0] ?? '') !== '') {
    next = withItem(next, { kind: 'marker', text: `[${event.reason}]` });
  }
  const phase: LivePhase = event.type === 'done' ? 'done' : event.type === 'error' ? 'failed' : 'cancelled';
  return {
    ...next,
    phase,
    final: event,
    now,
    jobId: event.jobId ?? next.jobId,
    usage: event.type === 'done' ? event.usage : next.usage,
    retry: undefined,
    stall: undefined,
  };
}

function onTokens(
  state: LiveState,
  texts: string[],
  count: number,
  firstAt: number,
  lastAt: number,
  now: number,
): LiveState {
  let next: LiveState = (texts[0] ?? '') !== '' ? foldReasoning(state) : state;
  texts.forEach((text, index) => {
    next = appendText(next, index, text);
  });
  next = {
    ...next,
    phase: 'generating',
    now,
    tokenEvents: state.tokenEvents + count,
    firstTokenAt: state.firstTokenAt ?? firstAt,
    lastTokenAt: lastAt,
    retry: undefined,
    stall: undefined,
    workers: undefined,
  };
  return commit(next, false);
}

function onEvent(state: LiveState, event: JobEvent, now: number): LiveState {
  const s = { ...state, now };
  switch (event.type) {
    case 'submitted':
      return { ...s, phase: 'submitted', jobId: event.jobId, retry: undefined };
    case 'status': {
      const phase = event.phase === 'queued' ? 'queued' : event.phase === 'generating' ? 'generating' : s.phase;
      const progressed = phase !== state.phase;
      return {
        ...s,
        phase,
        jobId: event.jobId,
        status: event.status,
        workerId: event.workerId ?? s.workerId,
        retry: undefined,
        stall: progressed ? undefined : s.stall,
        workers: phase === 'generating' ? undefined : s.workers,
      };
    }
    case 'token':
      return onTokens(state, textsAt(event.index, event.text), 1, now, now, now);
    case 'reasoning':
      return onReasoning(state, event.index, event.text, now);
    case 'retry':
      return {
        ...s,
        retry: { reason: event.reason, retry: event.retry, maxRetries: event.maxRetries, until: now + event.delayMs },
      };
    case 'stall':
      return { ...s, stall: { idleMs: event.idleMs } };
    case 'workers':
      return { ...s, workers: { idle: event.idle, running: event.running, initializing: event.initializing } };
    case 'usage':
      return { ...s, usage: event.usage };
    default:
      return finish(s, event, now);
  }
}

function textsAt(index: number, text: string): string[] {
  const texts: string[] = [];
  texts[index] = text;
  return texts;
}

/** The live view's reducer. Pure: same state and action, same result. */
export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  // Diagnostics still come after the end (the record, the last /status): they are shown too.
  if (action.type === 'log') return withItem(state, { kind: 'notice', tone: 'dim', text: action.text });
  if (state.final && action.type !== 'layout') return state;
  switch (action.type) {
    case 'event':
      return onEvent(state, action.event, action.now);
    case 'tokens':
      return onTokens(state, action.texts, action.count, action.firstAt, action.lastAt, action.now);
    case 'tick':
      return action.now === state.now ? state : { ...state, now: action.now };
    case 'layout': {
      const layout = {
        columns: action.columns,
        rows: action.rows,
        reservedRows: action.reservedRows ?? state.layout.reservedRows,
      };
      const next = { ...state, layout };
      return next.final ? next : commit(next, false);
    }
  }
}

/** Tokens per second so far: usage when known, else token events, over first-to-last token. */
export function liveRate(state: LiveState): number | undefined {
  if (state.firstTokenAt === undefined || state.lastTokenAt === undefined) return undefined;
  const seconds = (state.lastTokenAt - state.firstTokenAt) / 1000;
  if (seconds < 0.25) return undefined;
  const count = state.usage?.completionTokens ?? state.tokenEvents;
  return count / seconds;
}

/** Everything of choice 0 the view has shown, committed or not (for a chat transcript). */
export function replyText(state: LiveState): string {
  return state.raw[0] ?? '';
}
