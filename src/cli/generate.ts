// The one generation path: `complete`, one-shot `chat` and every interactive chat turn call
// `startGeneration`, which picks the route (native job or OpenAI route), builds the request,
// records the job in the local record and runs it (or answers it from the cache). `runGeneration`
// adds the renderer and exit code.
import { ExitCode, UsageError } from '../core/errors.js';
import { monotonicNow } from '../core/clock.js';
import type { JobEvent } from '../core/events.js';
import { labelOf, groupRows } from '../core/flags/index.js';
import type { ParsedFlags } from '../core/flags/values.js';
import { runJob } from '../core/job/native.js';
import { runOpenAIJob } from '../core/job/openai.js';
import { redactJobEvents } from '../core/redact-events.js';
import { buildNativeInput, buildOpenAIBody, buildRunBody, openAIPath, type ChatMessage } from '../core/request.js';
import { exitCodeOf, type TerminalEvent } from '../output/outcome.js';
import { commandContext, type CommandContext } from './context.js';
import { generationRecord, type GenerationRecord } from './record/plan.js';
import { askForUsage, learnGeneration } from './worker-facts.js';
import { outputMode } from '../output/mode.js';
import { render } from './render.js';
import type { CliIo } from '../core/io.js';

/** What to generate from: a prompt (`complete`) or a conversation (`chat`). */
export type GenerationInput = { prompt: string } | { messages: ChatMessage[] };

/** One generation to start. */
export interface Generation {
  what: GenerationInput;
  flags: ParsedFlags;
  ctx: CommandContext;
  io: CliIo;
  command: string;
  signal: AbortSignal;
  /** Epoch ms the job is cancelled at (`--timeout`); the interactive chat's turns have none. */
  deadline?: number;
  /** Overrides `--no-stream` (the interactive chat always streams). */
  stream?: boolean;
  /** Sampling fields set in the chat with `/set`, over the flags (vLLM names). */
  params?: Record<string, unknown>;
  /** The OpenAI route's model when known; `onModel` hears the one a lookup picked. */
  model?: string;
  onModel?: (model: string) => void;
}

/** Job-only flags would be silently dropped on the OpenAI route: refuse them before anything is sent. */
export function rejectJobFlags(flags: ParsedFlags): void {
  if (flags.values.detach)
    throw new UsageError(`--detach does not work with --api openai (the OpenAI route has no job ID)`);
  const policy = flags.policy;
  const given = [policy.executionTimeoutMs, policy.ttlMs, policy.lowPriority, flags.webhook];
  groupRows('policy').forEach((row, i) => {
    const v = given[i];
    if (v !== undefined && v !== false) {
      throw new UsageError(`${labelOf(row)} does not work with --api openai (the OpenAI route takes no job policy)`);
    }
  });
}

/** The route a run uses: the flag, else the profile's `api`, else native. */
export function routeOf(flags: ParsedFlags, ctx?: CommandContext): 'native' | 'openai' {
  return flags.values.api ?? (ctx?.defaults.api as 'native' | 'openai' | undefined) ?? 'native';
}

/** The record (and cache) of one generation, from its flags and the profile. */
function recordOf(g: Generation, route: 'native' | 'openai', model: string | undefined): GenerationRecord {
  const values = g.flags.withProfile(g.ctx.defaults).values;
  return generationRecord(values, g.io, g.ctx, {
    command: g.command,
    route,
    model,
    what: g.what,
    sampling: { ...g.ctx.sampling, ...(g.params ? { params: { ...g.ctx.sampling.params, ...g.params } } : {}) },
    cacheable: !g.flags.values.detach,
  });
}

/**
 * The job's events on the route the flags and profile pick (runJob's or runOpenAIJob's), with the
 * key redacted from model text before the record, the cache or any renderer sees it.
 */
function jobEvents(g: Generation, route: 'native' | 'openai', model: string | undefined): AsyncIterable<JobEvent> {
  return redactJobEvents(routeEvents(g, route, model), g.ctx.secrets);
}

/** The unredacted events of the chosen route. */
function routeEvents(g: Generation, route: 'native' | 'openai', model: string | undefined): AsyncIterable<JobEvent> {
  const { flags, ctx, what } = g;
  const sampling = ctx.sampling;
  const stream = g.stream ?? flags.values.stream !== false;
  if (route === 'openai') {
    return runOpenAIJob({
      client: ctx.client,
      path: openAIPath('prompt' in what ? 'prompt' : 'messages'),
      body: (m) => {
        g.onModel?.(m);
        return { ...buildOpenAIBody({ ...what, sampling, stream, model: m }), ...g.params };
      },
      model,
      stream,
      signal: g.signal,
      deadline: g.deadline,
    });
  }
  const input = buildNativeInput({ ...what, sampling, stream });
  if (g.params) input.sampling_params = { ...(input.sampling_params as Record<string, unknown>), ...g.params };
  const asked = askForUsage(input, stream, ctx, g.io);
  const job = runJob({
    client: ctx.client,
    endpoint: ctx.endpoint,
    body: buildRunBody(input, flags.policy, flags.webhook),
    stream,
    choices: sampling.n ?? 1,
    signal: g.signal,
    deadline: g.deadline,
  });
  return learnGeneration(job, ctx, g.io, asked);
}

/**
 * Starts one generation on the route the flags and profile pick, recorded as its events pass;
 * a deterministic request already answered is replayed from the cache and sends nothing.
 */
export function startGeneration(g: Generation): AsyncIterable<JobEvent> {
  const route = routeOf(g.flags, g.ctx);
  const model =
    route === 'openai' ? (g.model ?? g.flags.values.model ?? (g.ctx.defaults.model as string | undefined)) : undefined;
  const record = recordOf(g, route, model);
  return (async function* (): AsyncGenerator<JobEvent> {
    const hit = await record.cacheHit();
    yield* hit ?? record.wrap(jobEvents(g, route, model));
  })();
}

/** `--detach`: submit only, record the job, print its ID. */
async function detach(g: Generation): Promise<number> {
  const { ctx, io } = g;
  const input = buildNativeInput({ ...g.what, sampling: ctx.sampling, stream: g.flags.values.stream !== false });
  // Ctrl-C stops retries but not a /run already sent: its reply names a job that must not be lost.
  const reply = await ctx.client.run(buildRunBody(input, g.flags.policy, g.flags.webhook), {
    signal: AbortSignal.timeout(30_000),
    stopRetrying: io.signal,
  });
  const submitted = (async function* (): AsyncGenerator<JobEvent> {
    yield { type: 'submitted', jobId: reply.id, endpoint: ctx.endpoint, at: monotonicNow() };
  })();
  for await (const _ of recordOf(g, 'native', undefined).wrap(submitted)) void _;
  io.stdout.write(
    g.flags.values.json ? `${JSON.stringify({ id: reply.id, status: reply.status })}\n` : `${reply.id}\n`,
  );
  if (io.signal.aborted && io.signal.reason !== 'pipe-closed') {
    io.stderr.write(
      `rpv: interrupted; the job was submitted as ${reply.id} and runs on (stop it with: rpv cancel ${reply.id})\n`,
    );
    return ExitCode.interrupted;
  }
  return ExitCode.ok;
}

/** Runs one generation end to end in the chosen output mode; the exit code and terminal event. */
export async function runGeneration(
  what: GenerationInput,
  flags: ParsedFlags,
  io: CliIo,
  command: string,
  prebuilt?: CommandContext,
  jsonExtra?: Record<string, unknown>,
): Promise<{ code: number; terminal?: TerminalEvent }> {
  if (flags.values.detach && flags.common.jsonl) {
    throw new UsageError('--detach and --jsonl cannot be combined: a detached job has no events to follow', {
      hint: 'use --detach (optionally with --json), then `rpv status <id> --follow`',
    });
  }
  if (flags.values.api === 'openai') rejectJobFlags(flags);
  const ctx = prebuilt ?? commandContext(flags, io);
  if (routeOf(flags, ctx) === 'openai') rejectJobFlags(flags);
  const g: Generation = { what, flags, ctx, io, command, signal: io.signal, deadline: ctx.deadline };
  if (flags.values.detach) return { code: await detach(g) };
  const terminal = await render(
    startGeneration(g),
    outputMode(flags.common, io),
    flags,
    io,
    ctx.sampling.n ?? 1,
    jsonExtra,
  );
  return { code: exitCodeOf(terminal), terminal };
}
