// --ordered's reorder buffer: input order out whatever the completion order, bounded by its window.
import { describe, expect, test } from 'vitest';
import { ReorderBuffer } from '../../src/batch/reorder-buffer.js';

describe('ReorderBuffer', () => {
  test('releases in announced order whatever order results arrive in', () => {
    const b = new ReorderBuffer<string>(10);
    for (const n of [2, 3, 5, 8]) expect(b.expect(n)).toEqual([]);
    expect(b.push(5, 'e')).toEqual([]);
    expect(b.push(3, 'c')).toEqual([]);
    expect(b.push(2, 'b')).toEqual(['b', 'c', 'e']);
    expect(b.push(8, 'h')).toEqual(['h']);
    expect(b.pending).toBe(0);
  });

  test('a result that arrives before its line is announced is released by the announcement', () => {
    const b = new ReorderBuffer<string>(4);
    expect(b.push(4, 'd')).toEqual([]);
    expect(b.expect(4)).toEqual(['d']);
  });

  test('the window bounds what is held: no room once capacity lines are pending', () => {
    const b = new ReorderBuffer<number>(3);
    b.expect(1);
    b.expect(2);
    b.expect(3);
    expect(b.room()).toBe(0);
    b.push(3, 3);
    b.push(2, 2);
    expect(b.room()).toBe(0);
    expect(b.size).toBe(2);
    expect(b.push(1, 1)).toEqual([1, 2, 3]);
    expect(b.room()).toBe(3);
  });

  test('announcing out of order is a programming error', () => {
    const b = new ReorderBuffer<number>(3);
    b.expect(5);
    expect(() => b.expect(5)).toThrow(/out of order/);
  });

  test('a long run keeps working after the internal list is compacted', () => {
    const b = new ReorderBuffer<number>(2);
    const out: number[] = [];
    for (let n = 1; n <= 20_000; n += 2) {
      b.expect(n);
      b.expect(n + 1);
      out.push(...b.push(n + 1, n + 1), ...b.push(n, n));
    }
    expect(out.length).toBe(20_000);
    expect(out.every((v, i) => v === i + 1)).toBe(true);
  });
});
