// The job runner: submit, follow the job by long-polling /stream (or /status), reconcile the
// streamed text with the aggregated output, cancel on abort. Yields JobEvents and never throws;
// every run ends with exactly one `done`, `error` or `cancelled`.
import type { JobEvent } from './events.js';
import { Channel } from './job-channel.js';
import { JobRun, type JobOptionsBase } from './job-run.js';
import type { RunBody } from './runpod-client.js';

export type { JobOptionsBase } from './job-run.js';

/** Options of `runJob`: what to submit and how to follow it. */
export interface RunJobOptions extends JobOptionsBase {
  body: RunBody;
  /** Follow `/stream` (true) or wait for the aggregated output via `/status` (false). */
  stream: boolean;
}

/** Options of `followJob` / `waitForJob`: an existing job (`body` and `stream` are accepted and ignored). */
export interface FollowJobOptions extends JobOptionsBase {
  jobId: string;
  body?: RunBody;
  stream?: boolean;
}

async function* drive(run: JobRun, channel: Channel<JobEvent>, body: () => Promise<void>): AsyncGenerator<JobEvent> {
  const task = run.execute(body);
  try {
    for await (const event of channel) yield event;
  } finally {
    run.dispose();
    await task;
  }
}

/** Submits a job with POST /run and follows it to its end. */
export function runJob(o: RunJobOptions): AsyncGenerator<JobEvent> {
  const channel = new Channel<JobEvent>();
  const run = new JobRun(o, channel);
  return drive(run, channel, async () => {
    const jobId = await run.submit(o.body);
    if (o.stream) await run.followStream(jobId, 'strict');
    else await run.pollStatus(jobId, { emitTokens: true, mode: 'strict' });
  });
}

/**
 * Attaches to an existing job (`rpv status --follow`): a finished job's whole output is emitted
 * at once; a running one is followed on `/stream` from wherever its stream currently is.
 */
export function followJob(o: FollowJobOptions): AsyncGenerator<JobEvent> {
  const channel = new Channel<JobEvent>();
  const run = new JobRun(o, channel);
  return drive(run, channel, async () => {
    const first = await run.checkStatus(o.jobId);
    if (first.terminal) await run.finish(o.jobId, first.status, { reply: first.reply, emitTokens: true, mode: 'attach' });
    else await run.followStream(o.jobId, 'attach');
  });
}

/** Polls `/status` until the job ends (`rpv status --wait`): status events, then done or error. */
export function waitForJob(o: FollowJobOptions): AsyncGenerator<JobEvent> {
  const channel = new Channel<JobEvent>();
  const run = new JobRun(o, channel);
  return drive(run, channel, () => run.pollStatus(o.jobId, { emitTokens: false, mode: 'attach' }));
}
