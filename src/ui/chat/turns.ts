// Starting, feeding and finishing a chat turn: the reply streams through the job view's reducer,
// its finished chunks move into the transcript, and its end decides what the conversation keeps.
import { isTerminal } from '../../core/events.js';
import { formatOutcome, type TerminalEvent } from '../job/format.js';
import { initialLiveState, liveReducer, replyText, type LiveAction, type LiveState } from '../job/state.js';
import { chatReservedRows } from './layout.js';
import {
  addItems,
  conversationOf,
  requestMessages,
  same,
  type ChatEffect,
  type ChatState,
  type ChatStep,
} from './state.js';
import type { StoredMessage } from './types.js';

/** ISO time of `now` (ms since the epoch). */
export function isoTime(now: number): string {
  return new Date(now).toISOString();
}

function liveLayout(state: ChatState) {
  return { ...state.layout, reservedRows: chatReservedRows(state.editor.text, state.layout.rows) };
}

/** Starts a turn over the current conversation. */
export function startTurn(state: ChatState, now: number, effects: ChatEffect[] = []): ChatStep {
  const id = state.turnSeq + 1;
  const live = initialLiveState(now, liveLayout(state), `t${id}.`);
  const next: ChatState = { ...state, turnSeq: id, turn: { id, live, stopping: false }, hint: undefined };
  return {
    state: next,
    effects: [...effects, { type: 'send', turnId: id, messages: requestMessages(state), params: { ...state.params } }],
  };
}

function jobStatus(live: LiveState, final: TerminalEvent): string {
  if (final.type === 'done') return 'COMPLETED';
  if (final.type === 'cancelled')
    return `CANCELLED (${final.reason}${final.confirmed ? '' : ', cancel not confirmed'})`;
  if (live.status && isTerminal(live.status)) return live.status;
  return `failed: ${final.error.message}`;
}

function finishTurn(state: ChatState, live: LiveState, final: TerminalEvent, now: number): ChatStep {
  const at = isoTime(now);
  const jobId = final.jobId ?? live.jobId;
  const streamed = replyText(live);
  let messages = state.messages;
  let next: ChatState = state;
  if (final.type === 'done') {
    const content = final.choices[0] ?? final.text ?? streamed;
    const thought = final.reasoning?.[0];
    const reply: StoredMessage = {
      role: 'assistant',
      content: content || streamed,
      at,
      ...(thought ? { reasoning: thought } : {}),
    };
    messages = [...messages, jobId ? { ...reply, jobId } : reply];
  } else if (final.type === 'cancelled') {
    const partial = streamed || final.partial[0] || '';
    if (partial) {
      const reply: StoredMessage = { role: 'assistant', content: partial, interrupted: true, at };
      messages = [...messages, jobId ? { ...reply, jobId } : reply];
    } else {
      next = addItems(next, {
        kind: 'notice',
        tone: 'dim',
        text: 'stopped before any reply; /retry sends your message again',
      });
    }
  } else {
    next = addItems(next, { kind: 'notice', tone: 'error', text: `✗ ${formatOutcome(final)}` });
    if (final.error.hint) next = addItems(next, { kind: 'notice', tone: 'dim', text: `  ${final.error.hint}` });
    next = addItems(next, { kind: 'notice', tone: 'dim', text: 'your message is kept: /retry sends it again' });
  }
  next = {
    ...next,
    messages,
    turn: null,
    hint: undefined,
    lastTurn: final,
    lastJob: jobId ? { id: jobId, status: jobStatus(live, final) } : state.lastJob,
  };
  const effects: ChatEffect[] = [{ type: 'save', conversation: conversationOf(next) }];
  if (next.exitCode !== undefined) effects.push({ type: 'exit', code: next.exitCode });
  return { state: next, effects };
}

/** Feeds one action of turn `turnId` to its live state; stale turns are ignored. */
export function onTurnAction(state: ChatState, turnId: number, action: LiveAction): ChatStep {
  const turn = state.turn;
  if (!turn || turn.id !== turnId) return same(state);
  const live = liveReducer({ ...turn.live, layout: liveLayout(state) }, action);
  let next: ChatState = addItems(state, ...live.items);
  const jobId = live.jobId;
  if (jobId && live.status && !live.final) next = { ...next, lastJob: { id: jobId, status: live.status } };
  next = { ...next, turn: { ...turn, live: { ...live, items: [] } } };
  if (live.final) return finishTurn(next, live, live.final, live.now);
  return same(next);
}

/** Ctrl-C while a reply streams: the first asks the core to cancel, the second stops waiting. */
export function interruptTurn(state: ChatState): ChatStep {
  const turn = state.turn;
  if (!turn) return same(state);
  if (turn.stopping) return { state, effects: [{ type: 'abort', turnId: turn.id, force: true }] };
  return {
    state: { ...state, turn: { ...turn, stopping: true }, hint: 'stopping the reply… (Ctrl-C again to stop waiting)' },
    effects: [{ type: 'abort', turnId: turn.id, force: false }],
  };
}
