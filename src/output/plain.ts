// Plain mode: tokens straight to stdout as they arrive, everything else to stderr.
import { monotonicNow } from '../core/clock.js';
import type { JobEvent } from '../core/events.js';
import { neutralize } from '../core/sanitize.js';
import { formatDuration } from '../core/duration.js';
import type { CliIo } from '../core/io.js';
import { cancelledMessage, formatError, type TerminalEvent } from './outcome.js';
import { formatRetry, formatStats } from './stats.js';

/** Options of the plain renderer. */
export interface PlainOptions {
  raw: boolean;
  stats: boolean;
  quiet: boolean;
  /** With -n > 1 the choices are printed at the end, one after another. */
  choices: number;
  /** Write a reasoning model's reasoning to stderr (`--show-reasoning`); dropped otherwise. */
  showReasoning?: boolean;
  /**
   * stderr is a terminal though stdout is not (`rpv complete hi > out.txt`): say there when the
   * job waits in the queue for a while, and when it starts, so a cold start is not a silent wait.
   */
  queueNotes?: boolean;
}

/** How long a job waits in the queue before plain mode says so on a terminal's stderr. */
export const QUEUE_NOTE_MS = 2000;

/** The stderr note for a reply the worker cut at max_tokens while it was still reasoning. */
export function cutWhileReasoning(ev: Extract<JobEvent, { type: 'done' }>): string | undefined {
  const thought = ev.reasoning?.some((r) => r !== '') ?? false;
  if (!thought || ev.finishReasons?.[0] !== 'length' || ev.text !== '') return undefined;
  return 'rpv: the reply ended at the token limit while the model was still reasoning, before any answer\n  raise --max-tokens to leave room for the answer\n';
}

/** Several choices one after another, each ending in a newline, a blank line between them. */
function joinChoices(choices: string[]): string {
  return choices.map((c) => (c.endsWith('\n') ? c : `${c}\n`)).join('\n');
}

/** Writes a job's text to stdout exactly as generated; returns the terminal event. */
export async function renderPlain(
  events: AsyncIterable<JobEvent>,
  io: CliIo,
  opts: PlainOptions,
): Promise<TerminalEvent> {
  const clean = (t: string) => (opts.raw ? t : neutralize(t));
  // Whether the text on stdout stopped mid-line and no note has been written since.
  let midLine = false;
  const out = (t: string) => {
    if (t !== '') midLine = !t.endsWith('\n');
    if (!io.stdout.destroyed && !io.stdout.writableEnded) io.stdout.write(t);
  };
  // A note while the text stops mid-line starts on a line of its own: where stdout and stderr
  // share a terminal it would be glued to the text. stdout itself is left exactly as generated.
  const note = (t: string) => {
    if (opts.quiet) return;
    io.stderr.write(midLine ? `\n${t}` : t);
    midLine = false;
  };
  let last = '';
  const streamLive = opts.choices <= 1;
  let wrote = false;
  const finishLine = () => {
    if (wrote && !last.endsWith('\n')) out('\n');
  };
  // With -n > 1 nothing was streamed: what the choices got to before the end is still shown.
  const flushPartial = (partial: string[]) => {
    if (!streamLive && partial.some((t) => t !== '')) out(clean(joinChoices(partial)));
  };
  // Queue notes: one when the wait passes QUEUE_NOTE_MS, one when the job starts after that.
  let queue: { since: number; timer: ReturnType<typeof setTimeout>; noted: boolean } | 'over' | undefined;
  const stopQueueNote = () => {
    if (typeof queue === 'object') clearTimeout(queue.timer);
  };
  const onPhase = (phase: string) => {
    if (!opts.queueNotes) return;
    if (phase === 'queued' && queue === undefined) {
      const timer = setTimeout(() => {
        if (typeof queue === 'object') queue.noted = true;
        note(
          `rpv: in queue for ${formatDuration(QUEUE_NOTE_MS)}, waiting for a worker (a cold start can take minutes)\n`,
        );
      }, QUEUE_NOTE_MS);
      timer.unref?.();
      queue = { since: monotonicNow(), timer, noted: false };
    } else if (phase === 'generating' && typeof queue === 'object') {
      stopQueueNote();
      if (queue.noted) note(`rpv: generating (waited ${formatDuration(monotonicNow() - queue.since)} in the queue)\n`);
      queue = 'over';
    }
  };
  let thinking = false;
  const endThought = () => {
    if (thinking) io.stderr.write('\n');
    thinking = false;
  };
  try {
    for await (const ev of events) {
      switch (ev.type) {
        case 'status':
          onPhase(ev.phase);
          break;
        case 'reasoning':
          if (opts.showReasoning && ev.index === 0) {
            io.stderr.write(clean(ev.text));
            thinking = !ev.text.endsWith('\n');
          }
          break;
        case 'token':
          endThought();
          if (streamLive && ev.index === 0) {
            out(clean(ev.text));
            last = ev.text;
            wrote = true;
          }
          break;
        case 'retry':
          note(`rpv: ${formatRetry(ev, ev.delayMs)}\n`);
          break;
        case 'stall':
          note(`rpv: no output for ${formatDuration(ev.idleMs)}, still waiting\n`);
          break;
        case 'done': {
          endThought();
          if (opts.showReasoning && !streamLive && ev.reasoning?.some((r) => r !== '')) {
            io.stderr.write(clean(joinChoices(ev.reasoning)));
          }
          if (!streamLive) {
            out(clean(joinChoices(ev.choices)));
          } else if (!last.endsWith('\n')) {
            out('\n');
          }
          const cut = cutWhileReasoning(ev);
          if (cut) io.stderr.write(cut);
          if (opts.stats)
            io.stderr.write(
              `${formatStats(ev.timings, ev.usage, ev.retries, { cached: ev.cached, costUsd: ev.costUsd })}\n`,
            );
          return ev;
        }
        case 'error':
          endThought();
          finishLine();
          flushPartial(ev.partial);
          io.stderr.write(formatError(ev.error, ev.jobId));
          return ev;
        case 'cancelled': {
          endThought();
          finishLine();
          if (ev.reason !== 'pipe-closed') flushPartial(ev.partial);
          const msg = cancelledMessage(ev);
          if (msg) io.stderr.write(msg);
          return ev;
        }
        default:
          break;
      }
    }
    throw new Error('job event stream ended without a result');
  } finally {
    stopQueueNote();
  }
}
