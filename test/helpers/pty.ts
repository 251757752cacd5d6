// Runs a command in a real pseudo-terminal (node-pty), so the program gets a terminal as a person
// would give it one: raw mode, a size and resizes, Ctrl-C as a key. What it writes is kept as
// written; test/tty/vt-screen.ts replays that onto a screen. Every terminal started here is killed
// after each test.
import { spawn, type IPty } from 'node-pty';
import { stripVTControlCharacters } from 'node:util';
import { afterEach } from 'vitest';

/** Where and how big the terminal is. */
export interface PtyOptions {
  env?: NodeJS.ProcessEnv;
  cols?: number;
  rows?: number;
  cwd?: string;
  /** Default timeout of waitFor / waitForExit (ms); 10 s unless set. */
  timeoutMs?: number;
  /**
   * Keep CI / CONTINUOUS_INTEGRATION / CI_* in the environment. Off by default: with those set,
   * Ink still writes finished text as it comes but draws its live area (status line, reply tail,
   * input box) only once, at exit, and ignores resizes, which a terminal user never sees.
   */
  keepCiEnv?: boolean;
}

/** A running command in a pseudo-terminal. */
export interface PtyProcess {
  pid: number;
  /**
   * Types into the terminal (`\r` is Enter, `\x03` Ctrl-C, `\x04` Ctrl-D). One write usually
   * reaches the program as one read, and the chat reads `text\r` as typed text then Enter but a
   * line break anywhere else as a paste (src/ui/chat/keymap.ts); to type and then press Enter
   * as a person does, wait for the echo before writing `\r` (test/tty's send()).
   */
  write(data: string): void;
  /**
   * Resolves with screen() once `pattern` appears in the ANSI-stripped output written after offset
   * `from` of the raw output (see mark()); rejects after the timeout, quoting the output.
   */
  waitFor(pattern: string | RegExp, timeoutMs?: number, from?: number): Promise<string>;
  /** Everything written so far, escape sequences removed: every frame ever drawn, not the screen. */
  screen(): string;
  /** Everything written so far, as written. */
  raw(): string;
  /** The raw output length now, to wait only for what comes next. */
  mark(): number;
  resize(cols: number, rows: number): void;
  /** The exit code (128 + n when killed by signal n). */
  exitCode: Promise<number>;
  /** Resolves the exit code, or rejects after the timeout. */
  waitForExit(timeoutMs?: number): Promise<number>;
  kill(signal?: string): void;
}

const live = new Set<PtyProcess>();

afterEach(() => {
  for (const p of [...live]) p.kill('SIGKILL');
  live.clear();
});

process.once('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

function tail(text: string): string {
  return text.length > 2000 ? `…${text.slice(-2000)}` : text;
}

/** Starts `cmd args` in a pseudo-terminal. */
export function spawnPty(cmd: string, args: string[] = [], options: PtyOptions = {}): PtyProcess {
  const defaultTimeout = options.timeoutMs ?? 10_000;
  const env: Record<string, string> = { TERM: 'xterm-256color' };
  for (const [name, value] of Object.entries(options.env ?? process.env)) {
    const ci = name === 'CI' || name === 'CONTINUOUS_INTEGRATION' || name.startsWith('CI_');
    if (value !== undefined && (options.keepCiEnv || !ci)) env[name] = value;
  }
  const term: IPty = spawn(cmd, args, {
    name: env.TERM ?? 'xterm-256color',
    cols: options.cols ?? 80,
    rows: options.rows ?? 24,
    cwd: options.cwd ?? process.cwd(),
    env,
  });
  let output = '';
  let exited = false;
  const watchers = new Set<() => void>();
  let lastDataAt = Date.now();
  term.onData((data) => {
    output += data;
    lastDataAt = Date.now();
    for (const watcher of [...watchers]) watcher();
  });
  const exitCode = new Promise<number>((resolve) => {
    term.onExit(({ exitCode: code, signal }) => {
      live.delete(handle);
      // node-pty can report the exit before it has delivered the last output: wait a little, and
      // until the output has been quiet for a moment (half a second at most), before saying so.
      const exitedAt = Date.now();
      const settle = (): void => {
        const now = Date.now();
        const quiet = now - exitedAt >= 50 && now - lastDataAt >= 60;
        if (!quiet && now - exitedAt < 500) {
          setTimeout(settle, 20);
          return;
        }
        exited = true;
        resolve(signal ? 128 + signal : code);
        for (const watcher of [...watchers]) watcher();
      };
      settle();
    });
  });

  const handle: PtyProcess = {
    pid: term.pid,
    write: (data) => term.write(data),
    screen: () => stripVTControlCharacters(output),
    raw: () => output,
    mark: () => output.length,
    resize: (cols, rows) => term.resize(cols, rows),
    exitCode,
    waitFor(pattern, timeoutMs = defaultTimeout, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!matches(stripVTControlCharacters(output.slice(from)), pattern)) {
            if (exited)
              finish(new Error(`process exited before ${String(pattern)} appeared:\n${tail(handle.screen())}`));
            return;
          }
          finish();
        };
        const timer = setTimeout(
          () =>
            finish(
              new Error(`timed out after ${timeoutMs} ms waiting for ${String(pattern)}:\n${tail(handle.screen())}`),
            ),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          clearTimeout(timer);
          watchers.delete(check);
          if (error) reject(error);
          else resolve(handle.screen());
        };
        watchers.add(check);
        check();
      });
    },
    waitForExit(timeoutMs = defaultTimeout) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`process did not exit within ${timeoutMs} ms:\n${tail(handle.screen())}`)),
          timeoutMs,
        );
      });
      return Promise.race([exitCode, timeout]).finally(() => clearTimeout(timer));
    },
    kill(signal = 'SIGTERM') {
      if (exited) return;
      try {
        term.kill(signal);
      } catch {
        // already gone
      }
    },
  };
  live.add(handle);
  return handle;
}
