// The process edges a command touches, passed in so tests can run commands in-process and so
// the terminal-vs-pipe decision is made once, here.
import type { Readable, Writable } from 'node:stream';

/** Streams, environment and terminal facts of one CLI run. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal: the live view may be used. */
  stdoutIsTTY: boolean;
  /** stdin is a terminal: never wait on it for a prompt. */
  stdinIsTTY: boolean;
  /** Aborted on SIGINT/SIGTERM (reason 'interrupted') or a closed stdout (reason 'pipe-closed'). */
  signal: AbortSignal;
}

/**
 * The one shape of a warning on stderr, `rpv: warning: <line>`, and none with -q. (Errors are
 * `rpv: <message>`; notes such as retries, `rpv: <note>`.)
 */
export function warnerFor(io: Pick<CliIo, 'stderr'>, quiet: boolean): (line: string) => void {
  return (line) => {
    if (!quiet) io.stderr.write(`rpv: warning: ${line}\n`);
  };
}

/** A terminal that cannot move its cursor (TERM=dumb: Emacs shell, some CI logs) is treated as a pipe. */
export function isDumbTerminal(env: NodeJS.ProcessEnv): boolean {
  return env.TERM === 'dumb';
}

/** The real process's io; `signal` comes from main's signal handling. */
export function processIo(signal: AbortSignal): CliIo {
  const dumb = isDumbTerminal(process.env);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY) && !dumb,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    signal,
  };
}
