// `rpv chat`: one turn for scripts (a message or piped stdin), the interactive chat when both
// ends are terminals. Conversations are saved after every turn.
import { UsageError } from '../../core/errors.js';
import type { ChatMessage } from '../../core/request.js';
import { latestSession, loadSession, newSessionName, saveSession, type Session } from '../../data/sessions.js';
import { commandContext } from '../context.js';
import { generateJob } from '../generate.js';
import type { CliIo } from '../io.js';
import { checkFlags, promptFrom } from './complete.js';

/** The session this run appends to, if any (`--session`, `--continue`). */
export function pickSession(opts: Record<string, unknown>, io: CliIo): Session | undefined {
  if (opts.session) {
    const name = String(opts.session);
    return loadSession(io.env, name) ?? { name, messages: [], createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() };
  }
  if (opts.continue) {
    const last = latestSession(io.env);
    if (!last) throw new UsageError('no saved conversation to continue', { hint: 'start one with: rpv chat' });
    return last;
  }
  return undefined;
}

/** The messages sent for one turn: system prompt, history, then the new message. */
export function turnMessages(system: string | undefined, history: ChatMessage[], message: string): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (system) out.push({ role: 'system', content: system });
  for (const m of history) if (m.role !== 'system') out.push({ role: m.role, content: m.content });
  out.push({ role: 'user', content: message });
  return out;
}

/** Runs `chat`. */
export async function runChat(args: unknown[], opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const words = (args[0] as string[] | undefined) ?? [];
  checkFlags(opts);
  const interactive = words.length === 0 && io.stdinIsTTY && io.stdoutIsTTY && !opts.json && !opts.jsonl;
  if (interactive) {
    const { runInteractiveChat } = await import('../chat-interactive.js');
    return runInteractiveChat(opts, io);
  }
  const message = await promptFrom(words, io);
  const ctx = commandContext(opts, io);
  const now = () => new Date().toISOString();
  const session: Session = pickSession(opts, io) ?? {
    name: newSessionName(),
    messages: [],
    createdAt: now(),
    updatedAt: now(),
  };
  const system = (opts.system as string | undefined) ?? session.system ?? (ctx.defaults.system as string | undefined);
  const messages = turnMessages(system, session.messages, message);
  const { code, terminal } = await generateJob({ messages }, opts, io, 'chat', ctx);
  const reply = terminal?.type === 'done' ? terminal.text : (terminal?.partial[0] ?? '');
  // A turn with no reply at all is not saved: the conversation must keep alternating user and
  // assistant, or chat templates reject every later turn. (The message is still in the shell.)
  if (terminal && !opts.detach && (terminal.type === 'done' || reply !== '')) {
    const jobId = terminal.jobId;
    session.system = system;
    session.messages.push({ role: 'user', content: message, at: now() });
    session.messages.push({
      role: 'assistant',
      content: reply,
      at: now(),
      ...(jobId ? { jobId } : {}),
      ...(terminal.type !== 'done' ? { interrupted: true } : {}),
    });
    session.updatedAt = now();
    try {
      saveSession(io.env, session);
    } catch (err) {
      if (!opts.quiet) io.stderr.write(`rpv: could not save the conversation: ${(err as Error).message}\n`);
    }
  }
  return code;
}
