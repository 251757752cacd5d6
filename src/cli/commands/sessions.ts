// `rpv sessions [list|show <name>|delete <name>|path]`: the saved chat conversations, so they
// can be found, read and removed without knowing where the data folder is.
import { rmSync } from 'node:fs';
import { NotFoundError, UsageError } from '../../core/errors.js';
import type { CliIo } from '../../core/io.js';
import { listSessions, loadSession, sessionFile, sessionsDir, type Session } from '../../data/sessions.js';

function turns(s: Session): number {
  return s.messages.filter((m) => m.role === 'user').length;
}

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').slice(0, 16);
}

function mustLoad(io: CliIo, name: string | undefined, action: string): Session {
  if (name === undefined)
    throw new UsageError(`rpv sessions ${action} needs a session name`, { hint: 'run `rpv sessions` to list them' });
  const s = loadSession(io.env, name);
  if (s === undefined)
    throw new NotFoundError(`no saved session "${name}"`, { hint: 'run `rpv sessions` to list them' });
  return s;
}

function list(io: CliIo, json: boolean): void {
  const all = listSessions(io.env);
  if (json) {
    io.stdout.write(
      `${JSON.stringify(all.map((s) => ({ name: s.name, updatedAt: s.updatedAt, turns: turns(s), endpoint: s.endpoint ?? null })))}\n`,
    );
    return;
  }
  if (all.length === 0) {
    io.stderr.write('rpv: no saved sessions yet: `rpv chat` saves one after every turn\n');
    return;
  }
  const width = Math.max(4, ...all.map((s) => s.name.length));
  io.stdout.write(`${'NAME'.padEnd(width)}  LAST USED         TURNS  ENDPOINT\n`);
  for (const s of all)
    io.stdout.write(
      `${s.name.padEnd(width)}  ${when(s.updatedAt).padEnd(16)}  ${String(turns(s)).padStart(5)}  ${s.endpoint ?? '-'}\n`,
    );
}

function show(io: CliIo, s: Session, json: boolean): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(s)}\n`);
    return;
  }
  if (s.system) io.stdout.write(`system: ${s.system}\n\n`);
  for (const m of s.messages) {
    if (m.role === 'system') continue;
    io.stdout.write(`${m.role === 'user' ? '> ' : ''}${m.content}${m.interrupted ? ' [interrupted]' : ''}\n\n`);
  }
}

/** Runs `rpv sessions`; returns the exit code. */
export async function runSessions(
  action: string | undefined,
  name: string | undefined,
  opts: { json?: boolean },
  io: CliIo,
): Promise<number> {
  const json = opts.json === true;
  switch (action ?? 'list') {
    case 'list':
      list(io, json);
      return 0;
    case 'show':
      show(io, mustLoad(io, name, 'show'), json);
      return 0;
    case 'delete': {
      const s = mustLoad(io, name, 'delete');
      rmSync(sessionFile(io.env, s.name), { force: true });
      io.stderr.write(`rpv: deleted session "${s.name}"\n`);
      return 0;
    }
    case 'path':
      io.stdout.write(`${name === undefined ? sessionsDir(io.env) : sessionFile(io.env, name)}\n`);
      return 0;
    default:
      throw new UsageError(`unknown sessions action "${action}": use list, show, delete or path`, {
        hint: 'run `rpv sessions --help`',
      });
  }
}
