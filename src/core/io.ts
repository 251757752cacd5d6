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

/** The real process's io; `signal` comes from main's signal handling. */
export function processIo(signal: AbortSignal): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    signal,
  };
}
