// Writes finished transcript text above Ink's live area, once, as a plain string. Ink's own
// <Static> would lay out, measure and wrap that text character by character (about 13 µs per
// character), which made a long reply cost seconds of CPU; here it is rendered once to a string
// and written with Ink's `write` (erase the live area, write, redraw it), one write per frame.
//
// The one subtlety is order. Ink throttles its frames; `write` redraws the frame Ink drew last.
// If that frame is older than the state that finished the text, it still shows the text as live
// tail, and writing now would show the text twice until Ink's next frame. So a batch is written
// right away only when Ink has drawn a frame since React rendered it; otherwise it waits for the
// next frame Ink draws (Ink's `onRender` option calls `onRender` here).
import { useStdout } from 'ink';
import { useLayoutEffect, useRef } from 'react';

/** Text waiting to go above the live area, and when it may go. */
export interface Scrollback {
  /** Pass as Ink's `onRender` render option: a frame was just drawn. */
  readonly onRender: () => void;
  /** Frames Ink has drawn so far. */
  readonly frames: () => number;
  /** Adds text rendered by a commit that happened after frame number `seenFrames`. */
  queue(text: string, seenFrames: number, write: (text: string) => void): void;
  /** Writes whatever is waiting now (before unmounting, when no frame will follow). */
  flush(): void;
  /** Resolves once nothing waits; after `ms` it flushes anyway. */
  idle(ms?: number): Promise<void>;
  /** Everything written so far, to put back if Ink ever clears the terminal (clear-guard.ts). */
  transcript(): string;
}

/**
 * Creates the writer for one Ink instance. With `sink` (a test seam), text goes to it as soon as
 * it is committed, without waiting for Ink's frames.
 */
export function createScrollback(sink?: (text: string) => void): Scrollback {
  let frames = 0;
  let pending = '';
  let write: ((text: string) => void) | undefined = sink;
  let scheduled = false;
  const waiters: (() => void)[] = [];
  const history: string[] = [];

  const flush = () => {
    if (pending !== '' && write) {
      const text = pending;
      pending = '';
      history.push(text);
      write(text);
    }
    if (pending === '') for (const resolve of waiters.splice(0)) resolve();
  };
  const afterFrame = () => {
    scheduled = false;
    flush();
  };

  return {
    onRender() {
      frames++;
      // Ink calls this before it writes the frame; the text goes once that write is done.
      if (pending !== '' && !scheduled) {
        scheduled = true;
        queueMicrotask(afterFrame);
      }
    },
    frames: () => frames,
    queue(text, seenFrames, inkWrite) {
      write = sink ?? inkWrite;
      pending += text;
      if (sink || frames !== seenFrames) flush();
    },
    flush,
    idle(ms = 250) {
      if (pending === '') return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(flush, ms);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    transcript: () => history.join(''),
  };
}

/**
 * Writes each item of `items` (append-only) once, as `toText` renders it, above the live area.
 * Items already there when the component mounts are written with its first frame.
 */
export function useScrollback<T>(scrollback: Scrollback, items: readonly T[], toText: (item: T) => string): void {
  const { write } = useStdout();
  const written = useRef(0);
  const seenFrames = scrollback.frames();
  const render = useRef(toText);
  render.current = toText;
  useLayoutEffect(() => {
    if (items.length <= written.current) return;
    let text = '';
    for (let i = written.current; i < items.length; i++) text += render.current(items[i] as T);
    written.current = items.length;
    if (text !== '') scrollback.queue(text, seenFrames, write);
  }, [items, scrollback, seenFrames, write]);
}
