// Entry point of the job view (`complete` and one-shot `chat` on a terminal, `status --follow`).
// Loaded lazily by the CLI, and light itself: the job's events are read from the start while
// Ink and React (live-mount.tsx) load, so their load overlaps the wait for the endpoint.
import type { CliIo } from '../../core/io.js';
import type { JobEvent } from '../../core/events.js';
import type { Clock } from './frame-batcher.js';
import type { TerminalEvent } from './format.js';
import { startLiveJob } from './live-store.js';
import { divertStderr, sharedTerminal } from './stderr-divert.js';

const DIM = '\u001b[2m';
const UNDIM = '\u001b[22m';
/** Back to the start of the line, and the line cleared. */
const ERASE_LINE = '\r\u001b[2K';

/** How the job view looks. */
export interface LiveOptions {
  io: CliIo;
  markdown: boolean;
  color: boolean;
  /** Links as OSC 8 hyperlinks (output/mode.ts wantsHyperlinks). */
  hyperlinks?: boolean;
  title?: string;
  /** Show the final stats line (default true). */
  showStats?: boolean;
  /** When the job started (core/clock monotonicNow()), so the view's times match the final stats line. */
  startedAt?: number;
  /** Shown at once, before Ink and React have loaded; the first frame is drawn over it. */
  firstLine?: string;
  /** Test seam: the clock for frames, ticks and timings. */
  clock?: Clock;
}

/**
 * Renders one job's events until a terminal event; resolves with that terminal event. Unmounts
 * cleanly, leaving the final text + stats line on screen.
 */
export async function renderLiveJob(events: AsyncIterable<JobEvent>, opts: LiveOptions): Promise<TerminalEvent> {
  const { io } = opts;
  const layout = { columns: io.stdout.columns ?? 80, rows: io.stdout.rows ?? 24 };
  const job = startLiveJob(events, { clock: opts.clock, title: opts.title, layout, startedAt: opts.startedAt });
  // Handled below, once the view is up; until then a failed job must not count as unhandled.
  job.result.catch(() => undefined);
  let area: { close(): Promise<void> } | undefined;
  // From now on what rpv writes to a stderr on this terminal goes into the view (the store keeps
  // it until the view is up), so it cannot glue onto the first line or cut into a frame.
  const restoreStderr = sharedTerminal(io)
    ? divertStderr(io, (line) => job.dispatch({ type: 'log', text: line }))
    : undefined;
  let early = opts.firstLine !== undefined;
  if (opts.firstLine !== undefined) io.stdout.write(opts.color ? `${DIM}${opts.firstLine}${UNDIM}` : opts.firstLine);
  const eraseEarly = () => {
    if (early) io.stdout.write(ERASE_LINE);
    early = false;
  };
  try {
    const { mountJobView } = await import('./live-mount.js');
    eraseEarly();
    area = mountJobView(io, job, {
      markdown: opts.markdown,
      color: opts.color,
      hyperlinks: opts.hyperlinks ?? false,
      showStats: opts.showStats ?? true,
    });
    return await job.result;
  } finally {
    eraseEarly();
    restoreStderr?.();
    job.dispose();
    await area?.close();
  }
}
