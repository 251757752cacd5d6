// `--jsonl`: one JSON event a line as things happen, for programs that follow along.
import type { JobEvent } from '../core/events.js';
import type { CliIo } from '../core/io.js';
import { cancelledMessage, exitCodeOf, formatError, type TerminalEvent } from './outcome.js';
import { resultObject } from './json.js';

/** The JSON line for one event, or undefined for events not worth a line. */
function eventLine(ev: JobEvent, choices: number): Record<string, unknown> | undefined {
  switch (ev.type) {
    case 'submitted':
      return { event: 'submitted', id: ev.jobId, endpoint: ev.endpoint };
    case 'status':
      return {
        event: 'status',
        id: ev.jobId || null,
        status: ev.status,
        phase: ev.phase,
        workerId: ev.workerId ?? null,
      };
    case 'token':
      return { event: 'token', index: ev.index, text: ev.text };
    case 'reasoning':
      return { event: 'reasoning', index: ev.index, text: ev.text };
    case 'retry':
      return {
        event: 'retry',
        operation: ev.operation,
        retry: ev.retry,
        maxRetries: ev.maxRetries,
        delayMs: ev.delayMs,
        reason: ev.reason,
      };
    case 'stall':
      return { event: 'stall', idleMs: ev.idleMs };
    case 'workers':
      return { event: 'workers', idle: ev.idle, running: ev.running, initializing: ev.initializing };
    case 'usage':
      return undefined;
    case 'done':
      return { event: 'done', ...resultObject(ev, choices) };
    case 'error':
      return { event: 'error', ...resultObject(ev, choices), exitCode: exitCodeOf(ev) };
    case 'cancelled':
      return { event: 'error', ...resultObject(ev, choices), reason: ev.reason, exitCode: exitCodeOf(ev) };
  }
}

/** Writes each event as it happens; returns the terminal event. */
export async function renderJsonl(events: AsyncIterable<JobEvent>, io: CliIo, choices: number): Promise<TerminalEvent> {
  for await (const ev of events) {
    const line = eventLine(ev, choices);
    if (line && !io.stdout.destroyed) io.stdout.write(`${JSON.stringify(line)}\n`);
    if (ev.type === 'error') io.stderr.write(formatError(ev.error, ev.jobId));
    if (ev.type === 'cancelled') {
      const msg = cancelledMessage(ev);
      if (msg) io.stderr.write(msg);
    }
    if (ev.type === 'done' || ev.type === 'error' || ev.type === 'cancelled') return ev;
  }
  throw new Error('job event stream ended without a result');
}
