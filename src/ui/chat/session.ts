// Runs the chat outside React: applies the reducer, carries out its effects (turns, saves,
// history, transcripts, exit) and moves the clock while a reply streams.
import type { JobEvent } from '../../core/events.js';
import { toRpvError } from '../../core/errors.js';
import { fsProblem } from '../../core/fs-problem.js';
import { pumpJobEvents } from '../job/event-pump.js';
import { FRAME_MS, systemClock, type Clock } from '../job/frame-batcher.js';
import { createStore, type Store } from '../job/store.js';
import { replyText, type LiveAction } from '../job/state.js';
import { chatStep } from './reducer.js';
import { initialChatState, type ChatAction, type ChatEffect, type ChatState } from './state.js';
import type { ChatAppOptions } from './types.js';

/** A running chat: its store, a dispatcher, and the exit code once it ends. */
export interface ChatSession {
  store: Store<ChatState>;
  dispatch(action: ChatAction): void;
  clock: Clock;
  exit: Promise<number>;
  dispose(): void;
}

/** Timing seams of a session. */
export interface SessionOptions {
  clock?: Clock;
  frameMs?: number;
  tickMs?: number;
  layout?: { columns: number; rows: number };
}

type SessionDeps = Pick<
  ChatAppOptions,
  | 'system'
  | 'messages'
  | 'sessionName'
  | 'endpointLabel'
  | 'params'
  | 'paramSources'
  | 'named'
  | 'validateParam'
  | 'sendTurn'
  | 'history'
  | 'save'
  | 'writeTranscript'
>;

function loadHistory(history: SessionDeps['history']): string[] {
  try {
    return history.load();
  } catch {
    return [];
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates the chat's state and effect runner. */
export function createChatSession(opts: SessionDeps, options: SessionOptions = {}): ChatSession {
  const clock = options.clock ?? systemClock;
  const store = createStore(
    initialChatState({
      system: opts.system,
      messages: opts.messages,
      params: opts.params,
      paramSources: opts.paramSources,
      named: opts.named,
      history: loadHistory(opts.history),
      sessionName: opts.sessionName,
      endpointLabel: opts.endpointLabel,
      layout: options.layout ?? { columns: 80, rows: 24 },
    }),
  );
  let resolveExit: (code: number) => void = () => undefined;
  const exit = new Promise<number>((resolve) => (resolveExit = resolve));
  let saving: Promise<void> = Promise.resolve();
  let current: { turnId: number; abort: AbortController; detach: AbortController } | undefined;
  let ticker: unknown;
  const wakes = new Set<unknown>();

  const notice = (text: string, tone: 'info' | 'error' | 'dim' = 'error') => dispatch({ type: 'notice', text, tone });

  const tickMs = options.tickMs ?? 100;
  // Frames of tokens move the clock too; a tick only renders when none came for a whole tick.
  const tick = () => {
    ticker = undefined;
    const live = store.getState().turn?.live;
    if (!live) return;
    const now = clock.now();
    if (now - live.now >= tickMs) dispatch({ type: 'tick', now });
    ticker = clock.setTimeout(tick, tickMs);
  };

  const send = (effect: Extract<ChatEffect, { type: 'send' }>) => {
    const abort = new AbortController();
    const detach = new AbortController();
    current = { turnId: effect.turnId, abort, detach };
    const turnDispatch = (action: LiveAction) => dispatch({ type: 'turn', turnId: effect.turnId, action });
    const started = clock.now();
    const fail = (event: JobEvent) => turnDispatch({ type: 'event', event, now: clock.now() });
    let events: AsyncIterable<JobEvent>;
    try {
      events = opts.sendTurn({ messages: effect.messages, params: effect.params, signal: abort.signal });
    } catch (error) {
      events = (async function* () {
        yield* [];
        throw error;
      })();
    }
    if (ticker === undefined) ticker = clock.setTimeout(tick, tickMs);
    pumpJobEvents(events, turnDispatch, { clock, frameMs: options.frameMs ?? FRAME_MS, detach: detach.signal }).then(
      (final) => {
        if (final) return;
        const live = store.getState().turn?.live;
        fail({
          type: 'cancelled',
          reason: 'interrupted',
          confirmed: false,
          jobId: live?.jobId,
          partial: [live ? replyText(live) : ''],
          timings: { totalMs: clock.now() - started },
          retries: 0,
          at: clock.now(),
        });
      },
      (error: unknown) => {
        const live = store.getState().turn?.live;
        fail({
          type: 'error',
          error: toRpvError(error),
          jobId: live?.jobId,
          partial: [live ? replyText(live) : ''],
          timings: { totalMs: clock.now() - started },
          retries: 0,
          at: clock.now(),
        });
      },
    );
  };

  const run = (effect: ChatEffect) => {
    switch (effect.type) {
      case 'send':
        return send(effect);
      case 'abort':
        if (current?.turnId !== effect.turnId) return;
        if (effect.force) current.detach.abort();
        else current.abort.abort('interrupted');
        return;
      case 'save':
        saving = saving
          .then(() => opts.save(effect.conversation))
          .catch((error: unknown) => notice(`could not save the conversation: ${fsProblem(error)}`));
        return;
      case 'history':
        try {
          opts.history.append(effect.entry);
        } catch (error) {
          notice(`could not save the input history: ${message(error)}`, 'dim');
        }
        return;
      case 'transcript':
        opts.writeTranscript(effect.file, effect.conversation, effect.overwrite === true).then(
          (result) => {
            if (result.written) return notice(`saved to ${result.path}`, 'info');
            const question = `${result.path} exists: overwrite it? (y/N)`;
            dispatch({
              type: 'confirm',
              confirm: { kind: 'overwrite', question, file: result.path, conversation: effect.conversation },
            });
          },
          (error: unknown) => notice(`not saved: ${message(error)}`),
        );
        return;
      case 'wake': {
        const timer = clock.setTimeout(() => {
          wakes.delete(timer);
          dispatch({ type: 'tick', now: clock.now() });
        }, effect.afterMs);
        wakes.add(timer);
        return;
      }
      case 'exit':
        void saving.then(() => resolveExit(effect.code));
        return;
    }
  };

  function dispatch(action: ChatAction): void {
    const step = chatStep(store.getState(), action, opts);
    store.setState(step.state);
    for (const effect of step.effects) run(effect);
  }

  const dispose = () => {
    if (ticker !== undefined) clock.clearTimeout(ticker);
    ticker = undefined;
    for (const timer of wakes) clock.clearTimeout(timer);
    wakes.clear();
    current?.detach.abort();
  };
  return { store, dispatch, clock, exit, dispose };
}
