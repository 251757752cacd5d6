// Entry point of the job view (`complete` and one-shot `chat` on a terminal, `status --follow`).
// Loaded lazily by the CLI, so Ink and React cost nothing to commands that do not show it.
import { render } from 'ink';
import type { CliIo } from '../cli/io.js';
import type { JobEvent } from '../core/events.js';
import type { Clock } from './frame-batcher.js';
import type { TerminalEvent } from './format.js';
import { startLiveJob } from './live-store.js';
import { LiveJobView } from './live-view.js';

/** How the job view looks. */
export interface LiveOptions {
  io: CliIo;
  markdown: boolean;
  color: boolean;
  title?: string;
  /** Show the final stats line (default true). */
  showStats?: boolean;
  /** Test seam: the clock for frames, ticks and timings. */
  clock?: Clock;
}

/** Lets React commit the last state before Ink's final frame is written. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Renders one job's events until a terminal event; resolves with that terminal event. Unmounts
 * cleanly, leaving the final text + stats line on screen.
 */
export async function renderLiveJob(events: AsyncIterable<JobEvent>, opts: LiveOptions): Promise<TerminalEvent> {
  const { io } = opts;
  const size = () => ({ columns: io.stdout.columns ?? 80, rows: io.stdout.rows ?? 24 });
  const job = startLiveJob(events, { clock: opts.clock, title: opts.title, layout: size() });
  // Registered before Ink's own listener, so the tail is already cut to the new height when Ink redraws.
  const onResize = () => job.dispatch({ type: 'layout', ...size() });
  io.stdout.on('resize', onResize);
  const instance = render(
    <LiveJobView store={job.store} markdown={opts.markdown} color={opts.color} showStats={opts.showStats ?? true} />,
    {
      stdout: io.stdout as NodeJS.WriteStream,
      stderr: io.stderr as NodeJS.WriteStream,
      stdin: io.stdin as NodeJS.ReadStream,
      exitOnCtrlC: false,
      patchConsole: false,
    },
  );
  try {
    return await job.result;
  } finally {
    io.stdout.off('resize', onResize);
    job.dispose();
    await settle();
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
  }
}
