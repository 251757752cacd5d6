// The async rate gate: calls of one family never exceed its concurrent allowance or its window
// budget, however many wait at once, and an abort releases waiters without a call.
import { describe, expect, test } from 'vitest';
import { ABORTED, BudgetGate } from '../../src/batch/budget-gate.js';

/** A fake clock whose sleep advances time. */
function clock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) return;
      await Promise.resolve();
      now += ms;
    },
  };
}

describe('BudgetGate', () => {
  test('no more than the concurrent allowance open at once', async () => {
    const c = clock();
    const gate = new BudgetGate({ run: { perWindow: 1000, windowMs: 10_000, concurrent: 3 } }, c.now, c.sleep);
    let open = 0;
    let peak = 0;
    const calls = Array.from({ length: 20 }, () =>
      gate.with('run', undefined, async () => {
        open++;
        peak = Math.max(peak, open);
        await new Promise((r) => setTimeout(r, 1));
        open--;
        return 1;
      }),
    );
    expect((await Promise.all(calls)).every((v) => v === 1)).toBe(true);
    expect(peak).toBe(3);
    expect(gate.sent.run).toBe(20);
  });

  test('calls are spread to the window budget (burst, then the steady rate)', async () => {
    const c = clock();
    const gate = new BudgetGate({ status: { perWindow: 100, windowMs: 10_000, concurrent: 100 } }, c.now, c.sleep);
    const at: number[] = [];
    await Promise.all(
      Array.from({ length: 60 }, () => gate.with('status', undefined, async () => void at.push(c.now()))),
    );
    expect(at.filter((t) => t === 0)).toHaveLength(10);
    const last = Math.max(...at);
    // 50 more at 98 per 10 s take about 5.1 s of (fake) time
    expect(last).toBeGreaterThanOrEqual(5000);
    expect(last).toBeLessThan(5300);
  });

  test('a full window holds the next call until its oldest call has left it', async () => {
    const c = clock();
    const gate = new BudgetGate({ status: { perWindow: 50, windowMs: 1_000, concurrent: 100 } }, c.now, c.sleep);
    const at: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, () => gate.with('status', undefined, async () => void at.push(c.now()))),
    );
    at.sort((a, b) => a - b);
    for (let i = 49; i < at.length; i++) expect(at[i]! - at[i - 49]!).toBeGreaterThanOrEqual(1_000);
  });

  test('a 429 slows the family down; calls that go through bring the pace back', async () => {
    const c = clock();
    const gate = new BudgetGate({ run: { perWindow: 1000, windowMs: 10_000, concurrent: 200 } }, c.now, c.sleep);
    const gapAfter = async () => {
      const t0 = c.now();
      await gate.with('run', undefined, async () => 1);
      return c.now() - t0;
    };
    await Promise.all(Array.from({ length: 100 }, gapAfter)); // the burst
    gate.rateLimited('run');
    // the burst is gone, and the next call waits the pause of the halved rate (5 gaps of 22 ms)
    const gap = Math.ceil((2 * 10_300) / 980);
    expect(await gapAfter()).toBe(250);
    expect(await gapAfter()).toBe(gap);
    gate.rateLimited('run', 3_000);
    expect(await gapAfter()).toBe(3_000);
    for (let i = 0; i < 500; i++) gate.succeeded('run');
    expect(await gapAfter()).toBeLessThanOrEqual(Math.ceil(gap / 2));
  });

  test('an aborted signal releases waiters without calling', async () => {
    const c = clock();
    const gate = new BudgetGate({ cancel: { perWindow: 10, windowMs: 10_000, concurrent: 1 } }, c.now, c.sleep);
    const stop = new AbortController();
    let called = 0;
    let release!: () => void;
    const first = gate.with(
      'cancel',
      stop.signal,
      () =>
        new Promise<void>((r) => {
          called++;
          release = r;
        }),
    );
    const second = gate.with('cancel', stop.signal, async () => void called++);
    await new Promise((r) => setTimeout(r, 5));
    stop.abort();
    expect(await second).toBe(ABORTED);
    release();
    await first;
    expect(called).toBe(1);
  });
});
