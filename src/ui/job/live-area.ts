// Mounts an Ink view the way both live views need it: finished text written above Ink's live
// area (scrollback.ts) and put back if Ink ever clears the terminal (clear-guard.ts), frames
// drawn as soon as React commits them, and a resize handled before Ink redraws (a narrower one
// redraws the finished text too, reflow.ts).
import { render } from 'ink';
import type { ReactElement } from 'react';
import type { CliIo } from '../../core/io.js';
import { keepTranscriptOnClear } from './clear-guard.js';
import { frameOf, isBracket, redrawNarrower } from './reflow.js';
import { createScrollback, type Scrollback } from './scrollback.js';

/** A mounted view, until `close()`. */
export interface LiveArea {
  /** Writes what is left, unmounts (the last frame stays on screen) and stops listening. */
  close(): Promise<void>;
}

/** Lets React commit the last state before Ink's final frame is written. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Renders `view(scrollback)` on the terminal of `io`. `onResize` runs before Ink's own resize
 * handler and must update the view's state for the new size and flush its store (Store.flush);
 * the view is then rendered at once, so the frame Ink redraws for the new size is already cut to it.
 */
export function mountLiveArea(
  io: CliIo,
  view: (scrollback: Scrollback) => ReactElement,
  onResize: () => void,
): LiveArea {
  const scrollback = createScrollback();
  const element = view(scrollback);
  let instance: ReturnType<typeof render> | undefined;
  // The last chunk Ink wrote with a frame in it, and the width it was drawn for (reflow.ts).
  let lastChunk = '';
  let lastColumns = io.stdout.columns ?? 80;
  const resized = () => {
    const columns = io.stdout.columns ?? 80;
    const frame = frameOf(lastChunk);
    if (columns < lastColumns && frame !== '') io.stdout.write(redrawNarrower(frame, scrollback.transcript()));
    lastColumns = columns;
    onResize();
    // React 19 renders in a microtask; rerender() makes it render now, before Ink's handler.
    instance?.rerender(element);
  };
  io.stdout.on('resize', resized);
  instance = render(element, {
    stdout: keepTranscriptOnClear(io.stdout as NodeJS.WriteStream, scrollback.transcript, (chunk) => {
      // Ink writes its synchronized-output brackets as chunks of their own; the frame is in the
      // last other chunk. Only kept here: it is read on a resize.
      if (!isBracket(chunk)) lastChunk = chunk;
    }),
    stderr: io.stderr as NodeJS.WriteStream,
    stdin: io.stdin as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    // Updates already come at most once a frame (frame-batcher.ts, store.ts); Ink's own throttle
    // would only hold the last frame back and keep the process alive for one more period.
    maxFps: 0,
    onRender: scrollback.onRender,
  });
  const mounted = instance;
  return {
    async close() {
      io.stdout.off('resize', resized);
      await settle();
      await scrollback.idle();
      mounted.unmount();
      await mounted.waitUntilExit().catch(() => undefined);
    },
  };
}
