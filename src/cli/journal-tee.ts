// The local journal follows a job's events as they pass by: `rpv status <id>` and `rpv cancel
// <id>` then work from any shell. Journal trouble only warns; it never stops the job.
import type { JobEvent } from '../core/events.js';
import { recordJob, updateJob } from '../data/journal.js';
import { terminalStatus } from '../output/outcome.js';
import type { CommandContext } from './context.js';
import type { CliIo } from '../core/io.js';

/** Records the job in the local journal as its events pass by; journal trouble only warns. */
export async function* journaled(
  events: AsyncIterable<JobEvent>,
  ctx: Pick<CommandContext, 'endpoint' | 'baseUrl' | 'profile' | 'warn'>,
  io: CliIo,
  command: string,
): AsyncGenerator<JobEvent> {
  let warned = false;
  const safe = (fn: () => boolean) => {
    let problem: string | undefined;
    try {
      if (fn() === false) problem = 'the data folder is not writable';
    } catch (err) {
      problem = (err as Error).message;
    }
    if (problem !== undefined && !warned) ctx.warn(`could not write the job journal: ${problem}`);
    if (problem !== undefined) warned = true;
  };
  let jobId: string | undefined;
  for await (const ev of events) {
    if (ev.type === 'submitted') {
      jobId = ev.jobId;
      const id = ev.jobId;
      safe(() =>
        recordJob(io.env, {
          id,
          endpoint: ctx.endpoint,
          baseUrl: ctx.baseUrl,
          profile: ctx.profile,
          command,
          submittedAt: new Date(ev.at).toISOString(),
          status: 'IN_QUEUE',
        }),
      );
    } else if (ev.type === 'status' && jobId) {
      const id = jobId;
      if (ev.status !== 'IN_QUEUE') safe(() => updateJob(io.env, id, { status: ev.status }));
    } else if ((ev.type === 'done' || ev.type === 'error' || ev.type === 'cancelled') && jobId) {
      const id = jobId;
      // When rpv itself failed (exit 8 and the like) the job's fate is unknown, not an error.
      const known = terminalStatus(ev);
      const status = known === 'ERROR' ? 'UNKNOWN' : known;
      safe(() => updateJob(io.env, id, { status, finishedAt: new Date().toISOString() }));
    }
    yield ev;
  }
}
