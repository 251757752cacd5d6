import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../src/core/events.js';
import { startLiveJob } from '../../../src/ui/job/live-store.js';

async function* nothing(): AsyncGenerator<JobEvent> {}

describe('startLiveJob startedAt', () => {
  it('counts from when the job started, not from when the view came up', () => {
    const now = Date.now();
    const job = startLiveJob(nothing(), { startedAt: now - 500 });
    // An event stream with no ending rejects the result; only the start time matters here.
    job.result.catch(() => undefined);
    expect(job.store.getState().startedAt).toBe(now - 500);
    job.dispose();
  });

  it('never starts in the future', () => {
    const before = Date.now();
    const job = startLiveJob(nothing(), { startedAt: before + 60_000 });
    job.result.catch(() => undefined);
    expect(job.store.getState().startedAt).toBeLessThanOrEqual(Date.now());
    job.dispose();
  });
});
