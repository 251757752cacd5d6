// Reading input whose size and timing rpv does not control (stdin, a reply body) with a byte
// limit, a deadline and an abort, so `yes | rpv complete` or a silent pipe can neither grow the
// process without bound nor hold it past --timeout or Ctrl-C.

/** What ended a bounded read early. */
export type BoundedReadStop = 'limit' | 'timeout' | 'aborted';

/** Thrown by `readBounded`; `stop` says why. */
export class BoundedReadError extends Error {
  constructor(
    readonly stop: BoundedReadStop,
    readonly limitBytes: number,
  ) {
    super(stop === 'limit' ? `more than ${limitBytes} bytes` : stop);
    this.name = 'BoundedReadError';
  }
}

/** The limit as people read it: 16 MiB, 512 KiB, ... */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** Reads `source` to its end, or throws BoundedReadError at `limitBytes`, at `timeoutMs`, or on `signal`. */
export async function readBounded(
  source: AsyncIterable<unknown>,
  o: { limitBytes: number; timeoutMs?: number; signal?: AbortSignal },
): Promise<Buffer> {
  const it = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    if (o.timeoutMs !== undefined)
      timer = setTimeout(() => reject(new BoundedReadError('timeout', o.limitBytes)), o.timeoutMs);
    if (o.signal) {
      onAbort = () => reject(new BoundedReadError('aborted', o.limitBytes));
      if (o.signal.aborted) onAbort();
      else o.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  stopped.catch(() => undefined);
  try {
    for (;;) {
      const next = await Promise.race([it.next(), stopped]);
      if (next.done) break;
      const value = next.value as unknown;
      const chunk = typeof value === 'string' ? Buffer.from(value) : (value as Buffer);
      size += chunk.length;
      if (size > o.limitBytes) throw new BoundedReadError('limit', o.limitBytes);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  } catch (err) {
    // Stop the source without waiting on it: a pipe nobody writes to may never answer.
    void it.return?.()?.catch?.(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
    if (onAbort) o.signal?.removeEventListener('abort', onAbort);
  }
}
