// Batch progress on stderr: one rewritten line in a terminal (4 times a second), a plain line every
// 10 s otherwise, nothing with -q. The line: done, failed, in flight (queued / running as /health
// shows them), requests/s, tokens/s, ETA, estimated cost.
import type { Writable } from 'node:stream';
import type { BatchStats } from './stats.js';

/** Renders progress until stopped. */
export interface Progress {
  stop(): void;
}

const TTY_MS = 250;
const PLAIN_MS = 10_000;

/** The progress line's text (pure). */
export function progressLine(s: BatchStats, limit: number, now: number): string {
  const secs = Math.max(0.001, (now - s.started) / 1000);
  const finished = s.done + s.failed;
  const rps = finished / secs;
  const left = s.total - s.skipped - finished;
  const eta = rps > 0 && left > 0 ? `ETA ${formatEta(left / rps)}` : left > 0 ? 'ETA -' : 'ETA 0s';
  const queue =
    s.health.inQueue !== undefined ? `, ${s.health.inQueue} queued / ${s.health.inProgress ?? 0} running` : '';
  const cost = s.costUsd === null ? '' : `, ~$${s.costUsd.toFixed(4)} est.`;
  return (
    `batch: ${s.done} done, ${s.failed} failed, ${s.inFlight} in flight (limit ${limit}${queue}), ` +
    `${rps.toFixed(1)} req/s, ${(s.completionTokens / secs).toFixed(0)} tok/s, ${eta}${cost}`
  );
}

function formatEta(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** Starts the progress output that fits `stream`. */
export function startProgress(
  stream: Writable & { isTTY?: boolean },
  quiet: boolean,
  s: BatchStats,
  limit: () => number,
): Progress {
  if (quiet) return { stop: () => undefined };
  const tty = Boolean(stream.isTTY);
  let shown = false;
  const draw = () => {
    const text = progressLine(s, limit(), Date.now());
    if (tty) {
      const cols = (stream as { columns?: number }).columns ?? 100;
      stream.write(`\r\u001b[2K${text.slice(0, Math.max(20, cols - 1))}`);
      shown = true;
    } else stream.write(`${text}\n`);
  };
  const timer = setInterval(draw, tty ? TTY_MS : PLAIN_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (tty && shown) stream.write('\r\u001b[2K');
    },
  };
}
