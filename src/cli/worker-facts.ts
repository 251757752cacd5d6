// Exact usage on the proxy worker's native streams: `stream_options.include_usage` is added to
// `sampling_params` only once a job's output showed that the endpoint runs the proxy generation
// (a legacy worker FAILs on the unknown key). Each finished job teaches which generation answers.
import type { JobEvent } from '../core/events.js';
import { knownGeneration, rememberGeneration } from '../data/endpoint-facts.js';
import type { CommandContext } from './context.js';
import type { CliIo } from '../core/io.js';

type Where = Pick<CommandContext, 'endpoint' | 'baseUrl'>;

/** Adds the usage option to a streamed native input when the endpoint is known to run the proxy worker; true if added. */
export function askForUsage(input: Record<string, unknown>, stream: boolean, ctx: Where, io: CliIo): boolean {
  if (!stream || knownGeneration(io.env, ctx.baseUrl, ctx.endpoint) !== 'openai') return false;
  const sp = (input.sampling_params ?? {}) as Record<string, unknown>;
  if (sp.stream_options !== undefined) return false;
  input.sampling_params = { ...sp, stream_options: { include_usage: true } };
  return true;
}

/** Passes the events on and remembers the generation the job's output showed. */
export async function* learnGeneration(
  events: AsyncIterable<JobEvent>,
  ctx: Where,
  io: CliIo,
  sentOption: boolean,
): AsyncGenerator<JobEvent> {
  for await (const ev of events) {
    if (ev.type === 'done' && ev.generation) rememberGeneration(io.env, ctx.baseUrl, ctx.endpoint, ev.generation);
    if (ev.type === 'error' && sentOption && /stream_options/.test(ev.error.message)) {
      // The endpoint went back to a legacy worker: forget the option, and say so.
      rememberGeneration(io.env, ctx.baseUrl, ctx.endpoint, 'legacy');
      ev.error.hint =
        'the endpoint now runs a legacy worker; rpv will not send stream_options again, so run the command once more';
    }
    yield ev;
  }
}
