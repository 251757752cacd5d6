// Mounts an Ink view the way both live views need it: finished text written above Ink's live
// area (scrollback.ts) and put back if Ink ever clears the terminal (clear-guard.ts), frames
// drawn as soon as React commits them, a resize handled before Ink redraws, and (for the job
// view) what rpv writes to a stderr on the same terminal shown above the live area.
import { fstatSync } from 'node:fs';
import { render } from 'ink';
import type { ReactElement } from 'react';
import type { CliIo } from '../../core/io.js';
import { keepTranscriptOnClear } from './clear-guard.js';
import { createScrollback, type Scrollback } from './scrollback.js';

/** A mounted view, until `close()`. */
export interface LiveArea {
  /** Writes what is left, unmounts (the last frame stays on screen) and stops listening. */
  close(): Promise<void>;
}

/** Whether stdout and stderr are the same terminal (then a write to stderr would cut into Ink's frames). */
function sharedTerminal(io: CliIo): boolean {
  if (!io.stdout.isTTY || !io.stderr.isTTY) return false;
  const fd = (stream: unknown) => (stream as { fd?: unknown }).fd;
  const out = fd(io.stdout);
  const err = fd(io.stderr);
  if (typeof out !== 'number' || typeof err !== 'number') return true;
  try {
    return fstatSync(out).rdev === fstatSync(err).rdev;
  } catch {
    return true;
  }
}

/**
 * While the view is up, lines written to a stderr that shares the terminal go to `onLine` (to be
 * shown above the live area) instead of cutting into Ink's frames; returns the undo, which hands
 * on a last unfinished line.
 */
function divertStderr(io: CliIo, onLine: (line: string) => void): () => void {
  const stderr = io.stderr;
  const original = Object.prototype.hasOwnProperty.call(stderr, 'write') ? stderr.write : undefined;
  let partial = '';
  const diverted = (chunk: unknown, encoding?: unknown, done?: unknown): boolean => {
    partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
    const callback = typeof encoding === 'function' ? encoding : done;
    if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
    return true;
  };
  stderr.write = diverted as typeof stderr.write;
  return () => {
    if (original) stderr.write = original;
    else delete (stderr as { write?: unknown }).write;
    if (partial !== '') onLine(partial);
  };
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
  onLogLine?: (line: string) => void,
): LiveArea {
  const scrollback = createScrollback();
  const restoreStderr = onLogLine && sharedTerminal(io) ? divertStderr(io, onLogLine) : undefined;
  const element = view(scrollback);
  let instance: ReturnType<typeof render> | undefined;
  const resized = () => {
    onResize();
    // React 19 renders in a microtask; rerender() makes it render now, before Ink's handler.
    instance?.rerender(element);
  };
  io.stdout.on('resize', resized);
  instance = render(element, {
    stdout: keepTranscriptOnClear(io.stdout as NodeJS.WriteStream, scrollback.transcript),
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
      restoreStderr?.();
      await settle();
      await scrollback.idle();
      mounted.unmount();
      await mounted.waitUntilExit().catch(() => undefined);
    },
  };
}
