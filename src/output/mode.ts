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
