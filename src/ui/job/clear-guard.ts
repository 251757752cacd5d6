// Ink clears the whole terminal, scrollback included, when a frame is drawn while the previous
// one was at least as tall as the screen (a window shrunk below the live area mid-reply). With
// <Static> it then wrote all finished output again; the transcript is written outside Ink now,
// so this puts it back: the stream Ink writes to inserts the transcript right after the clear.
// Ink (6.8) also writes that frame without its final newline while it records it as written
// with one, so its next erase would take one more line, the transcript's last; it is added here.

const CLEAR = '\u001b[2J';
const AFTER_CLEAR = ['\u001b[3J', '\u001b[H'];

/** Where a clear-screen sequence in `chunk` ends (with the scrollback erase and cursor home that follow it); -1 if none. */
export function clearEnd(chunk: string): number {
  const at = chunk.indexOf(CLEAR);
  if (at === -1) return -1;
  let end = at + CLEAR.length;
  for (const next of AFTER_CLEAR) if (chunk.startsWith(next, end)) end += next.length;
  return end;
}

/** The chunk Ink writes to clear the terminal and redraw, with the transcript put back after the clear. */
export function withTranscript(chunk: string, transcript: string, rows: number): string {
  const end = clearEnd(chunk);
  if (end === -1) return chunk;
  const frame = chunk.slice(end);
  // A frame shorter than the screen is recorded by Ink as followed by a newline.
  const newline = frame !== '' && !frame.endsWith('\n') && frame.split('\n').length < rows ? '\n' : '';
  return chunk.slice(0, end) + transcript + frame + newline;
}

/**
 * A view of `stdout` for Ink: the same stream (size, events, state), except that a write which
 * clears the terminal gets `transcript()` inserted right after the clear (see withTranscript).
 */
export function keepTranscriptOnClear<T extends NodeJS.WritableStream & { rows?: number }>(
  stdout: T,
  transcript: () => string,
  /** Sees each text chunk Ink writes (live-area.ts keeps the last frame). */
  onChunk?: (chunk: string) => void,
): T {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const call = stdout.write.bind(stdout) as (...args: unknown[]) => boolean;
    if (typeof chunk === 'string') onChunk?.(chunk);
    if (typeof chunk !== 'string' || clearEnd(chunk) === -1) return call(chunk, ...rest);
    return call(withTranscript(chunk, transcript(), stdout.rows ?? 24), ...rest);
  };
  return new Proxy(stdout, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
