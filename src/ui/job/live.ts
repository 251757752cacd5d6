// Entry point of the job view (`complete` and one-shot `chat` on a terminal, `status --follow`).
// Loaded lazily by the CLI, and light itself: the job's events are read from the start while
// Ink and React (live-mount.tsx) load, so their load overlaps the wait for the endpoint.
import type { CliIo } from '../../core/io.js';
import type { JobEvent } from '../../core/events.js';
import type { Clock } from './frame-batcher.js';
import type { TerminalEvent } from './format.js';
import { startLiveJob } from './live-store.js';

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
  try {
    const { mountJobView } = await import('./live-mount.js');
    area = mountJobView(io, job, {
      markdown: opts.markdown,
      color: opts.color,
      hyperlinks: opts.hyperlinks ?? false,
      showStats: opts.showStats ?? true,
    });
    return await job.result;
  } finally {
    job.dispose();
    await area?.close();
  }
}
