// One job's view state outside React: the event pump feeds the reducer, a ticker moves the clock
// for elapsed time and retry countdowns, and the terminal size feeds the split limits.
import type { JobEvent } from '../../core/events.js';
import { pumpJobEvents } from './event-pump.js';
import { FRAME_MS, systemClock, type Clock } from './frame-batcher.js';
import type { TerminalEvent } from './format.js';
import { initialLiveState, liveReducer, type LiveAction, type LiveLayout, type LiveState } from './state.js';
import { createStore, type Store } from './store.js';

/** Timing and layout of a live job. */
export interface LiveJobOptions {
  clock?: Clock;
  frameMs?: number;
  /** How often elapsed time and countdowns move (ms). */
  tickMs?: number;
  layout?: Partial<LiveLayout>;
  title?: string;
  /** When the job started (clock time), if before the view: elapsed and first-token times count from it. */
  startedAt?: number;
}

/** A running job view: its store, its outcome, and a way to tell it the terminal size. */
export interface LiveJob {
  store: Store<LiveState>;
  result: Promise<TerminalEvent>;
  dispatch(action: LiveAction): void;
  dispose(): void;
}

/** Starts reading `events` into a fresh live state. */
export function startLiveJob(events: AsyncIterable<JobEvent>, options: LiveJobOptions = {}): LiveJob {
  const clock = options.clock ?? systemClock;
  let initial = initialLiveState(Math.min(options.startedAt ?? Infinity, clock.now()), options.layout);
  if (options.title) {
    initial = { ...initial, items: [{ kind: 'title', id: 't', text: options.title }] };
  }
  const store = createStore(initial);
  const dispatch = (action: LiveAction) => store.setState(liveReducer(store.getState(), action));
  const tickMs = options.tickMs ?? 100;
  let timer: unknown;
  let stopped = false;
  // Frames of tokens move the clock too; a tick only renders when none came for a whole tick.
  const tick = () => {
    if (stopped) return;
    const now = clock.now();
    if (now - store.getState().now >= tickMs) dispatch({ type: 'tick', now });
    timer = clock.setTimeout(tick, tickMs);
  };
  timer = clock.setTimeout(tick, tickMs);
  const dispose = () => {
    stopped = true;
    clock.clearTimeout(timer);
  };
  const result = pumpJobEvents(events, dispatch, { clock, frameMs: options.frameMs ?? FRAME_MS }).then(
    (event) => {
      dispose();
      if (!event) throw new Error('job view detached');
      return event;
    },
    (error: unknown) => {
      dispose();
      throw error;
    },
  );
  return { store, result, dispatch, dispose };
}
