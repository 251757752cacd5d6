// Job states of the hosted queue API (runpod-api.md 1.4), kept here so the emulator stands alone.

/** A job's status as /status reports it. */
export type JobStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TIMED_OUT';

const TERMINAL: ReadonlySet<JobStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);

/** True once a job can change no more. */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}
