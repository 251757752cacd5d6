// Saved chat conversations, one JSON file each under <data>/sessions, so `rpv chat --session`
// and `--continue` can pick a conversation up again. Written atomically, owner-only.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, type Env } from '../core/paths.js';
import { ConfigError, UsageError } from '../core/errors.js';
import { readTextIfExists, writeFileAtomic } from '../core/private-fs.js';

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
  return data;
}

/** Saves (replaces) a session file atomically with mode 0600. */
export function saveSession(env: Env, session: Session): void {
  writeFileAtomic(sessionFile(env, session.name), `${JSON.stringify(session, null, 2)}\n`);
}

/** The saved session called `name`, or undefined when there is none. */
export function loadSession(env: Env, name: string): Session | undefined {
  const file = sessionFile(env, name);
  const text = readTextIfExists(file);
  return text === undefined ? undefined : parseSession(text, file);
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
      sessions.push(parseSession(text, file));
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
  return `${date}-${pad(now.getHours())}${pad(now.getMinutes())}-${randomBytes(2).toString('hex')}`;
}
