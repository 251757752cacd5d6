// How a finished job turns into an exit code and a one-line error, shared by every renderer.
import type { JobEvent } from '../core/events.js';
import { ExitCode, type RpvError } from '../core/errors.js';

/** The event that ended a job stream. */
export type TerminalEvent = Extract<JobEvent, { type: 'done' | 'error' | 'cancelled' }>;

const ERROR_STATUS: Record<string, string> = {
  JobFailedError: 'FAILED',
  TimeoutError: 'TIMED_OUT',
  JobCancelledError: 'CANCELLED',
};

/** The job status a terminal event stands for; 'ERROR' when rpv, not the job, failed. */
export function terminalStatus(event: TerminalEvent): string {
  if (event.type === 'done') return 'COMPLETED';
  if (event.type === 'cancelled') return 'CANCELLED';
  return ERROR_STATUS[event.error.name] ?? 'ERROR';
}

/** Exit code of a terminal event, per the contract. */
export function exitCodeOf(event: TerminalEvent): number {
  switch (event.type) {
    case 'done':
      return ExitCode.ok;
    case 'error':
      return event.error.exitCode;
    case 'cancelled':
      if (event.reason === 'timeout') return ExitCode.timedOut;
      if (event.reason === 'pipe-closed') return ExitCode.ok;
      return ExitCode.interrupted;
  }
}

/** `rpv: <message>` plus an optional hint line, naming the job where there is one. */
export function formatError(error: RpvError, jobId?: string): string {
  const id = error.jobId ?? jobId;
  const oneLine = error.message.replace(/\s*\n\s*/g, ' ').trim();
  const named = id && !oneLine.includes(id) ? `${oneLine} (job ${id})` : oneLine;
  const lines = [`rpv: ${named}`];
  if (error.hint) lines.push(`  ${error.hint.replace(/\s*\n\s*/g, ' ')}`);
  return `${lines.join('\n')}\n`;
}

/** The message for a job we cancelled ourselves. */
export function cancelledMessage(event: Extract<JobEvent, { type: 'cancelled' }>): string | undefined {
  const id = event.jobId ? ` job ${event.jobId}` : '';
  if (event.detached && event.reason !== 'pipe-closed') {
    const what = event.reason === 'timeout' ? 'timed out waiting' : 'stopped following';
    return `rpv: ${what};${id || ' the job'} keeps running (see: rpv status ${event.jobId ?? '<id>'})\n`;
  }
  const sent = event.jobId ? (event.confirmed ? ', cancelled' : ', cancel not confirmed') : '';
  if (event.reason === 'timeout') return `rpv: timed out${sent ? ` —${id}${sent}` : ''}\n`;
  if (event.reason === 'interrupted') return `rpv: interrupted${sent ? ` —${id}${sent}` : ''}\n`;
  return undefined;
}
