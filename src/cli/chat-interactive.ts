// Wires the interactive chat view to the core: each turn is a native job (or an OpenAI-route
// request) over the conversation so far; the session and input history are saved as it goes.
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { JobEvent } from '../core/events.js';
import { runJob } from '../core/job.js';
import { runOpenAIJob } from '../core/openai-job.js';
import { buildNativeInput, buildOpenAIBody, buildRunBody, openAIPath, samplingParams } from '../core/request.js';
import { appendHistory, loadHistory } from '../data/history.js';
import { newSessionName, saveSession, type Session } from '../data/sessions.js';
import { commandContext } from './context.js';
import { journaled, rejectJobFlags, wantsColor } from './generate.js';
import { pickSession } from './commands/chat.js';
import { parsePolicyFlags, parseSamplingFlags } from './schemas.js';
import type { CliIo } from './io.js';

const FLAG_OF: Record<string, string> = {
  max_tokens: 'maxTokens',
  temperature: 'temperature',
  top_p: 'topP',
  top_k: 'topK',
  min_p: 'minP',
  stop: 'stop',
  repetition_penalty: 'repetitionPenalty',
  presence_penalty: 'presencePenalty',
  frequency_penalty: 'frequencyPenalty',
  seed: 'seed',
  n: 'n',
  best_of: 'bestOf',
};

/** Checks `/set <param> <value>` with the same rules as the flags. */
export function validateParam(name: string, value: string): { ok: true; name: string; value: unknown } | { ok: false; error: string } {
  const key = name.replace(/-/g, '_');
  const flag = FLAG_OF[key];
  if (!flag) {
    try {
      return { ok: true, name: key, value: JSON.parse(value) as unknown };
    } catch {
      return { ok: true, name: key, value };
    }
  }
  try {
    const parsed = parseSamplingFlags({ [flag]: key === 'stop' ? [value] : value });
    const params = samplingParams(parsed);
    return { ok: true, name: key, value: params[key] };
  } catch (err) {
    return { ok: false, error: asTyped((err as Error).message, flag, name) };
  }
}

/** The flag checks name the command-line flag (`--top-p must be ...`); /set names the parameter as typed. */
function asTyped(message: string, flag: string, typed: string): string {
  const kebab = flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const label = kebab.length === 1 ? `-${kebab}` : `--${kebab}`;
  return message.startsWith(`${label} `) ? `${typed}${message.slice(label.length)}` : message;
}

/** Where `/save <file>` writes: `~` and `~/...` are the home folder, like a shell would have it. */
export function transcriptPath(file: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  if (file === '~') return home;
  if (file.startsWith('~/')) return join(home, file.slice(2));
  return resolve(file);
}

function transcript(state: { system?: string; messages: { role: string; content: string; interrupted?: boolean }[] }): string {
  const parts: string[] = [];
  if (state.system) parts.push(`## system\n\n${state.system}`);
  for (const m of state.messages) parts.push(`## ${m.role}${m.interrupted ? ' (interrupted)' : ''}\n\n${m.content}`);
  return `${parts.join('\n\n')}\n`;
}

/** Runs the interactive chat; returns the exit code. */
export async function runInteractiveChat(opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const ctx = commandContext(opts, io);
  const sampling = parseSamplingFlags(opts, ctx.defaults);
  const { policy, webhook } = parsePolicyFlags(opts);
  const api = (opts.api as string | undefined) ?? (ctx.defaults.api as string | undefined) ?? 'native';
  if (api === 'openai') rejectJobFlags(opts);
  // Looked up on the first OpenAI-route turn when not given, then kept for the next turns.
  let model = (opts.model as string | undefined) ?? (ctx.defaults.model as string | undefined);
  const now = () => new Date().toISOString();
  const session: Session = pickSession(opts, io) ?? { name: newSessionName(), messages: [], createdAt: now(), updatedAt: now() };
  const system = (opts.system as string | undefined) ?? session.system ?? (ctx.defaults.system as string | undefined);
  const { runChatApp } = await import('../ui/chat/app.js');
  return runChatApp({
    io,
    markdown: opts.markdown !== false,
    color: wantsColor(io),
    system,
    messages: session.messages,
    sessionName: session.name,
    endpointLabel: ctx.endpoint,
    params: samplingParams(sampling),
    validateParam,
    sendTurn: ({ messages, params, signal }): AsyncIterable<JobEvent> => {
      if (api === 'openai') {
        return journaled(runOpenAIJob({
          client: ctx.client,
          path: openAIPath('messages'),
          body: (m) => {
            model = m;
            return { ...buildOpenAIBody({ messages, sampling, stream: true, model: m }), ...params };
          },
          model,
          stream: true,
          signal,
        }), ctx, io, 'chat', { messages }, 'openai', opts);
      }
      const input = buildNativeInput({ messages, sampling, stream: true });
      input.sampling_params = { ...(input.sampling_params as Record<string, unknown>), ...params };
      return journaled(
        runJob({ client: ctx.client, endpoint: ctx.endpoint, body: buildRunBody(input, policy, webhook), stream: true, signal }),
        ctx,
        io,
        'chat',
        { messages },
        'native',
        opts,
      );
    },
    history: {
      load: () => loadHistory(io.env),
      append: (entry) => {
        appendHistory(io.env, entry);
      },
    },
    save: async (state) => {
      session.system = state.system;
      session.messages = state.messages.map((m) => ({ ...m, at: m.at ?? now() }));
      session.updatedAt = now();
      saveSession(io.env, session);
    },
    writeTranscript: async (file, state) => {
      const path = transcriptPath(file ?? `${session.name}.md`, io.env);
      writeFileSync(path, transcript(state), { mode: 0o600 });
      return path;
    },
  });
}
