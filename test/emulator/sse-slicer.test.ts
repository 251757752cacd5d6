import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/emulator/prng.js';
import { ByteSlicer } from '../../src/emulator/sse-slicer.js';

const events = Array.from({ length: 30 }, (_, i) => `data: {"i":${i},"text":" café 日本 🚀"}\n\n`);

function run(seed: number, split: boolean): string[] {
  const s = new ByteSlicer(createRng(seed), split);
  const items = events.flatMap((e) => s.push(e));
  return [...items, ...s.end()];
}

describe('ByteSlicer', () => {
  it('re-joins to the exact input and cuts anywhere but inside characters', () => {
    let unaligned = 0;
    let multiEvent = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const items = run(seed, false);
      expect(items.join('')).toBe(events.join(''));
      for (const item of items) {
        expect(item).not.toContain('\uFFFD');
        expect(item.length).toBeGreaterThan(0);
        if (!item.endsWith('\n\n')) unaligned++;
        if ((item.match(/data: /g) ?? []).length > 1) multiEvent++;
      }
    }
    expect(unaligned).toBeGreaterThan(0);
    expect(multiEvent).toBeGreaterThan(0);
  });

  it('with utf8 splitting, cuts one multi-byte character into U+FFFD on both sides', () => {
    const items = run(3, true);
    const joined = items.join('');
    expect(joined).toContain('\uFFFD');
    const bad = items.findIndex((i) => i.endsWith('\uFFFD'));
    expect(bad).toBeGreaterThanOrEqual(0);
    expect(items[bad + 1]!.startsWith('\uFFFD')).toBe(true);
    expect(joined.replace(/\uFFFD+/, 'é')).toBe(events.join(''));
  });
});
