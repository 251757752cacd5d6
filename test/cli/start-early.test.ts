import { describe, expect, it } from 'vitest';
import { startEarly } from '../../src/cli/render.js';

describe('startEarly', () => {
  it('starts the source at once and still yields every value in order', async () => {
    const pulled: number[] = [];
    async function* source() {
      for (const n of [1, 2, 3]) {
        pulled.push(n);
        yield n;
      }
    }
    const early = startEarly(source());
    await new Promise((r) => setTimeout(r, 5));
    expect(pulled).toEqual([1]);
    const seen: number[] = [];
    for await (const n of early) seen.push(n);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        yield 1;
        yield 2;
      } finally {
        closed = true;
      }
    }
    for await (const n of startEarly(source())) {
      expect(n).toBe(1);
      break;
    }
    expect(closed).toBe(true);
  });

  it('passes an error of the first pull to the consumer', async () => {
    // eslint-disable-next-line require-yield
    async function* source(): AsyncGenerator<number> {
      throw new Error('boom');
    }
    const early = startEarly(source());
    await expect(async () => {
      for await (const _ of early) void _;
    }).rejects.toThrow('boom');
  });
});
