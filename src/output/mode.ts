// The one place the output mode is picked: terminal view, plain text, JSON or JSON lines, and
// whether `rpv chat` is the interactive chat. Decided once per run from flags and terminal facts.
import type { CliIo } from '../core/io.js';

/** Output mode, decided once per run. */
export type OutputMode = 'live' | 'plain' | 'json' | 'jsonl';

/** Chooses the renderer: JSON flags first, then the terminal view only on a terminal. */
export function outputMode(flags: { json: boolean; jsonl: boolean }, io: Pick<CliIo, 'stdoutIsTTY'>): OutputMode {
  if (flags.json) return 'json';
  if (flags.jsonl) return 'jsonl';
  return io.stdoutIsTTY ? 'live' : 'plain';
}

/** Whether colour is wanted on stdout (NO_COLOR / FORCE_COLOR honoured). */
export function wantsColor(io: Pick<CliIo, 'env' | 'stdoutIsTTY'>): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== '0';
  return io.stdoutIsTTY;
}

/** `rpv chat` is the interactive chat when both ends are terminals, no message was given and no JSON is wanted. */
export function isInteractiveChat(
  words: readonly string[],
  flags: { json: boolean; jsonl: boolean },
  io: Pick<CliIo, 'stdinIsTTY' | 'stdoutIsTTY'>,
): boolean {
  return words.length === 0 && io.stdinIsTTY && io.stdoutIsTTY && !flags.json && !flags.jsonl;
}

/** TERM_PROGRAM values of terminals known to show OSC 8 hyperlinks. */
const HYPERLINK_PROGRAMS = new Set(['iTerm.app', 'WezTerm', 'vscode', 'ghostty', 'Tabby', 'rio']);

/**
 * Whether links are written as OSC 8 hyperlinks. Decided conservatively: never without colour
 * (NO_COLOR, a pipe) or with TERM=dumb; RPV_HYPERLINKS=0 or 1 forces it off or on; otherwise only
 * in terminals that say who they are (TERM_PROGRAM, VTE_VERSION >= 5000, WT_SESSION, kitty,
 * foot, ghostty), and not inside tmux or screen, which may not pass the sequence on.
 */
export function wantsHyperlinks(io: Pick<CliIo, 'env' | 'stdoutIsTTY'>): boolean {
  const env = io.env;
  if (!io.stdoutIsTTY || !wantsColor(io) || env.TERM === 'dumb') return false;
  if (env.RPV_HYPERLINKS === '0' || env.RPV_HYPERLINKS === '1') return env.RPV_HYPERLINKS === '1';
  if (env.TMUX || env.STY || /^(screen|tmux)/.test(env.TERM ?? '')) return false;
  if (HYPERLINK_PROGRAMS.has(env.TERM_PROGRAM ?? '')) return true;
  if (Number(env.VTE_VERSION ?? 0) >= 5000) return true;
  if (env.WT_SESSION || env.KITTY_WINDOW_ID) return true;
  return /^(xterm-kitty|xterm-ghostty|foot)/.test(env.TERM ?? '');
}
