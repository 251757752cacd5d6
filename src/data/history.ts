// Input history for the interactive chat (up/down), kept across runs. One JSON string a line
// so multi-line entries survive; owner-only because prompts can be private.
import path from 'node:path';
import { dataDir, type Env } from '../core/paths.js';
import { appendPrivate, readTextIfExists, writeFileAtomic } from '../core/private-fs.js';

/** How many entries are kept. */
export const HISTORY_LIMIT = 1000;

/** Where the history lives. */
export function historyFile(env: Env): string {
  return path.join(dataDir(env), 'history.jsonl');
}

function parse(text: string): string[] {
  const entries: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'string') entries.push(value);
    } catch {
      continue;
    }
  }
  return entries;
}

/** Past entries, oldest first, at most HISTORY_LIMIT; an unreadable file is an empty history. */
export function loadHistory(env: Env): string[] {
  let text: string | undefined;
  try {
    text = readTextIfExists(historyFile(env));
  } catch {
    return [];
  }
  return text === undefined ? [] : parse(text).slice(-HISTORY_LIMIT);
}

/** Adds an entry unless it is blank or repeats the last one; false when the disk refuses. */
export function appendHistory(env: Env, entry: string): boolean {
  if (entry.trim() === '') return true;
  try {
    const entries = loadHistory(env);
    if (entries[entries.length - 1] === entry) return true;
    const file = historyFile(env);
    if (entries.length >= HISTORY_LIMIT) {
      const kept = [...entries.slice(-(HISTORY_LIMIT - 1)), entry];
      writeFileAtomic(file, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
    } else {
      appendPrivate(file, `${JSON.stringify(entry)}\n`);
    }
    return true;
  } catch {
    return false;
  }
}
