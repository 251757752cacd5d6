// The shared path of `complete` and one-shot `chat`: validate flags, build the request, pick
// the renderer once, run the job and turn its end into an exit code.
import { UsageError } from '../core/errors.js';
import type { JobEvent } from '../core/events.js';
import { runJob } from '../core/job.js';
import { runOpenAIJob } from '../core/openai-job.js';
import {
  buildNativeInput,
  buildOpenAIBody,
  buildRunBody,
  openAIPath,
  type ChatMessage,
} from '../core/request.js';
import { exitCodeOf, type TerminalEvent } from '../output/outcome.js';
import { generationRecord } from './record/plan.js';
import { renderPlain } from '../output/plain.js';
import { renderJson } from '../output/json.js';
import { renderJsonl } from '../output/jsonl.js';
import { commandContext, type CommandContext } from './context.js';
import { parsePolicyFlags, parseSamplingFlags } from './schemas.js';
import type { CliIo } from './io.js';

/** What to generate from: a prompt (`complete`) or a conversation (`chat`). */
export type GenerationInput = { prompt: string } | { messages: ChatMessage[] };

/** Output mode, decided once per run. */
export type OutputMode = 'live' | 'plain' | 'json' | 'jsonl';

/** Chooses the renderer: JSON flags first, then the terminal view only on a terminal. */
export function outputMode(opts: Record<string, unknown>, io: CliIo): OutputMode {
  if (opts.json) return 'json';
  if (opts.jsonl) return 'jsonl';
  return io.stdoutIsTTY ? 'live' : 'plain';
}

/** Whether colour is wanted on stdout (NO_COLOR / FORCE_COLOR honoured). */
export function wantsColor(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== '0';
  return io.stdoutIsTTY;
}

/** Records the job in the local record as its events pass by (the interactive chat's path). */
export function journaled(
  events: AsyncIterable<JobEvent>,
  ctx: Pick<CommandContext, 'endpoint' | 'baseUrl' | 'profile' | 'warn' | 'verbose' | 'defaults'>,
  io: CliIo,
  command: string,
  what: { prompt: string } | { messages: ChatMessage[] } = { prompt: '' },
  route: 'native' | 'openai' = 'native',
  opts: Record<string, unknown> = {},
): AsyncIterable<JobEvent> {
  return generationRecord(opts, io, ctx, { command, route, what }).wrap(events);
}

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
  opts: Record<string, unknown>,
  io: CliIo,
  choices: number,
): Promise<TerminalEvent> {
  if (mode === 'json') return renderJson(events, io, choices);
  if (mode === 'jsonl') return renderJsonl(events, io, choices);
  if (mode === 'live') {
    // Start the job (its /run request) while the view's modules load, then replay its first event.
    const startedAt = Date.now();
    const started = startEarly(events);
    const { renderLiveJob } = await import('../ui/live.js');
    return renderLiveJob(started, {
      io,
      markdown: opts.markdown !== false,
      color: wantsColor(io),
      showStats: true,
      startedAt,
    });
  }
  return renderPlain(events, io, {
    raw: Boolean(opts.raw),
    stats: Boolean(opts.stats),
    quiet: Boolean(opts.quiet),
    choices,
  });
}

const NO_JOB_FLAGS: readonly [key: string, flag: string, why: string][] = [
  ['detach', '--detach', 'the OpenAI route has no job ID'],
  ['executionTimeout', '--execution-timeout', 'the OpenAI route takes no job policy'],
  ['ttl', '--ttl', 'the OpenAI route takes no job policy'],
  ['lowPriority', '--low-priority', 'the OpenAI route takes no job policy'],
  ['webhook', '--webhook', 'the OpenAI route takes no job policy'],
];

/** Job-only flags would be silently dropped on the OpenAI route: refuse them before anything is sent. */
export function rejectJobFlags(opts: Record<string, unknown>): void {
  for (const [key, flag, why] of NO_JOB_FLAGS) {
    const v = opts[key];
    if (v !== undefined && v !== false) throw new UsageError(`${flag} does not work with --api openai (${why})`);
  }
}

/** Runs one generation job end to end; returns the exit code. */
export async function generate(
  what: GenerationInput,
  opts: Record<string, unknown>,
  io: CliIo,
  command: string,
  prebuilt?: CommandContext,
): Promise<number> {
  const result = await generateJob(what, opts, io, command, prebuilt);
  return result.code;
}

/** Like `generate`, but also hands back the terminal event (for chat sessions). */
export async function generateJob(
  what: GenerationInput,
  opts: Record<string, unknown>,
  io: CliIo,
  command: string,
  prebuilt?: CommandContext,
): Promise<{ code: number; terminal?: TerminalEvent }> {
  // Flags are checked before settings, so a bad flag is a usage error even without a key.
  parseSamplingFlags(opts);
  if (opts.api === 'openai') rejectJobFlags(opts);
  const { policy, webhook } = parsePolicyFlags(opts);
  const ctx = prebuilt ?? commandContext(opts, io);
  const sampling = parseSamplingFlags(opts, ctx.defaults);
  const stream = opts.stream !== false;
  const choices = sampling.n ?? 1;
  const api = (opts.api as string | undefined) ?? (ctx.defaults.api as string | undefined) ?? 'native';
  const mode = outputMode(opts, io);
  const openAIModel = api === 'openai' ? ((opts.model as string | undefined) ?? (ctx.defaults.model as string | undefined)) : undefined;
  const record = generationRecord(opts, io, ctx, { command, route: api === 'openai' ? 'openai' : 'native', model: openAIModel, what, sampling, cacheable: !opts.detach });
  const hit = await record.cacheHit();
  if (hit) {
    const terminal = await render(hit, mode, opts, io, choices);
    return { code: exitCodeOf(terminal), terminal };
  }

  if (api === 'openai') {
    rejectJobFlags(opts);
    const kind = 'prompt' in what ? 'prompt' : 'messages';
    const model = openAIModel;
    const events = record.wrap(runOpenAIJob({
      client: ctx.client,
      path: openAIPath(kind),
      body: (m: string) => buildOpenAIBody({ ...what, sampling, stream, model: m }),
      model,
      stream,
      signal: io.signal,
      deadline: ctx.deadline,
    }));
    const terminal = await render(events, mode, opts, io, choices);
    return { code: exitCodeOf(terminal), terminal };
  }

  const input = buildNativeInput({ ...what, sampling, stream });
  const body = buildRunBody(input, policy, webhook);

  if (opts.detach) {
    const reply = await ctx.client.run(body);
    const tee = record.wrap(
      (async function* (): AsyncGenerator<JobEvent> {
        yield { type: 'submitted', jobId: reply.id, endpoint: ctx.endpoint, at: Date.now() };
      })(),
    );
    for await (const _ of tee) void _;
    io.stdout.write(opts.json ? `${JSON.stringify({ id: reply.id, status: reply.status })}\n` : `${reply.id}\n`);
    return { code: 0 };
  }

  const events = record.wrap(
    runJob({
      client: ctx.client,
      endpoint: ctx.endpoint,
      body,
      stream,
      choices,
      signal: io.signal,
      deadline: ctx.deadline,
    }),
  );
  const terminal = await render(events, mode, opts, io, choices);
  return { code: exitCodeOf(terminal), terminal };
}
