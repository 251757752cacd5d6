import { describe, expect, it } from 'vitest';
import { createScrollback } from '../../../src/ui/job/scrollback.js';

const microtasks = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup() {
  const writes: string[] = [];
  const scrollback = createScrollback();
  const write = (text: string) => writes.push(text);
  return { scrollback, writes, write };
}

describe('createScrollback', () => {
  it('writes at once when Ink has drawn a frame since the commit was rendered', () => {
    const { scrollback, writes, write } = setup();
    const seen = scrollback.frames();
    scrollback.onRender();
    scrollback.queue('done text\n', seen, write);
    expect(writes).toEqual(['done text\n']);
  });

  it('waits for the next frame while Ink still shows an older one, then writes once that frame is out', async () => {
    const { scrollback, writes, write } = setup();
    scrollback.onRender();
    const seen = scrollback.frames();
    scrollback.queue('first\n', seen, write);
    scrollback.queue('second\n', seen, write);
    expect(writes).toEqual([]);
    scrollback.onRender();
    // Ink calls onRender before it writes the frame: the text must not go in the middle of it.
    expect(writes).toEqual([]);
    await microtasks();
    expect(writes).toEqual(['first\nsecond\n']);
  });

  it('resolves idle() at once when nothing waits, after the next frame otherwise', async () => {
    const { scrollback, writes, write } = setup();
    await expect(scrollback.idle()).resolves.toBeUndefined();
    scrollback.queue('tail\n', scrollback.frames(), write);
    let idle = false;
    const waiting = scrollback.idle(10_000).then(() => (idle = true));
    await microtasks();
    expect(idle).toBe(false);
    scrollback.onRender();
    await waiting;
    expect(writes).toEqual(['tail\n']);
  });

  it('writes anyway when no frame comes before the idle() timeout', async () => {
    const { scrollback, writes, write } = setup();
    scrollback.queue('last words\n', scrollback.frames(), write);
    await scrollback.idle(5);
    expect(writes).toEqual(['last words\n']);
  });

  it('sends everything to a sink at once when one is given', () => {
    const sunk: string[] = [];
    const scrollback = createScrollback((text) => sunk.push(text));
    scrollback.queue('a\n', scrollback.frames(), () => {
      throw new Error('the sink replaces the Ink writer');
    });
    expect(sunk).toEqual(['a\n']);
  });
});
