// `rpv chat`: one turn for scripts (a message or piped stdin), the interactive chat when both
// ends are terminals. Conversations are saved after every turn.
import type { ParsedFlags } from '../../core/flags/values.js';
import { appendToSession, type SessionMessage } from '../../data/sessions.js';
import { isInteractiveChat } from '../../output/mode.js';
import { keptParams, pickSession, turnMessages } from '../chat-session.js';
import { commandContext } from '../context.js';
import { runGeneration } from '../generate.js';
import type { CliIo } from '../../core/io.js';
import { promptFrom } from '../prompt.js';
import { fsProblem } from '../../core/fs-problem.js';

/** Runs `chat`. */
export async function runChat(args: unknown[], flags: ParsedFlags, io: CliIo): Promise<number> {
  const words = (args[0] as string[] | undefined) ?? [];
  if (isInteractiveChat(words, flags.common, io)) {
    const { runInteractiveChat } = await import('../chat-interactive.js');
    return runInteractiveChat(flags, io);
  }
  const message = await promptFrom(words, io, flags);
  const ctx = commandContext(flags, io);
  const now = () => new Date().toISOString();
  const session = pickSession(flags.values, io);
  const system = flags.values.system ?? session.system ?? (ctx.defaults.system as string | undefined);
  const messages = turnMessages(system, session.messages, message);
  const kept = keptParams(flags, ctx.defaults, session.params);
  if (Object.keys(kept).length > 0) ctx.sampling = { ...ctx.sampling, params: { ...ctx.sampling.params, ...kept } };
  // The JSON object names the session, so a script can continue it with --session.
  const { code, terminal } = await runGeneration({ messages }, flags, io, 'chat', ctx, { session: session.name });
  const reply = terminal?.type === 'done' ? terminal.text : (terminal?.partial[0] ?? '');
  // A turn with no reply at all is not saved: the conversation must keep alternating user and
  // assistant, or chat templates reject every later turn. (The message is still in the shell.)
  if (terminal && !flags.values.detach && (terminal.type === 'done' || reply !== '')) {
    const jobId = terminal.jobId;
    session.system = system;
    const turn: SessionMessage[] = [
      { role: 'user', content: message, at: now() },
      {
        role: 'assistant',
        content: reply,
        at: now(),
        ...(terminal.type === 'done' && terminal.reasoning?.[0] ? { reasoning: terminal.reasoning[0] } : {}),
        ...(jobId ? { jobId } : {}),
        ...(terminal.type !== 'done' ? { interrupted: true } : {}),
      },
    ];
    session.updatedAt = now();
    try {
      // Appended to the file as it is now: a parallel chat on the same session keeps its turns too.
      appendToSession(io.env, session, turn);
    } catch (err) {
      if (!flags.common.quiet) io.stderr.write(`rpv: warning: could not save the conversation: ${fsProblem(err)}\n`);
    }
  }
  return code;
}
