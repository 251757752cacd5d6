// Which saved conversation a chat run appends to, and the messages one turn sends. Shared by
// the one-shot chat and the interactive chat (neither imports the other).
import { UsageError } from '../core/errors.js';
import type { ParsedFlags } from '../core/flags/values.js';
import type { ChatMessage } from '../core/request.js';
import { latestSession, loadSession, newSessionName, type Session } from '../data/sessions.js';
import type { CliIo } from '../core/io.js';

/** The session this run appends to (`--session`, `--continue`), else a new one. */
export function pickSession(flags: { session?: string; continue?: boolean }, io: CliIo): Session {
  const now = new Date().toISOString();
  if (flags.session && flags.continue) {
    throw new UsageError('-c/--continue and --session cannot be combined', {
      hint: 'use --session <name> for that conversation, or -c for the most recent one',
    });
  }
  if (flags.session) {
    const name = flags.session;
    return loadSession(io.env, name) ?? { name, messages: [], createdAt: now, updatedAt: now };
  }
  if (flags.continue) {
    const last = latestSession(io.env);
    if (!last) throw new UsageError('no saved conversation to continue', { hint: 'start one with: rpv chat' });
    return last;
  }
  return { name: newSessionName(), messages: [], createdAt: now, updatedAt: now };
}

/** The messages sent for one turn: system prompt, history, then the new message. */
export function turnMessages(system: string | undefined, history: ChatMessage[], message: string): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (system) out.push({ role: 'system', content: system });
  for (const m of history) if (m.role !== 'system') out.push({ role: m.role, content: m.content });
  out.push({ role: 'user', content: message });
  return out;
}

/**
 * The /set parameters a saved conversation keeps (`-c`, `--session`), less any that a flag typed
 * now gives: a flag wins over the session, and the session over the profile and the defaults.
 */
export function keptParams(
  flags: ParsedFlags,
  defaults: Record<string, unknown>,
  kept: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const sources = flags.samplingSources(defaults);
  return Object.fromEntries(Object.entries(kept ?? {}).filter(([name]) => sources[name] !== 'flag'));
}
