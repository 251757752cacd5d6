// The batch loops' wake-up: notify() wakes every waiter, notifyOne() only the longest-waiting one
// (one new job needs one idle poll loop, not all three hundred), a timeout or an abort ends a wait.
import { describe, expect, test } from 'vitest';
import { Wake } from '../../src/batch/wake.js';

const settled = () => new Promise((r) => setImmediate(r));

describe('Wake', () => {
  test('notifyOne wakes the oldest waiter only; notify wakes the rest', async () => {
    const wake = new Wake();
    const woke: number[] = [];
    const waits = [0, 1, 2].map((i) => wake.wait(60_000).then(() => woke.push(i)));
    wake.notifyOne();
    await settled();
    expect(woke).toEqual([0]);
    wake.notifyOne();
    await settled();
    expect(woke).toEqual([0, 1]);
    wake.notify();
    await Promise.all(waits);
    expect(woke).toEqual([0, 1, 2]);
    // nobody waiting: a notifyOne is not kept for later
    wake.notifyOne();
    const late = wake.wait(20).then(() => 'timeout');
    expect(await late).toBe('timeout');
  });

  test('an abort ends every wait at once, and later waits return at once', async () => {
    const stop = new AbortController();
    const wake = new Wake(stop.signal);
    const a = wake.wait(60_000);
    const b = wake.wait(60_000);
    stop.abort();
    await Promise.all([a, b]);
    const t0 = Date.now();
    await wake.wait(60_000);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
