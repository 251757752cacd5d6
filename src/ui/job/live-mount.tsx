// The Ink half of the job view: mounts LiveJobView over a running job's store. Kept apart from
// live.ts so the job starts reading its events while Ink and React load.
import type { CliIo } from '../../core/io.js';
import { mountLiveArea, type LiveArea } from './live-area.js';
import type { LiveJob } from './live-store.js';
import { LiveJobView } from './live-view.js';

/** How the job view looks. */
export interface JobViewOptions {
  markdown: boolean;
  color: boolean;
  hyperlinks: boolean;
  showStats: boolean;
}

/** Shows `job` on the terminal of `io` until `close()`; follows the terminal's size from now on. */
export function mountJobView(io: CliIo, job: LiveJob, opts: JobViewOptions): LiveArea {
  const layout = () => {
    job.dispatch({ type: 'layout', columns: io.stdout.columns ?? 80, rows: io.stdout.rows ?? 24 });
    job.store.flush();
  };
  // The size may have changed while this module loaded.
  layout();
  return mountLiveArea(
    io,
    (scrollback) => (
      <LiveJobView
        store={job.store}
        markdown={opts.markdown}
        color={opts.color}
        hyperlinks={opts.hyperlinks}
        showStats={opts.showStats}
        scrollback={scrollback}
      />
    ),
    layout,
  );
}
