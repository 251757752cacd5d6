// Saved chat conversations, one JSON file each under <data>/sessions, so `rpv chat --session`
// and `--continue` can pick a conversation up again. Written atomically, owner-only.
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, type Env } from '../core/paths.js';
import { ConfigError, UsageError } from '../core/errors.js';
import { withFileLock } from '../core/file-lock.js';
import { ensurePrivateDir, readTextIfExists, writeFileAtomic } from '../core/private-fs.js';

/** One turn of a conversation. */
export interface SessionMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** The answer was cut short (Ctrl-C, error) and holds only what had arrived. */
  interrupted?: boolean;
  /** A reasoning model's reasoning for this answer: kept, never sent back as the content. */
  reasoning?: string;
  jobId?: string;
  /** ISO time the message was added. */
  at: string;
}

/** A saved conversation. */
export interface Session {
  name: string;
  system?: string;
  messages: SessionMessage[];
  createdAt: string;
  updatedAt: string;
  endpoint?: string;
  model?: string;
  /** Sampling parameters set with /set in the chat, by vLLM name: `-c` and `--session` restore them. */
  params?: Record<string, unknown>;
}

const NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** The folder holding every session file. */
export function sessionsDir(env: Env): string {
  return path.join(dataDir(env), 'sessions');
}

/** Fails (usage error) unless `name` is safe to use as a file name. */
function assertSessionName(name: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw new UsageError(`invalid session name "${name}"`, {
      hint: 'use letters, digits, ".", "_" and "-" (not starting with ".")',
    });
  }
  return name;
}

/** The file a session is stored in. */
export function sessionFile(env: Env, name: string): string {
  return path.join(sessionsDir(env), `${assertSessionName(name)}.json`);
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['name'] === 'string' &&
    Array.isArray(v['messages']) &&
    typeof v['createdAt'] === 'string' &&
    typeof v['updatedAt'] === 'string'
  );
}

function parseSession(text: string, file: string): Session {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigError(`session file ${file} is not valid JSON`, { hint: 'fix or delete it' });
  }
  if (!isSession(data)) throw new ConfigError(`session file ${file} is not a saved chat session`);
  const bad = data.messages.findIndex((m) => !isMessage(m));
  if (bad !== -1) {
    throw new ConfigError(`session file ${file} has a message (number ${bad + 1}) without a role and text`, {
      hint: 'fix or delete it',
    });
  }
  const params: unknown = data.params;
  // Parameters that are not an object of fields are dropped, not sent.
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params)))
    delete data.params;
  return data;
}

function isMessage(value: unknown): value is SessionMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    (m['role'] === 'system' || m['role'] === 'user' || m['role'] === 'assistant') && typeof m['content'] === 'string'
  );
}

/** Saves (replaces) a session file atomically with mode 0600, under the session's lock. */
export function saveSession(env: Env, session: Session): void {
  const file = sessionFile(env, session.name);
  ensurePrivateDir(path.dirname(file));
  withFileLock(file, () => writeFileAtomic(file, `${JSON.stringify(session, null, 2)}\n`));
}

/**
 * Adds `added` to the session as it is on disk now, under its lock: turns another rpv saved
 * meanwhile are kept (parallel chats on one --session). Returns the session as saved.
 */
export function appendToSession(env: Env, session: Session, added: readonly SessionMessage[]): Session {
  const file = sessionFile(env, session.name);
  ensurePrivateDir(path.dirname(file));
  return withFileLock(file, () => {
    const text = readTextIfExists(file);
    const onDisk =
      text === undefined ? { ...session, messages: [] } : { ...parseSession(text, file), name: session.name };
    const next: Session = {
      ...onDisk,
      system: session.system,
      updatedAt: session.updatedAt,
      messages: [...onDisk.messages, ...added],
    };
    if (session.endpoint !== undefined) next.endpoint = session.endpoint;
    if (session.model !== undefined) next.model = session.model;
    if (session.params !== undefined) next.params = session.params;
    writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
    return next;
  });
}

/** The saved session called `name`, or undefined when there is none. */
export function loadSession(env: Env, name: string): Session | undefined {
  const file = sessionFile(env, name);
  const text = readTextIfExists(file);
  // The name is the file's: a copied file (`cp work.json branch.json`) is its own conversation.
  return text === undefined ? undefined : { ...parseSession(text, file), name };
}

/** Every readable saved session, most recently updated first (unreadable files skipped). */
export function listSessions(env: Env): Session[] {
  let names: string[];
  try {
    names = fs.readdirSync(sessionsDir(env));
  } catch {
    return [];
  }
  const sessions: Session[] = [];
  for (const entry of names) {
    if (!entry.endsWith('.json') || !NAME_PATTERN.test(entry.slice(0, -5))) continue;
    const file = path.join(sessionsDir(env), entry);
    try {
      const text = fs.readFileSync(file, 'utf8');
      sessions.push({ ...parseSession(text, file), name: entry.slice(0, -5) });
    } catch {
      continue;
    }
  }
  return sessions.sort((a, b) => (Date.parse(b.updatedAt) || 0) - (Date.parse(a.updatedAt) || 0));
}

/** The most recently updated session, for `rpv chat --continue`. */
export function latestSession(env: Env): Session | undefined {
  return listSessions(env)[0];
}

/** A fresh, sortable session name from the local time, e.g. 2026-11-27-0512-ab12. */
export function newSessionName(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const suffix = Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return `${date}-${pad(now.getHours())}${pad(now.getMinutes())}-${suffix}`;
}
