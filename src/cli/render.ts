// Feeds a job's events to the renderer output/mode.ts picked: the Ink live view on a terminal
// (loaded only then), else plain text, JSON or JSON lines from src/output.
import { monotonicNow } from '../core/clock.js';
import type { JobEvent } from '../core/events.js';
import type { ParsedFlags } from '../core/flags/values.js';
import type { TerminalEvent } from '../output/outcome.js';
import { renderPlain } from '../output/plain.js';
import { renderJson } from '../output/json.js';
import { renderJsonl } from '../output/jsonl.js';
import type { CliIo } from '../core/io.js';
import { wantsColor, wantsHyperlinks, type OutputMode } from '../output/mode.js';

/** Begins pulling `events` now; the returned iterable yields everything, the first event included. */
export function startEarly<T>(events: AsyncIterable<T>): AsyncIterable<T> {
  const it = events[Symbol.asyncIterator]();
  const first = it.next();
  first.catch(() => undefined);
  return {
    async *[Symbol.asyncIterator]() {
      try {
        let next = await first;
        while (!next.done) {
          yield next.value;
          next = await it.next();
        }
      } finally {
        await it.return?.();
      }
    },
  };
}

/** Renders a job's events in the chosen mode; returns the terminal event. */
export async function render(
  events: AsyncIterable<JobEvent>,
  mode: OutputMode,
  flags: ParsedFlags,
  io: CliIo,
  choices: number,
  jsonExtra?: Record<string, unknown>,
  /** What the terminal shows until the live view has loaded (a moment of Ink and React). */
  firstLine = 'submitting…',
): Promise<TerminalEvent> {
  if (mode === 'json') return renderJson(events, io, choices, jsonExtra);
  if (mode === 'jsonl') return renderJsonl(events, io, choices);
  if (mode === 'live') {
    // Start the job (its /run request) while the view's modules load, then replay its first event.
    const startedAt = monotonicNow();
    const started = startEarly(events);
    const color = wantsColor(io);
    const { renderLiveJob } = await import('../ui/job/live.js');
    return renderLiveJob(started, {
      io,
      firstLine,
      markdown: flags.values.markdown !== false,
      color,
      hyperlinks: wantsHyperlinks(io),
      showStats: true,
      startedAt,
      // With -n above 1 the later choices get a "choice k" title at the end; choice 1 streams
      // first, so its title goes on top before any text.
      ...(choices > 1 ? { title: 'choice 1' } : {}),
    });
  }
  return renderPlain(events, io, {
    raw: flags.common.raw,
    stats: flags.values.stats === true,
    quiet: flags.common.quiet,
    choices,
    showReasoning: flags.values.showReasoning === true,
    queueNotes: Boolean(io.stderr.isTTY),
  });
}
