import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/ui/job/store.js';

const microtasks = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createStore', () => {
  it('shows a new value to readers at once and tells listeners once per burst of updates', async () => {
    const store = createStore(0);
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.getState()));
    store.setState(1);
    store.setState(2);
    expect(store.getState()).toBe(2);
    expect(seen).toEqual([]);
    await microtasks();
    expect(seen).toEqual([2]);
    store.setState(3);
    await microtasks();
    expect(seen).toEqual([2, 3]);
  });

  it('tells no one when a burst ends where it started, or after unsubscribing', async () => {
    const store = createStore('a');
    let calls = 0;
    const stop = store.subscribe(() => calls++);
    store.setState('b');
    store.setState('a');
    await microtasks();
    expect(calls).toBe(0);
    stop();
    store.setState('c');
    await microtasks();
    expect(calls).toBe(0);
  });
});
