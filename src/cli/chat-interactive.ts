// Wires the interactive chat view to the core: each turn goes down the one generation path
// (startGeneration) with the conversation so far; the session and input history are saved as it goes.
import { writeFileSync } from 'node:fs';
import { cannotWrite } from '../core/fs-problem.js';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { JobEvent } from '../core/events.js';
import { validateParam } from '../core/flags/parse.js';
import type { ParsedFlags } from '../core/flags/values.js';
import { samplingParams } from '../core/request.js';
import { appendHistory, loadHistory } from '../data/history.js';
import { appendToSession, saveSession, type SessionMessage } from '../data/sessions.js';
import { keptParams, pickSession } from './chat-session.js';
import { commandContext } from './context.js';
import { rejectJobFlags, routeOf, startGeneration } from './generate.js';
import { wantsColor, wantsHyperlinks } from '../output/mode.js';
import type { CliIo } from '../core/io.js';
import type { ParamSource } from '../ui/chat/types.js';

/** Where `/save <file>` writes: `~` and `~/...` are the home folder, like a shell would have it. */
function transcriptPath(file: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  if (file === '~') return home;
  if (file.startsWith('~/')) return join(home, file.slice(2));
  return resolve(file);
}

function transcript(state: {
  system?: string;
  messages: { role: string; content: string; interrupted?: boolean }[];
}): string {
  const parts: string[] = [];
  if (state.system) parts.push(`## system\n\n${state.system}`);
  for (const m of state.messages) parts.push(`## ${m.role}${m.interrupted ? ' (interrupted)' : ''}\n\n${m.content}`);
  return `${parts.join('\n\n')}\n`;
}

/** Runs the interactive chat; returns the exit code. */
export async function runInteractiveChat(flags: ParsedFlags, io: CliIo): Promise<number> {
  if (flags.values.api === 'openai') rejectJobFlags(flags);
  const ctx = commandContext(flags, io);
  if (routeOf(flags, ctx) === 'openai') rejectJobFlags(flags);
  // Looked up on the first OpenAI-route turn when not given, then kept for the next turns.
  let model: string | undefined;
  const now = () => new Date().toISOString();
  const session = pickSession(flags.values, io);
  let saved: readonly SessionMessage[] = session.messages;
  const system = flags.values.system ?? session.system ?? (ctx.defaults.system as string | undefined);
  const { params, paramSources } = startingParams(flags, ctx, session.params);
  const named = flags.values.session !== undefined;
  const { runChatApp } = await import('../ui/chat/app.js');
  const code = await runChatApp({
    io,
    markdown: flags.values.markdown !== false,
    color: wantsColor(io),
    hyperlinks: wantsHyperlinks(io),
    system,
    messages: session.messages,
    sessionName: session.name,
    endpointLabel: ctx.endpoint,
    params,
    paramSources,
    named,
    validateParam,
    sendTurn: ({ messages, params, signal }): AsyncIterable<JobEvent> =>
      startGeneration({
        what: { messages },
        flags,
        ctx,
        io,
        command: 'chat',
        signal,
        stream: true,
        params,
        model,
        onModel: (m) => {
          model = m;
        },
      }),
    history: {
      load: () => loadHistory(io.env),
      append: (entry) => {
        appendHistory(io.env, entry);
      },
    },
    save: async (state) => {
      session.system = state.system;
      session.params = state.params;
      const next = state.messages.map((m) => ({ ...m, at: m.at ?? now() }));
      session.updatedAt = now();
      // New turns are appended to the file as it is now (a one-shot chat meanwhile keeps its turn);
      // only a rewrite of earlier turns (/clear, /retry) replaces the file.
      if (extendsSaved(saved, next)) appendToSession(io.env, session, next.slice(saved.length));
      else saveSession(io.env, { ...session, messages: next });
      session.messages = next;
      saved = next;
    },
    writeTranscript: async (file, state, overwrite) => {
      const path = transcriptPath(file ?? `${session.name}.md`, io.env);
      try {
        // 'wx' refuses an existing file in the same call that creates it: the chat then asks.
        writeFileSync(path, transcript(state), { mode: 0o600, flag: overwrite ? 'w' : 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && !overwrite) return { written: false, path };
        throw new Error(cannotWrite(path, error), { cause: error });
      }
      return { written: true, path };
    },
  });
  // One line on the way out: how to come back to this conversation.
  if (saved.length > 0 && !flags.common.quiet) {
    const how = named ? `rpv chat --session ${session.name}` : `rpv chat -c   (session ${session.name})`;
    io.stderr.write(`conversation saved · continue with: ${how}\n`);
  }
  return code;
}

/** The parameters of the first turn and where each comes from (flag > session > profile > default). */
function startingParams(
  flags: ParsedFlags,
  ctx: { sampling: ParsedFlags['sampling']; defaults: Record<string, unknown> },
  kept: Record<string, unknown> | undefined,
): { params: Record<string, unknown>; paramSources: Record<string, ParamSource> } {
  const params = samplingParams(ctx.sampling);
  const sources = flags.samplingSources(ctx.defaults);
  const paramSources: Record<string, ParamSource> = {};
  for (const name of Object.keys(params)) paramSources[name] = sources[name] ?? 'default';
  for (const [name, value] of Object.entries(keptParams(flags, ctx.defaults, kept))) {
    params[name] = value;
    paramSources[name] = 'session';
  }
  return { params, paramSources };
}

/** Whether `next` only adds turns after the ones last saved (so they can be appended). */
function extendsSaved(saved: readonly SessionMessage[], next: readonly SessionMessage[]): boolean {
  const key = (m: SessionMessage): string =>
    JSON.stringify([m.role, m.content, m.jobId ?? null, m.interrupted ?? false]);
  return saved.length <= next.length && saved.every((m, i) => key(m) === key(next[i]!));
}
