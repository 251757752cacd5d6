// A minimal external store: state changes come from outside React (event pumps, timers) and
// components read them with useSyncExternalStore, so no setState happens per token. Listeners
// are told once per burst: several updates in one turn of the event loop (a frame of tokens and
// the job's end, a key and its hint) make one React render, not one each.

/** Read, replace and watch one value. */
export interface Store<S> {
  getState(): S;
  setState(next: S): void;
  subscribe(listener: () => void): () => void;
  /** Tells the listeners now instead of in a microtask (a resize must reach React before Ink redraws). */
  flush(): void;
}

/** Creates a store holding `initial`: reads see a new value at once, listeners hear of it in a microtask. */
export function createStore<S>(initial: S): Store<S> {
  let state = initial;
  let notified = initial;
  let scheduled = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    scheduled = false;
    if (Object.is(notified, state)) return;
    notified = state;
    for (const listener of [...listeners]) listener();
  };
  return {
    getState: () => state,
    setState(next) {
      if (Object.is(next, state)) return;
      state = next;
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(notify);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush: notify,
  };
}
