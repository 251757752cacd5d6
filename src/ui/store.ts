// A minimal external store: state changes come from outside React (event pumps, timers) and
// components read them with useSyncExternalStore, so no setState happens per token.

/** Read, replace and watch one value. */
export interface Store<S> {
  getState(): S;
  setState(next: S): void;
  subscribe(listener: () => void): () => void;
}

/** Creates a store holding `initial`. Listeners run only when the value actually changes. */
export function createStore<S>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    setState(next) {
      if (Object.is(next, state)) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
