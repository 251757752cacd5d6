// The last guard on a job's event stream: model text may echo the key, split anywhere across
// polls, so token deltas pass through a StreamRedactor per choice and the final texts are
// redacted whole. Wrap every event source whose text reaches output, the journal or a session.
import type { JobEvent } from './events.js';
import { makeRedactor, StreamRedactor } from './redact.js';

/** Yields `events` with every secret removed from token text and from the final texts. */
export async function* redactJobEvents(
  events: AsyncIterable<JobEvent>,
  secrets: readonly string[],
): AsyncGenerator<JobEvent> {
  const clean = makeRedactor(secrets);
  const perChoice = new Map<number, StreamRedactor>();
  const redactorOf = (index: number): StreamRedactor => {
    let r = perChoice.get(index);
    if (!r) perChoice.set(index, (r = new StreamRedactor(secrets)));
    return r;
  };
  for await (const ev of events) {
    if (ev.type === 'token') {
      const text = redactorOf(ev.index).push(ev.text);
      if (text) yield { ...ev, text };
      continue;
    }
    if (ev.type === 'done' || ev.type === 'error' || ev.type === 'cancelled') {
      for (const [index, r] of perChoice) {
        const rest = r.end();
        if (rest) yield { type: 'token', index, text: rest, at: ev.at };
      }
      perChoice.clear();
    }
    if (ev.type === 'done') yield { ...ev, text: clean(ev.text), choices: ev.choices.map(clean) };
    else if (ev.type === 'error' || ev.type === 'cancelled') yield { ...ev, partial: ev.partial.map(clean) };
    else yield ev;
  }
}
