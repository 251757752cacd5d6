import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../src/core/errors.js';
import {
  appendToSession,
  latestSession,
  listSessions,
  loadSession,
  newSessionName,
  saveSession,
  sessionFile,
  sessionsDir,
  type Session,
} from '../../src/data/sessions.js';

let root: string;
let env: Record<string, string>;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rpv-sessions-'));
  env = { RPV_DATA_DIR: path.join(root, 'data') };
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function session(name: string, updatedAt: string): Session {
  return {
    name,
    system: 'be brief',
    messages: [
      { role: 'user', content: 'line one\nline two', at: '2026-01-01T00:00:00.000Z' },
      { role: 'assistant', content: 'partial', interrupted: true, jobId: 'job-1', at: '2026-01-01T00:00:01.000Z' },
    ],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt,
    endpoint: 'ep',
    model: 'm',
  };
}

describe('sessions', () => {
  it('round-trips a session through its file, owner-only, leaving no temp files', () => {
    const s = session('s1', '2026-01-02T00:00:00.000Z');
    saveSession(env, s);
    expect(loadSession(env, 's1')).toEqual(s);
    expect(fs.readdirSync(sessionsDir(env))).toEqual(['s1.json']);
    if (process.platform !== 'win32') {
      expect(fs.statSync(sessionFile(env, 's1')).mode & 0o777).toBe(0o600);
      expect(fs.statSync(sessionsDir(env)).mode & 0o777).toBe(0o700);
    }
    const changed = { ...s, messages: [...s.messages, { role: 'user' as const, content: 'more', at: 'x' }] };
    saveSession(env, changed);
    expect(loadSession(env, 's1')?.messages).toHaveLength(3);
  });

  it('returns undefined for a missing session and a config error for a corrupt one', () => {
    expect(loadSession(env, 'nope')).toBeUndefined();
    fs.mkdirSync(sessionsDir(env), { recursive: true });
    fs.writeFileSync(sessionFile(env, 'bad'), '{');
    expect(() => loadSession(env, 'bad')).toThrow(ConfigError);
  });

  it('finds the latest session by updatedAt and lists newest first, skipping junk', () => {
    saveSession(env, session('old', '2026-01-01T00:00:00.000Z'));
    saveSession(env, session('new', '2026-03-01T00:00:00.000Z'));
    saveSession(env, session('mid', '2026-02-01T00:00:00.000Z'));
    fs.writeFileSync(path.join(sessionsDir(env), 'junk.json'), 'not json');
    fs.writeFileSync(path.join(sessionsDir(env), 'notes.txt'), 'x');
    expect(latestSession(env)?.name).toBe('new');
    expect(listSessions(env).map((s) => s.name)).toEqual(['new', 'mid', 'old']);
  });

  it('has no latest session when none were saved', () => {
    expect(latestSession(env)).toBeUndefined();
    expect(listSessions(env)).toEqual([]);
  });

  it.each(['../evil', 'a/b', '', '.hidden', 'sp ace'])('rejects the name %j', (name) => {
    expect(() => loadSession(env, name)).toThrow(UsageError);
    expect(() => saveSession(env, session(name, 'x'))).toThrow(UsageError);
  });

  it('makes sortable, valid, distinct names from the local time', () => {
    const when = new Date(2026, 10, 27, 5, 12, 0);
    const a = newSessionName(when);
    const b = newSessionName(when);
    expect(a).toMatch(/^2026-11-27-0512-[0-9a-f]{4}$/);
    expect(sessionFile(env, a)).toContain(a);
    expect(new Set(Array.from({ length: 20 }, () => newSessionName(when))).size).toBeGreaterThan(1);
    expect(a.slice(0, 15)).toBe(b.slice(0, 15));
  });
});

describe('session parameters', () => {
  it('keeps the /set parameters through an append and a load; drops ones that are not an object', () => {
    const s = { ...session('p', '2026-01-02T00:00:00.000Z'), messages: [] };
    saveSession(env, s);
    const turn = session('p', '2026-01-03T00:00:00.000Z').messages;
    appendToSession(env, { ...s, params: { temperature: 0.2, seed: 7 } }, turn);
    expect(loadSession(env, 'p')?.params).toEqual({ temperature: 0.2, seed: 7 });
    appendToSession(env, s, turn);
    expect(loadSession(env, 'p')?.params).toEqual({ temperature: 0.2, seed: 7 });
    const file = sessionFile(env, 'p');
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...onDisk, params: [1, 2] }));
    expect(loadSession(env, 'p')?.params).toBeUndefined();
  });
});
