// A cached answer replayed as a job's event stream, so every renderer prints it exactly as it
// printed the original reply (same bytes in plain mode, at once in the live view).
import type { JobEvent } from '../../core/events.js';

/** The parts of a cached answer the replay needs. */
export interface ReplayAnswer {
  jobId?: string;
  text: string;
  choices: string[];
  usage: { promptTokens?: number; completionTokens?: number; estimated?: boolean };
}

/** Tokens (one per choice), usage, then a done event marked `cached`. */
export async function* cachedEvents(answer: ReplayAnswer, startedAt: number): AsyncGenerator<JobEvent> {
  const choices = answer.choices.length > 0 ? answer.choices : [answer.text];
  const at = Date.now();
  for (const [index, text] of choices.entries()) {
    if (text !== '') yield { type: 'token', index, text, at };
  }
  const usage = { ...answer.usage };
  yield { type: 'usage', usage, at };
  yield {
    type: 'done',
    jobId: answer.jobId ?? '',
    status: 'COMPLETED',
    text: answer.text,
    choices,
    usage,
    timings: { totalMs: Date.now() - startedAt },
    retries: 0,
    cached: true,
    at: Date.now(),
  };
}
