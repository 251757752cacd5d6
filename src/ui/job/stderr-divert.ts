// While a live view is on the terminal, what rpv writes to a stderr on that same terminal (-v
// lines, warnings) must not cut into the view's frames: it is diverted, line by line, into the
// view, which shows it above its live area.
import { fstatSync } from 'node:fs';
import type { CliIo } from '../../core/io.js';

/** Whether stdout and stderr are the same terminal (then a write to stderr would cut into Ink's frames). */
export function sharedTerminal(io: CliIo): boolean {
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
export function divertStderr(io: CliIo, onLine: (line: string) => void): () => void {
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
