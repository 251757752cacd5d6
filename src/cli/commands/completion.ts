// `rpv completion <bash|zsh|fish>` prints a completion script; `--names profiles|sessions` is
// what those scripts call while completing, to list the names that exist right now.
import { UsageError } from '../../core/errors.js';
import type { CliIo } from '../../core/io.js';
import { readConfig } from '../../config/store.js';
import { listSessions } from '../../data/sessions.js';
import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { zshScript } from '../completion/zsh.js';

const SCRIPTS: Record<string, () => string> = { bash: bashScript, zsh: zshScript, fish: fishScript };

function names(kind: string, io: CliIo): string[] {
  try {
    if (kind === 'profiles') return [...new Set(['default', ...Object.keys(readConfig(io.env).profiles)])];
    if (kind === 'sessions') return listSessions(io.env).map((s) => s.name);
  } catch {
    return [];
  }
  throw new UsageError(`--names takes profiles or sessions, not "${kind}"`);
}

/** Runs `rpv completion`; returns the exit code. */
export async function runCompletion(shell: string | undefined, opts: { names?: string }, io: CliIo): Promise<number> {
  if (opts.names !== undefined) {
    for (const n of names(opts.names, io)) io.stdout.write(`${n}\n`);
    return 0;
  }
  const script = shell === undefined ? undefined : SCRIPTS[shell];
  if (script === undefined) {
    throw new UsageError(
      shell === undefined
        ? 'rpv completion needs a shell: bash, zsh or fish'
        : `no completion for shell "${shell}": use bash, zsh or fish`,
      {
        hint: 'run `rpv completion --help` for how to install it',
      },
    );
  }
  io.stdout.write(script());
  return 0;
}
