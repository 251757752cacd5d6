// Reads one job's JobEvents and turns them into reducer actions: tokens batched into frames,
// every other event passed on at once (after the pending tokens, so order holds). Shared by the
// job view and each chat turn.
import type { JobEvent } from '../../core/events.js';
import { toRpvError } from '../../core/errors.js';
import { FRAME_MS, FrameBatcher, systemClock, type Clock } from './frame-batcher.js';
import type { TerminalEvent } from './format.js';
import type { LiveAction } from './state.js';

/** How the pump is timed and when it lets go early. */
export interface PumpOptions {
  clock?: Clock;
  frameMs?: number;
  /** Aborting stops reading at once (the stream is closed); the pump then resolves undefined. */
  detach?: AbortSignal;
}

/** True for the events a job ends on. */
function isTerminalEvent(event: JobEvent): event is TerminalEvent {
  return event.type === 'done' || event.type === 'error' || event.type === 'cancelled';
}

const DETACHED = Symbol('detached');

function whenAborted(signal: AbortSignal | undefined): Promise<typeof DETACHED> | undefined {
  if (!signal) return undefined;
  return new Promise((resolve) => {
    if (signal.aborted) resolve(DETACHED);
    else signal.addEventListener('abort', () => resolve(DETACHED), { once: true });
  });
}

/**
 * Feeds `dispatch` until a terminal event, which it also returns. A stream that ends without
 * one, or throws, rejects with an RpvError.
 */
export async function pumpJobEvents(
  events: AsyncIterable<JobEvent>,
  dispatch: (action: LiveAction) => void,
  options: PumpOptions = {},
): Promise<TerminalEvent | undefined> {
  const clock = options.clock ?? systemClock;
  const batcher = new FrameBatcher(
    (batch) => dispatch({ type: 'tokens', ...batch, now: clock.now() }),
    clock,
    options.frameMs ?? FRAME_MS,
  );
  const iterator = events[Symbol.asyncIterator]();
  const detached = whenAborted(options.detach);
  try {
    for (;;) {
      const next = iterator.next();
      const result = detached ? await Promise.race([next, detached]) : await next;
      if (result === DETACHED) {
        next.catch(() => undefined);
        void iterator.return?.()?.catch(() => undefined);
        return undefined;
      }
      if (result.done) throw toRpvError(new Error('the job event stream ended without a result'));
      const event = result.value;
      if (event.type === 'token') {
        batcher.add(event.index, event.text);
        continue;
      }
      batcher.flush();
      dispatch({ type: 'event', event, now: clock.now() });
      if (isTerminalEvent(event)) {
        void iterator.return?.()?.catch(() => undefined);
        return event;
      }
    }
  } finally {
    batcher.flush();
    batcher.dispose();
  }
}
