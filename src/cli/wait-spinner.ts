// `status --wait`: an ora spinner on a terminal's stderr while the job runs; nothing in a pipe.
import { ExitCode } from '../core/errors.js';
import { monotonicNow } from '../core/clock.js';
import type { JobEvent } from '../core/events.js';
import { formatError } from '../output/outcome.js';
import { formatRetry } from '../output/stats.js';
import { isDumbTerminal, type CliIo } from '../core/io.js';

const JOB_ENDINGS = new Set(['JobFailedError', 'TimeoutError', 'JobCancelledError']);

const PHASE_TEXT: Record<string, string> = {
  IN_QUEUE: 'in queue',
  IN_PROGRESS: 'running',
};

/**
 * Follows the events to the end; the final status object is the one the end came with (read
 * again only when the events did not carry it).
 * Returns the status reply, `{exitCode}` after printing an error, or undefined when interrupted.
 */
export async function waitWithSpinner(
  events: AsyncIterable<JobEvent>,
  finalStatus: () => Promise<Record<string, unknown>>,
  io: CliIo,
  quiet: boolean,
): Promise<Record<string, unknown> | { exitCode: number } | undefined> {
  const showSpinner = Boolean(io.stderr.isTTY) && !isDumbTerminal(io.env) && !quiet;
  const spinner = showSpinner
    ? (await import('ora')).default({ text: 'waiting for the job', stream: io.stderr, discardStdin: false }).start()
    : undefined;
  const started = monotonicNow();
  // The phase and the time in it, redrawn every second: the clock ticks between events too.
  let phase = 'waiting for the job';
  let note: { text: string; until: number } | undefined;
  const draw = () => {
    if (!spinner) return;
    const now = monotonicNow();
    if (note && now < note.until) spinner.text = note.text;
    else spinner.text = `${phase} · ${Math.floor((now - started) / 1000)}s`;
  };
  const ticker = spinner ? setInterval(draw, 1000) : undefined;
  ticker?.unref();
  let record: Record<string, unknown> | undefined;
  try {
    for await (const ev of events) {
      if (ev.type === 'status') {
        phase = PHASE_TEXT[ev.status] ?? ev.status.toLowerCase();
        draw();
      } else if (ev.type === 'retry') {
        note = { text: formatRetry(ev, ev.delayMs), until: monotonicNow() + Math.max(ev.delayMs, 1000) };
        draw();
      } else if (ev.type === 'cancelled') {
        spinner?.stop();
        if (ev.reason === 'timeout') {
          io.stderr.write(`rpv: timed out waiting for job ${ev.jobId ?? ''} (the job was left running)\n`);
          return { exitCode: ExitCode.timedOut };
        }
        if (ev.reason === 'pipe-closed') return { exitCode: ExitCode.ok };
        const id = ev.jobId ?? '';
        io.stderr.write(`rpv: interrupted; job ${id} keeps running (see: rpv status ${id} --wait)\n`);
        return undefined;
      } else if (ev.type === 'error') {
        // A job that ended badly still has a status object that tells it all.
        record = ev.record;
        if (JOB_ENDINGS.has(ev.error.name)) break;
        spinner?.stop();
        io.stderr.write(formatError(ev.error, ev.jobId));
        return { exitCode: ev.error.exitCode };
      } else if (ev.type === 'done') {
        record = ev.record;
        break;
      }
    }
  } finally {
    if (ticker) clearInterval(ticker);
    spinner?.stop();
  }
  // The end was seen with its status object: asking again could print a different answer.
  return record ?? finalStatus();
}
