// Runs the built `rpv` in a pseudo-terminal against an in-process emulator: one isolated home
// (config + data folders) per test, a fake key, and a virtual screen replaying the output so
// tests can read the last frame the way a person sees it. Everything is closed after each test.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { BIN, TEST_KEY, baseEnv, makeHome } from '../helpers/cli.js';
import { spawnPty, type PtyProcess } from '../helpers/pty.js';
import { VtScreen } from './vt-screen.js';

const DIST_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** The endpoint ID every tty test uses. */
const ENDPOINT = 'ep-tty';

/** One `rpv` process in a terminal. */
export interface TtyRun extends PtyProcess {
  /** The screen as it looks now (replays the raw output, resizes included). */
  grid(): VtScreen;
  /** Polls the screen until `check` holds (returns true); rejects after the timeout with the screen. */
  waitScreen(check: (screen: VtScreen) => boolean, what: string, timeoutMs?: number): Promise<VtScreen>;
  /** Types text, waits until the input box shows it, then presses Enter on its own. */
  send(text: string): Promise<void>;
}

/** A test's world: the emulator, the home folders and a way to start rpv. */
export interface TtyWorld {
  emulator: Emulator;
  home: ReturnType<typeof makeHome>;
  env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
  spawn(args: string[], opts?: { env?: Record<string, string | undefined>; cols?: number; rows?: number }): TtyRun;
}

const worlds: { emulator: Emulator; dispose: () => void }[] = [];

afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.emulator.close();
    w.dispose();
  }
});

/** Lets the chat's input parser see a key press on its own. */
const pause = (ms = 60) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function wrap(pty: PtyProcess, cols: number, rows: number): TtyRun {
  const resizes: { at: number; cols: number; rows: number }[] = [];
  const grid = () => {
    const screen = new VtScreen(cols, rows);
    const raw = pty.raw();
    let from = 0;
    for (const r of resizes) {
      screen.write(raw.slice(from, r.at));
      screen.resize(r.cols, r.rows);
      from = r.at;
    }
    screen.write(raw.slice(from));
    return screen;
  };
  const run: TtyRun = Object.assign(Object.create(null) as object, pty, {
    grid,
    resize(c: number, r: number) {
      resizes.push({ at: pty.mark(), cols: c, rows: r });
      pty.resize(c, r);
    },
    async waitScreen(check: (screen: VtScreen) => boolean, what: string, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const screen = grid();
        if (check(screen)) return screen;
        if (Date.now() > deadline)
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${screen.text()}`);
        await pause(25);
      }
    },
    async send(text: string) {
      pty.write(text);
      const echo = collapse(text).slice(-20);
      await run.waitScreen(
        (screen) => collapse(inputBox(screen).join(' ')).includes(echo),
        `"${text}" in the input box`,
      );
      pty.write('\r');
    },
  });
  return run;
}

/** Starts an emulator and a home for one test; both are closed after the test. */
export async function ttyWorld(options: EmulatorOptions = {}): Promise<TtyWorld> {
  if (!existsSync(DIST_MAIN)) throw new Error('dist/ is missing: run `npm run build` before the tty tests');
  const emulator = await startEmulator({ port: 0, tokenDelayMs: 5, ...options });
  const home = makeHome();
  worlds.push({ emulator, dispose: home.dispose });
  const env = (extra: Record<string, string | undefined> = {}) =>
    baseEnv({
      ...home.env,
      RUNPOD_API_KEY: TEST_KEY,
      RUNPOD_ENDPOINT_ID: ENDPOINT,
      RUNPOD_ENDPOINT_BASE_URL: emulator.baseUrl,
      TERM: 'xterm-256color',
      ...extra,
    });
  return {
    emulator,
    home,
    env,
    spawn(args, opts = {}) {
      const cols = opts.cols ?? 80;
      const rows = opts.rows ?? 24;
      const pty = spawnPty(process.execPath, [BIN, ...args], { env: env(opts.env), cols, rows });
      return wrap(pty, cols, rows);
    },
  };
}

/** The messages of the n-th /run job the emulator received (0-based). */
export function runMessages(emulator: Emulator, n: number): { role: string; content: string }[] {
  const input = emulator.jobs()[n]?.input as { messages?: { role: string; content: string }[] } | undefined;
  expect(input?.messages, `job ${n} has messages`).toBeDefined();
  return input?.messages ?? [];
}

/** The text the emulator generates (and streams) for the n-th job's input. */
export function replyOf(emulator: Emulator, n: number): string {
  return emulator.generate(emulator.jobs()[n]?.input)[0] ?? '';
}

/** Text with every run of whitespace (line breaks from wrapping included) made one space. */
export const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Everything the terminal holds, scrolled-off lines included, whitespace collapsed. */
export const allText = (screen: VtScreen) => collapse([...screen.scrollback, ...screen.lines()].join('\n'));

/** True when no reply is streaming: the chat's input box shows its idle placeholder. */
export const idle = (screen: VtScreen) => inputBox(screen).some((line) => line.includes('Send a message'));

/** The rows of the chat's input box (between its rounded corners), trimmed of the border. */
export function inputBox(screen: VtScreen): string[] {
  const lines = screen.lines();
  const top = lines.findLastIndex((l) => l.startsWith('╭'));
  const bottom = lines.findLastIndex((l) => l.startsWith('╰'));
  if (top < 0 || bottom < top) return [];
  return lines.slice(top + 1, bottom).map((l) => l.replace(/^│\s?/, '').replace(/\s*│$/, ''));
}
